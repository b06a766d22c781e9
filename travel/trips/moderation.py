"""How reports and moderators reach trips (accounts.moderation registry)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from accounts.models import Visibility
from travel.trips.models import Trip
from travel.trips.selectors import trip_for_viewer
from travel.trips.signals import trip_saved


def trip_owner(viewer: Any, public_id: str) -> Any:
    try:
        return trip_for_viewer(viewer, public_id).owner
    except Http404:
        return None


def trip_hide(public_id: str) -> None:
    """Out of sight for everyone but its owner: visible to "only me", not discoverable."""
    ids = list(Trip.objects.filter(public_id=public_id).values_list("id", flat=True))
    Trip.objects.filter(pk__in=ids).update(visibility=Visibility.ONLY_ME, discoverable=False)
    for trip_id in ids:
        trip_saved.send(sender=Trip, trip_id=trip_id)
