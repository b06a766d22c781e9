"""Offer pages: editor, availability, offer page, map; owner, member, blocked, anonymous."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import assert_same_404, client_for, make_member
from travel.hosting.models import Availability, HostOffer, StayRequest

from .conftest import ADDRESS_MARKER, make_offer


def form_data(**overrides):
    data = {
        "title": "Floor in a co-op",
        "place": "",
        "place__text": "",
        "address": "Somewhere 1",
        "exact_lat": "59.92",
        "exact_lon": "10.76",
        "kinds": ["floor", "meal"],
        "capacity": "3",
        "description": "",
        "animals": "",
        "smoking": "no",
        "accessibility": "",
        "languages": "",
        "status": "open",
        "visibility": "members",
    }
    data.update(overrides)
    return data


def test_it_creates_an_offer_with_the_nearest_city_and_a_stored_public_point(owner_client, owner):
    response = owner_client.post(reverse("hosting:offer_create"), form_data())
    offer = HostOffer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hosting:availability", args=[offer.public_id])
    assert offer.host == owner and offer.place.name == "Oslo"
    assert offer.kind_list == ["floor", "meal"]
    assert offer.public_lat is not None and offer.cell is not None


def test_the_editor_shows_the_map_the_inputs_and_no_circle_before_saving(owner_client):
    body = owner_client.get(reverse("hosting:offer_create")).content.decode()
    assert 'id="offer-editor-map"' in body
    assert 'name="exact_lat"' in body and 'name="exact_lon"' in body
    assert "hosting-editor.js" in body
    assert '"public"' not in body


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"exact_lat": "", "exact_lon": ""}, "This field is required"),
        ({"exact_lat": "123"}, "less than or equal to 89.9"),
        ({"kinds": []}, "This field is required"),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"exact_lat": "0.0", "exact_lon": "-30.0"}, "No city is known near that point"),
        ({"visibility": "collective"}, "Choose the collective"),
    ],
)
def test_bad_offer_input_is_a_clear_message_with_what_was_typed(owner_client, overrides, message):
    response = owner_client.post(
        reverse("hosting:offer_create"), form_data(title="Typed title", **overrides)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Typed title" in body
    assert not HostOffer.objects.exists()


def test_the_host_edits_and_sees_the_circle_others_see(owner_client, offer):
    url = reverse("hosting:offer_edit", args=[offer.public_id])
    body = owner_client.get(url).content.decode()
    assert ADDRESS_MARKER in body
    assert str(offer.public_lat) in body  # the circle's centre, for the map
    response = owner_client.post(
        url,
        form_data(title="Renamed", exact_lat=str(offer.exact_lat), exact_lon=str(offer.exact_lon)),
    )
    assert response.status_code == 302
    fresh = HostOffer.objects.get(pk=offer.pk)
    assert fresh.title == "Renamed"
    assert fresh.public_point == offer.public_point


@pytest.mark.parametrize("who", ["member", "blocked"])
def test_others_cannot_open_the_editor_or_the_availability(offer, who, request):
    client = client_for(request.getfixturevalue(who))
    for name in ("hosting:offer_edit", "hosting:availability"):
        assert client.get(reverse(name, args=[offer.public_id])).status_code == 404
    assert client.post(reverse("hosting:offer_delete", args=[offer.public_id])).status_code == 404
    assert HostOffer.objects.filter(pk=offer.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, offer):
    for url in (
        reverse("hosting:mine"),
        reverse("hosting:map"),
        reverse("hosting:offer_create"),
        reverse("hosting:offer_detail", args=[offer.public_id]),
        reverse("hosting:inbox_host"),
        reverse("hosting:inbox_sent"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_host_deletes_an_offer(owner_client, offer):
    response = owner_client.post(reverse("hosting:offer_delete", args=[offer.public_id]))
    assert response.status_code == 302
    assert not HostOffer.objects.exists()


def test_the_host_adds_merges_and_removes_nights(owner_client, owner, today):
    offer = make_offer(owner, days=0)
    url = reverse("hosting:availability", args=[offer.public_id])
    day = today + timedelta(days=3)
    owner_client.post(url, {"start": day.isoformat(), "end": (day + timedelta(days=4)).isoformat()})
    owner_client.post(
        url,
        {
            "start": (day + timedelta(days=5)).isoformat(),
            "end": (day + timedelta(days=9)).isoformat(),
        },
    )
    [window] = Availability.objects.filter(offer=offer)
    assert (window.start, window.end) == (day, day + timedelta(days=9))
    bad = owner_client.post(
        url, {"start": day.isoformat(), "end": (day - timedelta(days=1)).isoformat()}
    )
    assert bad.status_code == 400
    assert "cannot be before" in bad.content.decode()
    owner_client.post(
        reverse("hosting:availability_delete", args=[offer.public_id, window.public_id])
    )
    assert not Availability.objects.exists()


def test_a_member_sees_the_offer_page_with_the_public_point_only(member_client, offer, owner):
    response = member_client.get(reverse("hosting:offer_detail", args=[offer.public_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert offer.title in body and owner.name in body
    assert str(offer.public_lat) in body
    assert ADDRESS_MARKER not in body and str(offer.exact_lat) not in body
    assert 'class="calendar"' in body
    assert "Send request" in body


def test_the_offer_page_calendar_says_which_nights_are_free_or_full(member_client, owner, today):
    offer = make_offer(owner, capacity=1, days=20)
    from travel.hosting import services

    from .conftest import ask

    services.stay_request_accept(
        stay_request=ask(make_member(), offer, start=2, nights=1), by=owner
    )
    body = member_client.get(
        reverse("hosting:offer_detail", args=[offer.public_id])
    ).content.decode()
    assert "free, 1 place left" in body
    assert "full" in body
    assert "not available" in body


@pytest.mark.parametrize("state", ["blocked", "paused", "only_me", "connections"])
def test_hidden_offers_are_a_404_like_missing_ones(owner, member, blocked, state):
    offer = make_offer(owner)
    viewer = member
    if state == "blocked":
        viewer = blocked
    elif state == "paused":
        HostOffer.objects.filter(pk=offer.pk).update(status="paused")
    else:
        HostOffer.objects.filter(pk=offer.pk).update(visibility=state)
    client = client_for(viewer)
    assert_same_404(
        client.get(reverse("hosting:offer_detail", args=[offer.public_id])),
        client.get(reverse("hosting:offer_detail", args=[uuid.uuid4()])),
    )
    # The host still sees it.
    assert (
        client_for(owner).get(reverse("hosting:offer_detail", args=[offer.public_id])).status_code
        == 200
    )


def test_a_member_requests_a_stay_from_the_offer_page(member_client, member, offer, today):
    arrive = today + timedelta(days=4)
    response = member_client.post(
        reverse("hosting:offer_detail", args=[offer.public_id]),
        {
            "arrive": arrive.isoformat(),
            "depart": (arrive + timedelta(days=2)).isoformat(),
            "guests": "1",
            "message": "Hi, I'm on a union tour.",
        },
    )
    stay = StayRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hosting:request_detail", args=[stay.public_id])
    assert stay.traveller == member and stay.night_count == 2


@pytest.mark.parametrize(
    "change, message",
    [
        ({"guests": "3"}, "at most 2 guests"),
        ({"arrive_in": 90}, "outside the host"),
        ({"depart_before": True}, "Leave at least one day after"),
        ({"message": ""}, "This field is required"),
    ],
)
def test_a_bad_stay_request_re_renders_with_a_message(member_client, offer, today, change, message):
    arrive = today + timedelta(days=change.get("arrive_in", 4))
    depart = (
        arrive - timedelta(days=1) if change.get("depart_before") else arrive + timedelta(days=2)
    )
    data = {
        "arrive": arrive.isoformat(),
        "depart": depart.isoformat(),
        "guests": change.get("guests", "1"),
        "message": change.get("message", "Hello there, typed text"),
    }
    response = member_client.post(reverse("hosting:offer_detail", args=[offer.public_id]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StayRequest.objects.exists()


def test_the_host_gets_no_request_form_on_their_own_offer(owner_client, offer):
    url = reverse("hosting:offer_detail", args=[offer.public_id])
    assert "Send request" not in owner_client.get(url).content.decode()
    response = owner_client.post(
        url, {"arrive": "2030-01-01", "depart": "2030-01-02", "message": "x"}
    )
    assert response.status_code == 400
    assert not StayRequest.objects.exists()


def test_the_map_page_lists_nearby_offers_with_whole_km(member_client, offer, places):
    body = member_client.get(
        reverse("hosting:map") + f"?place={places('Oslo').pk}"
    ).content.decode()
    assert offer.title in body
    assert "km away" in body
    assert 'id="hosting-map"' in body and "hosting-map.js" in body
    assert ADDRESS_MARKER not in body


def test_my_offers_lists_only_mine_in_constant_queries(
    owner_client, owner, member, django_assert_max_num_queries
):
    for i in range(3):
        make_offer(owner, title=f"Mine {i}", days=0)
    make_offer(member, title="Not mine", days=0)
    # session, user, offers with places, pending count
    with django_assert_max_num_queries(6):
        body = owner_client.get(reverse("hosting:mine")).content.decode()
    assert "Mine 2" in body and "Not mine" not in body


def test_the_nav_links_to_hosting(member_client):
    body = member_client.get(reverse("hosting:map")).content.decode()
    assert 'href="/hosting/"' in body


def test_the_map_page_lists_in_constant_queries(
    member_client, owner, places, django_assert_max_num_queries
):
    from travel.hosting import services

    for i in range(5):
        make_offer(owner, title=f"Offer {i}", days=0)
        services.spot_create(
            added_by=owner,
            data={"name": f"Spot {i}", "lat": 59.92, "lon": 10.7 + i / 100, "kinds": ["tent"]},
        )
    url = reverse("hosting:map") + f"?place={places('Oslo').pk}"
    # session, user, the place, offers with hosts and places, spots, the member's trips
    # (for "along my route")
    with django_assert_max_num_queries(7):
        body = member_client.get(url).content.decode()
    assert body.count("about ") >= 10


def test_a_new_offer_is_shown_to_members_by_default(owner_client):
    html = owner_client.get("/hosting/offers/new/").content.decode()
    assert 'value="members" selected' in html or 'value="members" checked' in html
