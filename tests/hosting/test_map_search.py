"""Find a host on the map: the map's box on public points, open nights, kinds, guests,
a corridor along a leg of a trip; list and map from one search; bad input is a 400."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import make_member
from tests.hosting.conftest import ask, make_offer
from tests.trips.conftest import stop
from travel.hosting import services
from travel.trips.services import trip_create

RESULTS = reverse("hosting:map_results")
OSLO_BOX = "10.5,59.8,11.0,60.05"


@pytest.fixture
def hosts(db, today):
    """Three Oslo offers: a sofa open now, a hammock open from day 10, a full bed."""
    sofa = make_offer(make_member(display_name="Sofa Host"), today=today, kinds=["sofa"])
    hammock = make_offer(
        make_member(display_name="Hammock Host"), today=today, days=0, kinds=["hammock", "tent"]
    )
    services.availability_add(
        offer=hammock, start=today + timedelta(days=10), end=today + timedelta(days=40)
    )
    bed = make_offer(make_member(display_name="Bed Host"), today=today, kinds=["bed"], capacity=1)
    request = ask(make_member(), bed, today=today, start=5, nights=3)
    services.stay_request_accept(stay_request=request, by=bed.host, today=today)
    return {"sofa": sofa, "hammock": hammock, "bed": bed}


def search(client, **params):
    params.setdefault("bbox", OSLO_BOX)
    return client.get(RESULTS, params)


def titles(response) -> set[str]:
    return {o["id"] for o in response.json()["offers"]}


def ids(*offers) -> set[str]:
    return {str(o.public_id) for o in offers}


def test_it_finds_every_open_offer_in_the_box(member_client, hosts):
    assert titles(search(member_client)) == ids(*hosts.values())


def test_it_returns_only_offers_open_on_every_chosen_night(member_client, hosts, today):
    nights = {
        "start": (today + 5).isoformat() if False else (today + timedelta(days=5)).isoformat(),
        "end": (today + timedelta(days=7)).isoformat(),
    }
    # The hammock opens on day 10; the bed is full (capacity 1) on nights 5-7.
    assert titles(search(member_client, **nights)) == ids(hosts["sofa"])
    later = {
        "start": (today + timedelta(days=12)).isoformat(),
        "end": (today + timedelta(days=14)).isoformat(),
    }
    assert titles(search(member_client, **later)) == ids(*hosts.values())
    # A night outside the hammock's window (day 9) rules it out.
    across = {
        "start": (today + timedelta(days=9)).isoformat(),
        "end": (today + timedelta(days=11)).isoformat(),
    }
    assert ids(hosts["hammock"]) - titles(search(member_client, **across))


def test_it_returns_only_the_chosen_kinds(member_client, hosts):
    assert titles(search(member_client, kinds="hammock")) == ids(hosts["hammock"])
    assert titles(search(member_client, kinds="sofa,bed")) == ids(hosts["sofa"], hosts["bed"])


def test_dates_and_kinds_together(member_client, hosts, today):
    found = search(
        member_client,
        kinds="hammock,bed",
        start=(today + timedelta(days=5)).isoformat(),
        end=(today + timedelta(days=7)).isoformat(),
    )
    assert titles(found) == set()


def test_guests_need_room_on_every_night(member_client, hosts):
    assert titles(search(member_client, guests="2")) == ids(hosts["sofa"], hosts["hammock"])


def test_the_list_and_the_map_come_from_one_search_and_agree(member_client, hosts, today):
    for params in ({}, {"kinds": "sofa,hammock"}, {"guests": "2"}):
        body = search(member_client, **params).json()
        listed = set(re.findall(r'data-offer-id="([0-9a-f-]{36})"', body["html"]))
        assert listed == {o["id"] for o in body["offers"]}
        count = re.search(r"In view: hosts (\d+), spots (\d+)", body["html"])
        assert count and int(count.group(1)) == len(body["offers"])
        assert int(count.group(2)) == len(body["spots"])


def test_the_map_shows_public_points_only(member_client, hosts):
    body = search(member_client).json()
    for offer in body["offers"]:
        assert "59.913713" not in str(offer["lat"]) and "10.752713" not in str(offer["lon"])
    assert "Canarygatan" not in str(body)


def test_a_corridor_along_a_leg_keeps_what_is_near_the_route(
    member_client, member, places, today, hosts
):
    trip = trip_create(
        owner=member,
        title="South",
        stops=[
            stop(places("Oslo"), today + timedelta(days=3), 2),
            stop(places("Malmö"), today + timedelta(days=4), 2),
        ],
    )
    far = make_offer(make_member(), today=today, exact_lat=59.0, exact_lon=5.7)  # Stavanger
    near = make_offer(make_member(), today=today, exact_lat=58.35, exact_lon=11.93)  # on the way
    found = member_client.get(RESULTS, {"leg": f"{trip.public_id}:0", "within_km": "30"})
    assert found.status_code == 200
    got = titles(found)
    assert ids(near) <= got and not ids(far) & got
    assert ids(hosts["sofa"]) <= got  # Oslo itself is on the leg


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "11,60,10,59"}, "bbox"),  # inverted
        ({"bbox": "-180,-90,180,90"}, "bbox"),  # enormous
        ({"bbox": "nan,59,11,60"}, "bbox"),
        ({"bbox": "10,59,11"}, "bbox"),
        ({"bbox": ""}, "bbox"),
        ({"kinds": "sofa,castle"}, "kinds"),
        ({"start": "2030-05-10", "end": "2030-05-08"}, "end"),  # wrong order
        ({"start": "2030-05-10", "end": "2030-05-10"}, "end"),
        ({"start": "2030-05-10"}, "end"),
        ({"start": "10.05.2030", "end": "2030-05-12"}, "start"),
        ({"start": "2030-05-01", "end": "2030-07-01"}, "end"),  # too many nights
        ({"guests": "0"}, "guests"),
        ({"guests": "many"}, "guests"),
        ({"leg": "not-a-trip:0"}, "leg"),
    ],
)
def test_bad_input_gets_a_400_with_a_message(member_client, db, params, field):
    params = {"bbox": OSLO_BOX, **params}
    response = member_client.get(RESULTS, params)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field and body["message"] and body["errors"][field]


def test_a_hidden_trips_leg_is_the_same_error_as_a_missing_one(member_client, owner, places, today):
    from accounts.models import Visibility

    hidden = trip_create(
        owner=owner,
        title="Secret",
        visibility=Visibility.ONLY_ME,
        stops=[
            stop(places("Oslo"), today + timedelta(days=3), 2),
            stop(places("Malmö"), today + timedelta(days=4), 2),
        ],
    )
    a = member_client.get(RESULTS, {"leg": f"{hidden.public_id}:0"})
    b = member_client.get(RESULTS, {"leg": "00000000-0000-0000-0000-000000000000:0"})
    assert a.status_code == b.status_code == 400
    assert a.json() == b.json()


def test_the_page_lists_results_without_javascript(member_client, hosts, places):
    page = member_client.get(reverse("hosting:map"), {"place": places("Oslo").pk, "kind": "sofa"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sofa near the river" in html and "In view: hosts 1" in html


def test_the_page_shows_a_bad_filter_as_a_400(member_client, hosts, places):
    page = member_client.get(
        reverse("hosting:map"),
        {"place": places("Oslo").pk, "start": "2030-05-10", "end": "2030-05-01"},
    )
    assert page.status_code == 400
    assert "after the day you arrive" in page.content.decode()


def test_signed_out_visitors_get_no_results(client, hosts):
    assert search(client).status_code == 302


def test_one_search_reads_a_fixed_number_of_queries(
    member_client, hosts, today, django_assert_max_num_queries
):
    params = {
        "start": (today + timedelta(days=12)).isoformat(),
        "end": (today + timedelta(days=14)).isoformat(),
    }
    # session, user, blocks/collectives for visibility, offers, availability, stays,
    # spots, adders for the list.
    with django_assert_max_num_queries(14):
        assert search(member_client, **params).status_code == 200
