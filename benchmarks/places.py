"""Place search on the full gazetteer, and a trip whose stops are regions.

- place search: `places_search` (what /api/places and the picker call) for a fixed mix
  of queries: whole names, alternate names, regions, and prefixes of one to six letters
  of random town names (seeded), p50/p95.
- region trip: `compute_trip` for a trip of region stops (Skåne, Hovedstaden, Hamburg,
  Schleswig-Holstein, Västra Götaland, Oslo, Troms…), written in a transaction that is
  rolled back, against the same trip with each region's largest town instead.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from travel.matching import services
from travel.places.models import Place
from travel.places.selectors import places_search
from travel.trips.models import Stop, Trip

FIXED = [
    "Lund",
    "Narvik",
    "Fauske",
    "Kiruna",
    "Ystad",
    "Boden",
    "Skåne",
    "Scania",
    "Skane",
    "Troms",
    "Hovedstaden",
    "Göteborg",
    "Kobenhavn",
    "København",
    "Tromso",
    "Berlin",
    "Hamburg",
    "Schleswig-Holstein",
    "Sverige",
    "Tyskland",
    "München",
    "Sao Paulo",
    "New York",
    "L",
    "Lu",
    "Os",
    "Ber",
    "Mal",
    "Kø",
    "s",
    "Stock",
    "Frankfurt am",
]
REGIONS = ["SE-M", "DK-84", "DE-HH", "DE-SH", "SE-O", "NO-03", "NO-55", "DE-BE", "SE-AB", "NO-46"]


def queries(seed: int, n: int = 300) -> list[str]:
    rng = random.Random(seed)
    names = list(Place.objects.filter(kind=Place.Kind.CITY).values_list("name", flat=True))
    picked = []
    for _ in range(n):
        name = rng.choice(names)
        picked.append(name[: rng.randint(1, 6)] if rng.random() < 0.6 else name)
    return FIXED + picked


def measure_place_search(*, seed: int, runs: int = 1) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per search (the CPU figure is what this process
    spent, SQLite's work included: it stays put when other loads share the cores)."""
    qs = queries(seed)
    for q in qs[:30]:  # warm the caches
        places_search(q=q, limit=10)
    wall, cpu = [], []
    for _ in range(runs):
        for q in qs:
            started, used = time.perf_counter(), time.process_time()
            places_search(q=q, limit=10, country="SE")
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
    return wall, cpu


class _Rollback(Exception):
    pass


def _trip_of(owner_id: int, places: list[Place], *, needs: str = "sofa,hammock") -> Trip:
    trip = Trip.objects.create(
        owner_id=owner_id, title="bench: region stops", needs=needs, discoverable=True
    )
    day = timezone.localdate() + timedelta(days=10)
    for place in places:
        Stop.objects.create(
            trip=trip, place=place, arrive=day, depart=day + timedelta(days=2), radius_km=50
        )
        day += timedelta(days=2)
    return trip


def measure_region_trip(*, runs: int = 20) -> tuple[list[float], list[float], int]:
    """compute_trip of a trip of region stops and of the same trip by their largest towns
    (ms each), and how many regions were found."""
    regions = list(Place.objects.filter(kind=Place.Kind.REGION, code__in=REGIONS))
    towns = [
        Place.objects.filter(region=r, kind=Place.Kind.CITY).order_by("-population").first()
        for r in regions
    ]
    owner = Trip.objects.values_list("owner_id", flat=True).first()
    if not regions or owner is None:
        return [], [], 0
    region_ms: list[float] = []
    town_ms: list[float] = []
    try:
        with transaction.atomic():
            by_region = _trip_of(owner, regions)
            by_town = _trip_of(owner, [t for t in towns if t is not None])
            for trip, out in ((by_region, region_ms), (by_town, town_ms)):
                services.compute_trip(trip)
                for _ in range(runs):
                    started = time.perf_counter()
                    services.compute_trip(Trip.objects.select_related("owner").get(pk=trip.pk))
                    out.append((time.perf_counter() - started) * 1000)
            raise _Rollback
    except _Rollback:
        pass
    return region_ms, town_ms, len(regions)


def run(report: object, *, seed: int, say: Callable[[str], None]) -> None:
    say("place search on the full gazetteer…")
    wall, cpu = measure_place_search(seed=seed)
    report.place_ms, report.place_cpu_ms = wall, cpu  # type: ignore[attr-defined]
    say("a trip of region stops…")
    region_ms, town_ms, n = measure_region_trip()
    report.region_trip_ms = region_ms  # type: ignore[attr-defined]
    report.town_trip_ms = town_ms  # type: ignore[attr-defined]
    report.region_stops = n  # type: ignore[attr-defined]
