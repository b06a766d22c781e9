from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar

from accounts.models import Visibility
from tests.trips.conftest import stop
from travel.trips.services import trip_calendar_token_reset, trip_create, trip_update


def _events(content: bytes):
    return [c for c in Calendar.from_ical(content).walk() if c.name == "VEVENT"]


def test_the_export_round_trips_dates_names_and_status(owner_client, owner, places, today):
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
    response = owner_client.get(reverse("trips:ical", args=[trip.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    got = [
        (
            str(e["SUMMARY"]),
            e["DTSTART"].dt,
            e["DTEND"].dt,
            str(e["STATUS"]),
        )
        for e in events
    ]
    assert got == [
        ("Oslo", d, d + timedelta(days=3), "CONFIRMED"),
        ("south Sweden", d + timedelta(days=2), d + timedelta(days=6), "CONFIRMED"),
        ("Denmark", d + timedelta(days=5), d + timedelta(days=7), "TENTATIVE"),
    ]
    # All-day events: dates, not date-times; DTEND is the day after departure.
    assert type(events[0]["DTSTART"].dt).__name__ == "date"
    assert "Malmö" in str(events[1]["LOCATION"])
    assert Calendar.from_ical(response.content)["X-WR-CALNAME"] == "Rail south"


def test_uids_are_stable_per_stop(owner_client, owner, make_trip):
    trip = make_trip(owner)
    url = reverse("trips:ical", args=[trip.public_id])
    before = [str(e["UID"]) for e in _events(owner_client.get(url).content)]
    first = trip.stops.first()
    trip_update(trip=trip, fields={"title": "Renamed"})
    after = [str(e["UID"]) for e in _events(owner_client.get(url).content)]
    assert before == after and str(first.public_id) in before[0]
    assert len(set(before)) == 2


def test_the_private_feed_works_without_signing_in(client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.ONLY_ME)
    response = client.get(reverse("trips:calendar_feed", args=[trip.calendar_token]))
    assert response.status_code == 200 and len(_events(response.content)) == 2
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_token_is_a_404(client, owner, make_trip):
    make_trip(owner)
    assert client.get(reverse("trips:calendar_feed", args=["not-the-token"])).status_code == 404


def test_resetting_the_token_invalidates_the_old_feed(owner_client, client, owner, make_trip):
    trip = make_trip(owner)
    old = reverse("trips:calendar_feed", args=[trip.calendar_token])
    response = owner_client.post(reverse("trips:calendar_reset", args=[trip.public_id]))
    assert response.status_code == 302
    trip.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(reverse("trips:calendar_feed", args=[trip.calendar_token])).status_code == 200


def test_only_the_owner_can_reset_the_token(member_client, client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    token = trip.calendar_token
    url = reverse("trips:calendar_reset", args=[trip.public_id])
    assert member_client.post(url).status_code == 404
    assert client.post(url).status_code == 302  # to sign in
    trip.refresh_from_db()
    assert trip.calendar_token == token


def test_a_suspended_owners_feed_stops(client, owner, make_trip):
    trip = make_trip(owner)
    owner.is_suspended = True
    owner.save(update_fields=["is_suspended"])
    assert client.get(reverse("trips:calendar_feed", args=[trip.calendar_token])).status_code == 404


def test_the_reset_service_gives_a_fresh_token(owner, make_trip):
    trip = make_trip(owner)
    tokens = {trip.calendar_token, trip_calendar_token_reset(trip=trip)}
    assert len(tokens) == 2
