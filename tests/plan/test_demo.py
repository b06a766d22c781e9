"""load_demo shows the plan alive: an accepted stay on a stop, a pending offer to host,
a reference, an organizer with answers, a moderator; twice gives the same community."""

from __future__ import annotations

import io

from django.core.management import call_command

from accounts.models import Reference, User
from tests.conftest import client_for
from travel.hosting.models import StayRequest
from travel.meetups.models import RSVP
from travel.trips.models import Trip


def test_the_demo_shows_every_part_of_the_plan(db):
    for _ in range(2):
        call_command("load_demo", stdout=io.StringIO())
    ada = User.objects.get(email="ada@demo.stopover.test")
    trip = Trip.objects.filter(owner=ada).order_by("starts").first()
    assert StayRequest.objects.filter(stop__trip=trip, status="accepted").count() == 1
    assert (
        StayRequest.objects.filter(stop__trip=trip, status="invited", direction="invite").count()
        == 1
    )
    assert Reference.objects.filter(occasion__startswith="stay:").count() == 1
    maja = User.objects.get(email="maja@demo.stopover.test")
    assert RSVP.objects.filter(meetup__organizer=maja).exclude(user=maja).exists()
    assert User.objects.get(email="noor@demo.stopover.test").is_staff
    plans = [s["plan"] for s in client_for(ada).get(f"/api/trips/{trip.public_id}").json()["stops"]]
    assert {p["stay"]["status"] for p in plans if p["stay"]} >= {"accepted", "invited"}
    sindre = User.objects.get(email="sindre@demo.stopover.test")
    assert "References to write" in client_for(sindre).get("/dashboard/").content.decode()
    assert "You organise" in client_for(maja).get("/dashboard/").content.decode()
