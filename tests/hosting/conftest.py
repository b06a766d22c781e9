"""Hosting fixtures: an offer of `owner`'s with marker strings for the exact location,
available for the coming weeks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for, make_member
from travel.hosting import services
from travel.hosting.models import HostOffer, StayRequest

# Unique markers: they must never show up where P1 forbids.
ADDRESS_MARKER = "Canarygatan 7313 ZQX"
EXACT_LAT = 59.913713  # Oslo; the digits after the point are the marker
EXACT_LON = 10.752713
LAT_MARKER = "59.913713"
LON_MARKER = "10.752713"
# The 5-decimal forms pages print, also markers.
LAT_MARKER_5 = "59.91371"
LON_MARKER_5 = "10.75271"


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def offer_data(**overrides: object) -> dict:
    data = {
        "title": "Sofa near the river",
        "address": ADDRESS_MARKER,
        "exact_lat": EXACT_LAT,
        "exact_lon": EXACT_LON,
        "kinds": ["sofa", "shower"],
        "capacity": 2,
        "description": "Quiet flat.",
        "languages": "English",
    }
    data.update(overrides)
    return data


def make_offer(host, *, today: date | None = None, days: int = 60, **overrides) -> HostOffer:
    today = today or timezone.localdate()
    offer = services.offer_create(host=host, data=offer_data(**overrides))
    if days:
        services.availability_add(offer=offer, start=today, end=today + timedelta(days=days))
    return offer


@pytest.fixture
def offer(owner, today) -> HostOffer:
    return make_offer(owner, today=today)


def ask(traveller, offer, *, start: int = 10, nights: int = 2, guests: int = 1, today=None):
    today = today or timezone.localdate()
    return services.stay_request_create(
        traveller=traveller,
        offer=offer,
        arrive=today + timedelta(days=start),
        depart=today + timedelta(days=start + nights),
        guests=guests,
        message="Hello, may I stay?",
        today=today,
    )


@pytest.fixture
def stay(member, offer) -> StayRequest:
    """A pending request of `member` to `owner`'s offer, arriving in 10 days."""
    return ask(member, offer)


__all__ = ["client_for", "make_member"]
