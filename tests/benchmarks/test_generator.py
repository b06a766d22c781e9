"""The benchmark's generator at a tiny scale: deterministic, and the shape of a Europe
the matcher can use (no timed assertions: figures belong in benchmarks/RESULTS.md)."""

from __future__ import annotations

import itertools
import re
from datetime import date

from django.db.models import Count

from accounts.models import User
from benchmarks import load, measure
from benchmarks.generate import COLUMNS, TABLES
from travel.hosting.models import HostOffer
from travel.meetups.models import Meetup
from travel.trips.models import MAX_STOP_DAYS, Stop, Trip

TODAY = date(2030, 3, 4)
LINE = re.compile(
    r"^bench: trips_p50_ms=[\d.]+ trips_p95_ms=[\d.]+ candidate_vs_sql=[\d.]+ "
    r"queries_per_trip=\d+ passing_p95_ms=[\d.]+ speedup_vs_bbox=[\d.]+ "
    r"unread_queries=\d+ unread_p95_ms=[\d.]+ fanout500_queries=\d+ fanout500_ms=\d+ "
    r"peak_mb=\d+$"
)


def rows_of(world):
    return {table: list(world.rows(table)) for table in TABLES}


def test_it_generates_the_same_rows_from_the_same_seed(places):
    a = rows_of(load.build(seed=7, stops=300, today=TODAY))
    b = rows_of(load.build(seed=7, stops=300, today=TODAY))
    c = rows_of(load.build(seed=8, stops=300, today=TODAY))
    assert a == b
    assert a["trips_stop"] != c["trips_stop"]
    for table, rows in a.items():
        assert all(len(row) == len(COLUMNS[table]) for row in rows), table


def test_it_loads_a_europe_the_matcher_can_use(places):
    world = load.build(seed=3, stops=300, today=date.today())
    written = load.load(world, progress=lambda m: None)
    assert written["trips_stop"] == Stop.objects.count() > 250
    assert User.objects.filter(email__endswith="@bench.invalid").count() == 300
    assert HostOffer.objects.count() == 30
    assert Meetup.objects.count() == 15
    by_trip: dict[int, list[Stop]] = {}
    for stop in Stop.objects.order_by("arrive"):
        assert 0 <= (stop.depart - stop.arrive).days < MAX_STOP_DAYS
        by_trip.setdefault(stop.trip_id, []).append(stop)
        assert stop.cell == (None if stop.is_country else stop.place.cell)
    for stops in by_trip.values():
        assert len(stops) <= 10
        for before, after in itertools.pairwise(stops):
            assert after.arrive > before.depart  # stops of one trip never overlap
    assert Stop.objects.filter(is_country=True).exists()
    assert Stop.objects.filter(tentative=True).exists()
    trip = Trip.objects.order_by("id").first()
    assert trip is not None and trip.starts == min(s.arrive for s in by_trip[trip.pk])
    # A popular city gets more stops than the median one (Zipf-like).
    counts = sorted(
        Stop.objects.filter(is_country=False)
        .values("place")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert counts[-1] > 3 * counts[len(counts) // 2]
    assert all(abs((s.arrive - date.today()).days) <= 400 for s in Stop.objects.all()[:50]), (
        "dates stay within about a year of today"
    )
    # The measurements run on it and end with the machine-readable line.
    report = measure.run(
        trips=3, warmup=1, refresh=1, stop_trips=2, passing_runs=2, progress=lambda m: None
    )
    assert LINE.match(report.line()), report.line()
    assert report.trips_ms and max(report.queries) > 0
