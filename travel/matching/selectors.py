from __future__ import annotations

from typing import Any

from django.core.cache import cache

from accounts.models import User
from travel.matching.models import Suggestion
from travel.trips.models import Trip
from travel.trips.selectors import trips_owned_by


def suggestion_for_owner(*, user: User, public_id: Any) -> Suggestion | None:
    """A suggestion is its trip owner's alone (P9: others get the 404 of a missing one)."""
    try:
        return (
            Suggestion.objects.filter(public_id=public_id, trip__owner=user)
            .select_related("trip", "stop")
            .first()
        )
    except (ValueError, TypeError):
        return None


def trip_of_owner(*, user: User, public_id: Any) -> Trip | None:
    """The trip if `user` owns it (the trips app's rule), else None."""
    try:
        return trips_owned_by(user).filter(public_id=public_id).first()
    except (ValueError, TypeError):
        return None


def refresh_pending(*, trip: Trip) -> bool:
    """Is a recompute of this trip queued? (The page shows "updating" and polls.)"""
    try:
        return bool(cache.get(f"match:queued:{trip.pk}"))
    except Exception:
        return False
