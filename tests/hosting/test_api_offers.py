"""/api/offers: create, search by map box (public points), read, change, delete, nights."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.conftest import client_for
from travel.hosting.models import Availability, HostOffer

from .conftest import ADDRESS_MARKER, EXACT_LAT, EXACT_LON, ask, make_offer


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


PAYLOAD = {
    "title": "Hammock in the yard",
    "address": ADDRESS_MARKER,
    "exact_lat": EXACT_LAT,
    "exact_lon": EXACT_LON,
    "kinds": ["hammock", "tent"],
    "capacity": 2,
}


def test_it_creates_an_offer_and_shows_the_host_both_points(owner_client):
    response = post(owner_client, "/api/offers", PAYLOAD)
    assert response.status_code == 201, response.content
    body = response.json()
    offer = HostOffer.objects.get()
    assert body["id"] == str(offer.public_id)
    assert (body["lat"], body["lon"]) == offer.public_point
    assert body["exact"] == {"address": ADDRESS_MARKER, "lat": EXACT_LAT, "lon": EXACT_LON}
    assert body["city"]["name"] == "Oslo"


@pytest.mark.parametrize(
    "change, status, field",
    [
        ({"exact_lat": None}, 422, "exact_lat"),
        ({"kinds": ["castle"]}, 422, "kinds.0"),
        ({"kinds": []}, 422, "kinds"),
        ({"capacity": 0}, 422, "capacity"),
        ({"place_id": 999999999}, 400, "place_id"),
        ({"exact_lat": 0.0, "exact_lon": -30.0}, 400, "place"),
        ({"visibility": "collective"}, 400, "collective"),
    ],
)
def test_bad_offers_are_4xx_json_with_the_field(owner_client, change, status, field):
    data = {**PAYLOAD, **change}
    data = {k: v for k, v in data.items() if v is not None}
    response = post(owner_client, "/api/offers", data)
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert not HostOffer.objects.exists()


def test_anonymous_gets_401(client, offer):
    assert client.get("/api/offers?bbox=10,59,11,60").status_code == 401
    assert post(client, "/api/offers", PAYLOAD).status_code == 401
    assert client.get(f"/api/offers/{offer.public_id}").status_code == 401


def test_a_map_box_finds_offers_by_their_public_point(member_client, offer):
    lat, lon = offer.public_point
    box = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    found = member_client.get(f"/api/offers?bbox={box}").json()
    assert [o["id"] for o in found] == [str(offer.public_id)]
    assert found[0]["exact"] is None
    assert found[0]["fuzz_radius_m"] == 1000
    assert member_client.get(f"/api/offers?bbox={box}&kinds=hammock").json() == []
    assert len(member_client.get(f"/api/offers?bbox={box}&kinds=tent,shower").json()) == 1
    assert member_client.get(f"/api/offers?bbox={box}&kinds=castle").status_code == 400


def test_a_map_box_hides_blocked_paused_and_private_offers(owner, member, blocked, offer):
    box = "10.5,59.8,11.0,60.0"
    assert len(client_for(blocked).get(f"/api/offers?bbox={box}").json()) == 0
    HostOffer.objects.filter(pk=offer.pk).update(status="paused")
    assert client_for(member).get(f"/api/offers?bbox={box}").json() == []
    HostOffer.objects.filter(pk=offer.pk).update(status="open", visibility="only_me")
    assert client_for(member).get(f"/api/offers?bbox={box}").json() == []
    assert len(client_for(owner).get(f"/api/offers?bbox={box}").json()) == 1


@pytest.mark.parametrize(
    "bbox",
    ["", "1,2,3", "a,b,c,d", "11,59,10,60", "10,61,11,60", "-40,30,40,70", "nan,59,11,60"],
)
def test_bad_boxes_are_400_with_the_field(member_client, bbox):
    response = member_client.get(f"/api/offers?bbox={bbox}")
    assert response.status_code == 400
    assert response.json()["field"] == "bbox"


def test_the_box_search_runs_in_constant_queries(
    owner, member_client, django_assert_max_num_queries
):
    for i in range(6):
        make_offer(owner, title=f"Offer {i}", days=0)
    # session, user, offers joined with host and place (visibility as subqueries)
    with django_assert_max_num_queries(3):
        found = member_client.get("/api/offers?bbox=10.5,59.8,11.0,60.0").json()
    assert len(found) == 6


def test_mine_lists_my_offers_with_their_exact_points(owner_client, member_client, offer):
    mine = owner_client.get("/api/offers?mine=true").json()
    assert mine[0]["exact"]["address"] == ADDRESS_MARKER
    assert member_client.get("/api/offers?mine=true").json() == []


def test_one_offer_for_the_host_a_member_and_the_accepted_traveller(
    owner, owner_client, member, member_client, offer
):
    url = f"/api/offers/{offer.public_id}"
    assert owner_client.get(url).json()["exact"]["address"] == ADDRESS_MARKER
    assert member_client.get(url).json()["exact"] is None
    from travel.hosting import services

    services.stay_request_accept(stay_request=ask(member, offer, start=2), by=owner)
    assert member_client.get(url).json()["exact"]["address"] == ADDRESS_MARKER


def test_blocked_and_missing_offers_are_the_same_404(blocked_client, offer):
    hidden = blocked_client.get(f"/api/offers/{offer.public_id}")
    missing = blocked_client.get("/api/offers/00000000-0000-0000-0000-000000000000")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_the_host_patches_without_moving_the_public_point(owner_client, offer):
    response = patch(
        owner_client, f"/api/offers/{offer.public_id}", {"title": "New", "capacity": 3}
    )
    assert response.status_code == 200
    fresh = HostOffer.objects.get(pk=offer.pk)
    assert (fresh.title, fresh.capacity, fresh.public_point) == ("New", 3, offer.public_point)
    moved = patch(owner_client, f"/api/offers/{offer.public_id}", {"exact_lat": 59.95})
    assert (moved.json()["lat"], moved.json()["lon"]) != offer.public_point


def test_others_cannot_patch_or_delete(member_client, offer):
    assert patch(member_client, f"/api/offers/{offer.public_id}", {"title": "x"}).status_code == 404
    assert member_client.delete(f"/api/offers/{offer.public_id}").status_code == 404
    assert HostOffer.objects.get(pk=offer.pk).title == offer.title


def test_the_host_deletes(owner_client, offer):
    assert owner_client.delete(f"/api/offers/{offer.public_id}").status_code == 204
    assert not HostOffer.objects.exists()
    assert owner_client.get(f"/api/offers/{offer.public_id}").status_code == 404


def test_availability_endpoints(owner_client, member_client, owner, today):
    offer = make_offer(owner, days=0)
    url = f"/api/offers/{offer.public_id}/availability"
    start = today + timedelta(days=2)
    created = post(
        owner_client,
        url,
        {"start": start.isoformat(), "end": (start + timedelta(days=3)).isoformat()},
    )
    assert created.status_code == 201
    assert member_client.get(url).json() == [created.json()]
    bad = post(
        owner_client,
        url,
        {"start": start.isoformat(), "end": (start - timedelta(days=3)).isoformat()},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "end"
    assert (
        post(member_client, url, {"start": start.isoformat(), "end": start.isoformat()}).status_code
        == 404
    )
    window = created.json()["id"]
    assert member_client.delete(f"{url}/{window}").status_code == 404
    assert owner_client.delete(f"{url}/{window}").status_code == 204
    assert not Availability.objects.exists()


def test_a_nul_character_is_a_400_not_a_server_error(owner_client):
    response = post(owner_client, "/api/offers", {**PAYLOAD, "title": "Sofa\x00"})
    assert response.status_code == 400
    assert response.json()["field"] == "title"
    assert not HostOffer.objects.exists()
