"""The optional street geocoder: a host looks up the address they typed in the offer
editor, through Nominatim (geopy), from the Celery queue "geocoder" limited to one
request a second; results are cached.

Privacy (P1): only text a member typed and asked to look up is ever sent, never a
stored address; the text stays out of task arguments and logs: the request puts it in
the cache under a random token and the task reads it from there. Off unless
STREET_GEOCODER is set.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from geopy.exc import GeocoderServiceError

from travel.places.geo import normalise_name

MAX_ADDRESS_LENGTH = 200
TOKEN_SECONDS = 10 * 60
RESULT_SECONDS = 30 * 24 * 3600
LIMIT = 5


def _result_key(query: str, country_code: str) -> str:
    digest = hashlib.sha256(f"{country_code}|{normalise_name(query)}".encode()).hexdigest()
    return f"street:result:{digest}"


def _token_key(token: str) -> str:
    return f"street:ask:{token}"


def street_request(*, query: str, country_code: str = "") -> str:
    """Ask for a lookup of `query` (what the member typed); returns a token to poll
    with street_results. A cached answer is there at once; otherwise a task is queued."""
    query = query.strip()[:MAX_ADDRESS_LENGTH]
    token = secrets.token_urlsafe(16)
    cache.set(_token_key(token), {"q": query, "cc": country_code.upper()[:2]}, TOKEN_SECONDS)
    if cache.get(_result_key(query, country_code.upper()[:2])) is None:
        street_geocode.delay(token)
    return token


def street_results(*, token: str) -> list[dict[str, Any]] | None:
    """The places found for a token ([] for none), or None while the lookup runs (or
    for a token unknown or expired)."""
    asked = cache.get(_token_key(token))
    if asked is None:
        return []  # expired or never asked: nothing to wait for
    found = cache.get(_result_key(asked["q"], asked["cc"]))
    return None if found is None else list(found)


def geocoder() -> Any:
    from geopy.geocoders import Nominatim

    url = urlsplit(settings.NOMINATIM_URL)
    return Nominatim(
        user_agent=settings.NOMINATIM_USER_AGENT,
        domain=url.netloc,
        scheme=url.scheme,
        timeout=5,
    )


def street_lookup(*, token: str) -> int:
    """Run the lookup a token stands for (the task's body); returns how many were found.
    Safe to run twice: a cached answer is not asked again."""
    asked = cache.get(_token_key(token))
    if asked is None:
        return 0
    key = _result_key(asked["q"], asked["cc"])
    found = cache.get(key)
    if found is None:
        locations = geocoder().geocode(
            asked["q"],
            exactly_one=False,
            limit=LIMIT,
            country_codes=asked["cc"].lower() or None,
        )
        found = [
            {"label": loc.address, "lat": round(loc.latitude, 6), "lon": round(loc.longitude, 6)}
            for loc in (locations or [])
        ]
        cache.set(key, found, RESULT_SECONDS)
    return len(found)


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
