from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from travel.trips.services import trips_purge_past


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def purge_past_trips() -> int:
    """Daily: delete trips that ended longer ago than the retention setting (P8).
    Safe to run twice: the second run finds nothing."""
    return trips_purge_past(today=timezone.localdate())
