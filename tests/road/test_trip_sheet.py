"""The offline trip sheet page (P12): the member's current and next trips with what they
may see online, and nothing else; never kept in a shared cache."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for, make_member
from tests.road.world import MALMO_ADDRESS, OSLO_ADDRESS, OTHER_VENUE, VENUE, build_road

SHEET = reverse("road:sheet")


@pytest.fixture
def road(db, places):
    return build_road()


def test_it_shows_stops_stays_contacts_meetups_and_spots(road):
    page = client_for(road.traveller).get(SHEET)
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "South by rail",
        "Back north",
        "Staying with Hanne Host",
        "@hanne:matrix.example.org",  # connections-only: the accepted stay connects them
        OSLO_ADDRESS,
        "Rail union evening",
        VENUE,
        "Europe/Oslo",
        "19:00",
        "Hammock trees by the fjord",
        "59.90750, 10.75000",
        "Last updated",
    ):
        assert text in html, text


def test_the_exact_address_shows_only_inside_the_reveal_window(road):
    html = client_for(road.traveller).get(SHEET).content.decode()
    assert OSLO_ADDRESS in html
    assert "Staying with Mats Malmö" in html
    assert MALMO_ADDRESS not in html
    assert "55.6051" not in html  # not even the exact point on the map data
    assert "from 7 days before you arrive" in html


def test_it_holds_no_venue_of_a_meetup_the_member_does_not_go_to(road):
    html = client_for(road.traveller).get(SHEET).content.decode()
    assert OTHER_VENUE not in html and "Other evening" not in html


def test_it_is_never_kept_in_a_shared_cache(road):
    page = client_for(road.traveller).get(SHEET)
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert "Cookie" in page["Vary"]


def test_another_member_sees_only_their_own_empty_sheet(road):
    html = client_for(make_member()).get(SHEET).content.decode()
    assert "You have no trip under way or coming up." in html
    for text in ("South by rail", OSLO_ADDRESS, VENUE, "Hanne Host"):
        assert text not in html


def test_the_host_does_not_get_the_travellers_sheet(road):
    html = client_for(road.host).get(SHEET).content.decode()
    assert "South by rail" not in html


def test_signed_out_visitors_are_sent_to_sign_in(client, road):
    response = client.get(SHEET)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_sheet_reads_a_fixed_number_of_queries(road, django_assert_max_num_queries):
    member = client_for(road.traveller)
    # session, user, trips + stops + places + topics, country centres (cached), stays,
    # contacts and exact address per stay, meet-ups (+ RSVP checks), spots, badges.
    with django_assert_max_num_queries(40):
        assert member.get(SHEET).status_code == 200


def test_a_stay_starting_on_a_travel_day_sits_under_the_stop_where_the_host_is(db, places):
    """Two stops share the travel day: the stay goes to the one nearest its host."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.hosting.conftest import make_offer
    from travel.hosting import services as hosting
    from travel.road.sheet import sheet_trips
    from travel.trips.services import StopInput, trip_create

    today = timezone.localdate()
    traveller, host = make_member(), make_member(display_name="Malmö Host")
    trip_create(
        owner=traveller,
        title="Over the bridge",
        stops=[
            StopInput(arrive=today, depart=today + timedelta(days=2), place_id=places("Oslo").pk),
            StopInput(
                arrive=today + timedelta(days=2),
                depart=today + timedelta(days=5),
                place_id=places("Malmö").pk,
            ),
        ],
    )
    offer = make_offer(host, today=today, exact_lat=55.6051, exact_lon=13.0038)
    request = hosting.stay_request_create(
        traveller=traveller,
        offer=offer,
        arrive=today + timedelta(days=2),
        depart=today + timedelta(days=4),
        guests=1,
        message="Hi",
        today=today,
    )
    hosting.stay_request_accept(stay_request=request, by=host, today=today)
    [trip] = sheet_trips(member=traveller, today=today)
    oslo, malmo = trip.stops
    assert oslo.stays == [] and [s.request for s in malmo.stays] == [request]
