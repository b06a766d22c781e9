"""Matching tasks: take ids, re-read, idempotent, retried with backoff."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

from travel.matching import services

log = logging.getLogger(__name__)
DEBOUNCE_SECONDS = 5


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, acks_late=True)
def refresh_trip(trip_id: int) -> int:
    cache_delete_quietly(f"match:queued:{trip_id}")
    result = services.trip_suggestions_refresh(trip_id=trip_id)
    # Traveller matching is symmetric: when a pair appears or goes, the other trip
    # refreshes too (it then finds nothing new to pass back, so this settles).
    for other_trip_id in result.partner_trips_changed:
        queue_trip_refresh(other_trip_id)
    return len(result.created)


def cache_delete_quietly(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:  # Redis away: debouncing is an optimisation, never an error.
        log.warning("cache unavailable; could not clear %s", key)


def queue_trip_refresh(trip_id: int) -> None:
    """Queue a refresh after commit, at most one waiting per trip (debounce).

    Many changes in a burst (a trip edited stop by stop, an offer saved twice) queue
    one recompute a few seconds later. If the cache is away, queue anyway.
    """
    try:
        first = cache.add(f"match:queued:{trip_id}", 1, timeout=DEBOUNCE_SECONDS * 6)
    except Exception:
        log.warning("cache unavailable; queueing trip %s without debounce", trip_id)
        first = True
    if first:
        refresh_trip.apply_async_on_commit(args=[trip_id], countdown=DEBOUNCE_SECONDS)  # type: ignore[attr-defined]


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, acks_late=True)
def refresh_trips_near(
    lat: float, lon: float, start: str | None = None, end: str | None = None
) -> int:
    """Queue a refresh of every upcoming trip with a stop whose radius reaches the point
    (and, when given, overlapping the dates): an offer, meet-up or local changed there."""
    from datetime import date

    trip_ids = services.trips_reaching(
        lat=lat,
        lon=lon,
        start=date.fromisoformat(start) if start else None,
        end=date.fromisoformat(end) if end else None,
    )
    for trip_id in trip_ids:
        queue_trip_refresh(trip_id)
    return len(trip_ids)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, acks_late=True)
def refresh_trips_of(user_ids: list[int]) -> int:
    """Queue a refresh of the upcoming trips of these members (a block, a profile change)."""
    trip_ids = services.upcoming_trip_ids(user_ids=user_ids)
    for trip_id in trip_ids:
        queue_trip_refresh(trip_id)
    return len(trip_ids)


@shared_task(
    autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5, acks_late=True
)
def send_collective_digest(collective_id: int) -> bool:
    from travel.matching.digests import collective_digest_send

    return collective_digest_send(collective_id=collective_id)


@shared_task(acks_late=True)
def send_collective_digests() -> int:
    from travel.collectives.models import Collective

    ids = list(Collective.objects.filter(open_to_meet=True).values_list("id", flat=True))
    for collective_id in ids:
        send_collective_digest.delay(collective_id)
    return len(ids)
