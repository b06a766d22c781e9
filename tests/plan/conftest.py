"""The trip as a plan: a traveller (`member`) with a trip to Oslo and Malmö, and a host
(`owner`) with an offer in Oslo; the hosting markers say where P1 forbids the address."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.hosting.conftest import ADDRESS_MARKER, make_offer
from tests.trips.conftest import stop
from travel.trips.services import trip_create

__all__ = ["ADDRESS_MARKER", "make_offer"]


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def make_trip(traveller, places, *, start: date, days: int = 4, cities=("Oslo", "Malmö")):
    stops, day = [], start
    for name in cities:
        stops.append(stop(places(name), day, days))
        day += timedelta(days=days - 1)
    return trip_create(owner=traveller, title="To the south", stops=stops)


@pytest.fixture
def trip(member, places, today):
    """`member`'s trip: Oslo from in 10 days (4 days, 3 nights), then Malmö."""
    return make_trip(member, places, start=today + timedelta(days=10))


@pytest.fixture
def offer(owner, today):
    return make_offer(owner, today=today)
