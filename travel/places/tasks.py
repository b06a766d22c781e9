from __future__ import annotations

from celery import shared_task
from geopy.exc import GeocoderServiceError

from travel.places.street import street_lookup


@shared_task(
    name="places.street_geocode",
    rate_limit="1/s",  # Nominatim's usage policy: at most one request a second
    autoretry_for=(GeocoderServiceError,),
    retry_backoff=True,
    max_retries=3,
)
def street_geocode(token: str) -> int:
    """Look up the address a member asked for (by token: the text is not an argument)."""
    return street_lookup(token=token)
