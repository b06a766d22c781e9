"""How reports and moderators reach trips (accounts.moderation registry)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from accounts.models import Visibility
from travel import events
from travel.trips.models import Trip
from travel.trips.selectors import trip_for_viewer


def trip_owner(viewer: Any, public_id: str) -> Any:
    try:
        return trip_for_viewer(viewer, public_id).owner
    except Http404:
        return None


def trip_hide(public_id: str) -> None:
    """Out of sight for everyone but its owner: visible to "only me", not discoverable."""
    rows = list(Trip.objects.filter(public_id=public_id).values_list("id", "owner_id"))
    Trip.objects.filter(pk__in=[pk for pk, _owner in rows]).update(
        visibility=Visibility.ONLY_ME, discoverable=False
    )
    for trip_id, owner_id in rows:
        events.emit(
            events.trip_saved,
            trip_id=trip_id,
            owner_id=owner_id,
            created=False,
            removed_stop_ids=(),
        )
