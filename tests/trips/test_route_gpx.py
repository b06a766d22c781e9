"""GET /trips/{id}/route.gpx: every stop a waypoint and the route through them, visible
exactly as the trip is (a hidden trip is the same 404 as a missing one)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import gpxpy
from django.urls import reverse

from accounts.models import Visibility
from tests.conftest import assert_same_404
from tests.trips.conftest import stop
from travel.trips.services import trip_create


def url(trip_id) -> str:
    return reverse("trips:route_gpx", args=[trip_id])


def test_it_holds_every_stop_as_a_waypoint_and_the_route(owner_client, owner, places, today):
    d = today + timedelta(days=3)
    trip = trip_create(
        owner=owner,
        title="Rail south",
        stops=[
            stop(places("Oslo"), d, 3),
            stop(places("Malmö"), d + timedelta(days=2), 4, label="south Sweden"),
            stop(places("Denmark"), d + timedelta(days=5), 2, tentative=True),
        ],
    )
    response = owner_client.get(url(trip.public_id))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/gpx+xml")
    assert response["Content-Disposition"] == 'attachment; filename="rail-south.gpx"'
    document = gpxpy.parse(response.content.decode())
    assert document.name == "Rail south"
    assert [w.name for w in document.waypoints] == ["1. Oslo", "2. south Sweden", "3. Denmark"]
    oslo = places("Oslo")
    assert (document.waypoints[0].latitude, document.waypoints[0].longitude) == (
        oslo.lat,
        oslo.lon,
    )
    # The whole-country stop sits at the country's centre, somewhere in Denmark.
    assert 54 < document.waypoints[2].latitude < 58
    assert 8 < document.waypoints[2].longitude < 13
    [route] = document.routes
    assert [p.name for p in route.points] == [w.name for w in document.waypoints]


def test_a_member_sees_the_route_of_a_trip_shared_with_members(member_client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    assert member_client.get(url(trip.public_id)).status_code == 200


def test_a_hidden_trip_is_the_same_404_as_a_missing_one(member_client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.ONLY_ME)
    hidden = member_client.get(url(trip.public_id))
    missing = member_client.get(url(uuid.uuid4()))
    assert_same_404(hidden, missing)


def test_a_blocked_member_gets_the_404_too(blocked_client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    assert blocked_client.get(url(trip.public_id)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    response = client.get(url(trip.public_id))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
