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
    return len(services.trip_suggestions_refresh(trip_id=trip_id))


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
