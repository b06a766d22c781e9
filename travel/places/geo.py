"""Distances (geopy great-circle) and the text normalisation used to search place names."""

from __future__ import annotations

import unicodedata

from geopy.distance import great_circle
from unidecode import unidecode


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points (~0.3% from geodesic)."""
    return great_circle(a, b).km


def shown_km(km: float) -> int:
    """Distances shown to people are whole kilometres (P2): never hint at metres."""
    return round(km)


def normalise_name(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key: "København" -> "kobenhavn"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unidecode(text).lower()
    out = []
    for ch in text:
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != " ":
            out.append(" ")
    return "".join(out).strip()
