"""Trips fixtures: a trip factory around the real service, a collective, a connection."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.services import connection_make
from tests.conftest import make_member
from travel.collectives.models import Collective, Membership
from travel.trips.services import StopInput, trip_create


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def stop(place, arrive: date, days: int = 3, **kw) -> StopInput:
    """A stop at `place` (a Place) from `arrive`, `days` calendar days long."""
    if place.kind == "country":
        kw.setdefault("country", place.country_code)
    else:
        kw.setdefault("place_id", place.pk)
    return StopInput(arrive=arrive, depart=arrive + timedelta(days=days - 1), **kw)


@pytest.fixture
def make_trip(places, today):
    """make_trip(owner, visibility=…, cities=["Oslo", …]) → a saved trip via the service."""

    def make(owner, *, cities=("Oslo", "Malmö"), start=None, days=3, **fields):
        start = start or today + timedelta(days=7)
        stops = []
        day = start
        for name in cities:
            stops.append(stop(places(name), day, days))
            day += timedelta(days=days - 1)  # next stop starts on the travel day
        fields.setdefault("title", "To the south")
        return trip_create(owner=owner, stops=stops, **fields)

    return make


@pytest.fixture
def collective(db, places, owner):
    """A collective the owner belongs to."""
    group = Collective.objects.create(name="Oslo Hacklab", home_place=places("Oslo"))
    Membership.objects.create(collective=group, user=owner)
    return group


@pytest.fixture
def comrade(db, collective):
    """A member of the owner's collective (no other tie to the owner)."""
    user = make_member("comrade@example.org", display_name="Cam Comrade")
    Membership.objects.create(collective=collective, user=user)
    return user


@pytest.fixture
def friend(db, owner):
    """A member connected to the owner (an accepted stay, say)."""
    user = make_member("friend@example.org", display_name="Fran Friend")
    connection_make(a=owner, b=user, reason="stay")
    return user
