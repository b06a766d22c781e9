"""The measurements of `python -m benchmarks`, on whatever database Django is connected to.

- trips: `compute_trip` (every kind for every stop, not stored) for N random upcoming
  10-stop trips after a warm-up, p50/p95 ms; `trip_suggestions_refresh` (compute and
  store, rolled back) for a subset;
- queries per trip (CaptureQueriesContext), with the distinct counts seen;
- candidate search vs bare SQL: the traveller search of each trip against the bare
  SQL of the same capped index ranges on StopTopic (same branches and columns, no
  visibility filter, no other query, no scoring);
- passing-through for the largest city (50 km, 4-week windows), p50/p95 ms;
- the baseline other hospitality sites use: a latitude/longitude bounding box plus a
  date filter (a (lat, lon) btree, no grid cell, no stay-length bound), on copies of
  the same stops and offers, against our cell queries, side by side;
- peak memory of this process (ru_maxrss).
"""

from __future__ import annotations

import math
import random
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from travel.matching import branches, services
from travel.matching import candidates as search
from travel.matching.models import StopTopic
from travel.matching.passing import passing_through
from travel.places.grid import KM_PER_DEGREE_LAT, cells_within
from travel.places.models import Place
from travel.trips.models import MAX_STOP_DAYS, Trip


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(seconds: float) -> float:
    return seconds * 1000.0


@dataclass
class Report:
    trips_ms: list[float] = field(default_factory=list)
    refresh_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    kind_ms: dict[str, list[float]] = field(default_factory=dict)
    candidate_ms: list[float] = field(default_factory=list)
    bare_ms: list[float] = field(default_factory=list)
    passing_ms: list[float] = field(default_factory=list)
    passing_rows: list[int] = field(default_factory=list)
    passing_city: str = ""
    cell_ms: list[float] = field(default_factory=list)
    bbox_ms: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The notification centre (benchmarks/notifications.py).
    unread_ms: list[float] = field(default_factory=list)
    unread_queries: int = 0
    fanout_ms: float = 0.0
    fanout_queries: int = 0
    fanout_outbox: int = 0
    fanout_rows: int = 0

    @property
    def candidate_vs_sql(self) -> float:
        return sum(self.candidate_ms) / max(sum(self.bare_ms), 1e-9)

    @property
    def speedup_vs_bbox(self) -> float:
        return sum(self.bbox_ms) / max(sum(self.cell_ms), 1e-9)

    def line(self) -> str:
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queries = max(self.queries) if self.queries else 0
        return (
            f"bench: trips_p50_ms={pct(self.trips_ms, 0.5):.1f} "
            f"trips_p95_ms={pct(self.trips_ms, 0.95):.1f} "
            f"candidate_vs_sql={self.candidate_vs_sql:.2f} "
            f"queries_per_trip={queries} "
            f"passing_p95_ms={pct(self.passing_ms, 0.95):.1f} "
            f"speedup_vs_bbox={self.speedup_vs_bbox:.1f} "
            f"unread_queries={self.unread_queries} "
            f"unread_p95_ms={pct(self.unread_ms, 0.95):.2f} "
            f"fanout500_queries={self.fanout_queries} "
            f"fanout500_ms={self.fanout_ms:.0f} "
            f"peak_mb={peak_mb:.0f}"
        )

    def table(self) -> str:
        def row(name: str, values: list[float], unit: str = "ms") -> str:
            return (
                f"  {name:<34} p50 {pct(values, 0.5):8.1f} {unit}   "
                f"p95 {pct(values, 0.95):8.1f} {unit}   n={len(values)}"
            )

        lines = [row("compute_trip (10 stops)", self.trips_ms)]
        if self.refresh_ms:
            lines.append(row("trip_suggestions_refresh", self.refresh_ms))
        for kind, values in sorted(self.kind_ms.items()):
            lines.append(row(f"  per trip: {kind}", values))
        distinct = sorted(set(self.queries))
        lines.append(f"  queries per trip                   {distinct} (distinct counts seen)")
        lines.append(row("traveller search per trip", self.candidate_ms))
        lines.append(row("bare SQL, same index, per trip", self.bare_ms))
        lines.append(f"  candidate search / bare SQL        {self.candidate_vs_sql:.2f}x (sum)")
        lines.append(
            row(f"passing-through {self.passing_city}", self.passing_ms)
            + f"  rows p50 {pct([float(x) for x in self.passing_rows], 0.5):.0f}"
        )
        lines.append(row("cell index, per stop (stops+offers)", self.cell_ms))
        lines.append(row("lat/lon box + dates, per stop", self.bbox_ms))
        lines.append(f"  speed-up vs bounding box           {self.speedup_vs_bbox:.1f}x (sum)")
        lines.append(row("unread badge (both counts)", self.unread_ms))
        lines.append(f"  unread badge queries               {self.unread_queries}")
        lines.append(
            f"  meet-up change to 500 attendees    {self.fanout_ms:8.1f} ms   "
            f"{self.fanout_queries} queries, {self.fanout_rows} notifications, "
            f"{self.fanout_outbox} outbox rows"
        )
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


def pick_trips(n: int, seed: int) -> list[int]:
    """n upcoming trips of exactly 10 stops (or the longest there are), seeded."""
    today = timezone.localdate()
    from django.db.models import Count

    candidates = list(
        Trip.objects.filter(ends__gte=today)
        .annotate(n=Count("stops"))
        .filter(n=10)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if len(candidates) < n:
        more = list(
            Trip.objects.filter(ends__gte=today)
            .annotate(n=Count("stops"))
            .filter(n__lt=10)
            .order_by("-n", "id")
            .values_list("id", flat=True)[: n - len(candidates)]
        )
        candidates += more
    rng = random.Random(seed)
    return rng.sample(candidates, min(n, len(candidates)))


def _time(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _load_trip(trip_id: int) -> Trip:
    return Trip.objects.select_related("owner").get(pk=trip_id)


class _Rollback(Exception):
    pass


def measure_trips(report: Report, trip_ids: list[int], *, warmup: int, refresh: int) -> None:
    for trip_id in trip_ids[:warmup]:
        services.compute_trip(_load_trip(trip_id))
    for trip_id in trip_ids:
        report.trips_ms.append(ms(_time(lambda t=trip_id: services.compute_trip(_load_trip(t)))))
    for trip_id in trip_ids:
        connection.queries_log.clear()  # the log is a bounded deque: start each count empty
        with CaptureQueriesContext(connection) as captured:
            services.compute_trip(_load_trip(trip_id))
        report.queries.append(len(captured.captured_queries))
    for trip_id in trip_ids[:refresh]:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                services.trip_suggestions_refresh(trip_id=trip_id)
                raise _Rollback
        except _Rollback:
            pass
        report.refresh_ms.append(ms(time.perf_counter() - started))


def _contexts(trip_ids: list[int]) -> list[search.TripContext]:
    weights = services.topic_weights()
    out = []
    for trip_id in trip_ids:
        out.append(search.TripContext.build(_load_trip(trip_id), weights=weights))
    return out


def _best_of(func: Callable[[], object], runs: int = 3) -> float:
    return min(_time(func) for _ in range(runs))


def _bare_base() -> branches.Base:
    """The traveller search's columns off StopTopic, with no visibility filter."""
    table = connection.ops.quote_name(StopTopic._meta.db_table)
    columns = ", ".join(
        f"{table}.{connection.ops.quote_name(StopTopic._meta.get_field(c).column)}"
        for c in (
            "stop",
            "trip_id",
            "owner",
            "arrive",
            "depart",
            "radius_km",
            "tentative",
            "is_country",
            "place",
            "lat",
            "lon",
            "topics",
        )
    )
    return f"SELECT {columns} FROM {table} WHERE 1 = 1", []


def _bare_branches(tc: search.TripContext) -> list[branches.Branch]:
    """What the traveller search reads for a trip, straight off the StopTopic indexes:
    the same capped branches (index ranges, caps, columns, statement shape) with no
    visibility filter, no other query and no scoring."""
    ordered = sorted(tc.topic_ids, key=lambda t: -tc.weights.get(t, 1.0))
    return search._traveller_branches(tc, ordered)


def _run(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def measure_kinds(report: Report, contexts: list[search.TripContext]) -> None:
    """Each kind for a whole trip; the traveller search against its bare SQL."""
    for tc in contexts:
        for kind, func in services.KINDS.items():
            report.kind_ms.setdefault(kind, []).append(
                ms(_best_of(lambda f=func, c=tc: f(c), runs=1))
            )
        bare = _bare_branches(tc)
        report.candidate_ms.append(ms(_best_of(lambda c=tc: search.travellers(c))))
        report.bare_ms.append(ms(_best_of(lambda b=bare: branches.run(_bare_base(), b))))


BBOX_STOPS = "bench_bbox_stop"
BBOX_OFFERS = "bench_bbox_offer"


def ensure_bbox_tables() -> None:
    """Copies of the stops and offers with the point on the row and a (lat, lon) btree,
    as a site without a grid cell would store them."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if BBOX_STOPS in tables:
            cursor.execute("SELECT COUNT(*) FROM trips_stop WHERE NOT is_country")
            stops = cursor.fetchone()[0]
            cursor.execute(f"SELECT COUNT(*) FROM {BBOX_STOPS}")
            if cursor.fetchone()[0] == stops:
                return
        cursor.execute(f"DROP TABLE IF EXISTS {BBOX_STOPS}")
        cursor.execute(f"DROP TABLE IF EXISTS {BBOX_OFFERS}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {BBOX_STOPS} AS SELECT s.id, s.trip_id, p.lat, p.lon, s.arrive, "
            "s.depart, s.radius_km FROM trips_stop s JOIN places_place p ON p.id = s.place_id "
            "WHERE NOT s.is_country"
        )
        cursor.execute(f"CREATE INDEX {BBOX_STOPS}_latlon ON {BBOX_STOPS} (lat, lon)")
        cursor.execute(
            f"CREATE TABLE {BBOX_OFFERS} AS SELECT id, host_id, public_lat AS lat, "
            "public_lon AS lon, status, kinds FROM hosting_hostoffer"
        )
        cursor.execute(f"CREATE INDEX {BBOX_OFFERS}_latlon ON {BBOX_OFFERS} (lat, lon)")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {BBOX_STOPS}")
        cursor.execute(f"ANALYZE {BBOX_OFFERS}")


def _box(lat: float, lon: float, km: float) -> list[float]:
    dlat = km / KM_PER_DEGREE_LAT
    dlon = km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(abs(lat) + dlat)), 0.01))
    return [lat - dlat, lat + dlat, lon - dlon, lon + dlon]


def measure_bbox(report: Report, contexts: list[search.TripContext]) -> None:
    ensure_bbox_tables()
    for stop in (s for tc in contexts for s in tc.stops):
        if stop.is_country or stop.place.point is None:
            continue
        lat, lon = stop.place.point
        cells = ",".join(map(str, cells_within(lat, lon, stop.radius_km)))
        lo = stop.arrive - timedelta(days=MAX_STOP_DAYS)
        cell_sql = [
            (
                "SELECT id, trip_id, arrive, depart FROM trips_stop WHERE cell IN "
                f"({cells}) AND arrive >= %s AND arrive <= %s AND depart >= %s",
                [lo, stop.depart, stop.arrive],
            ),
            (
                f"SELECT id, host_id, kinds FROM hosting_hostoffer WHERE cell IN ({cells}) "
                "AND status = 'open'",
                [],
            ),
        ]
        box = _box(lat, lon, stop.radius_km)
        bbox_sql = [
            (
                f"SELECT id, trip_id, arrive, depart FROM {BBOX_STOPS} WHERE lat BETWEEN %s "
                "AND %s AND lon BETWEEN %s AND %s AND arrive <= %s AND depart >= %s",
                [*box, stop.depart, stop.arrive],
            ),
            (
                f"SELECT id, host_id, kinds FROM {BBOX_OFFERS} WHERE lat BETWEEN %s AND %s "
                "AND lon BETWEEN %s AND %s AND status = 'open'",
                box,
            ),
        ]
        report.cell_ms.append(
            ms(_best_of(lambda q=cell_sql: [_run(s, p) for s, p in q]))  # type: ignore[misc]
        )
        report.bbox_ms.append(
            ms(_best_of(lambda q=bbox_sql: [_run(s, p) for s, p in q]))  # type: ignore[misc]
        )


def measure_passing(report: Report, *, runs: int, seed: int) -> None:
    city = (
        Place.objects.filter(kind=Place.Kind.CITY, lat__isnull=False)
        .order_by("-population")
        .first()
    )
    if city is None:
        return
    report.passing_city = city.name
    rng = random.Random(seed)
    viewers = list(User.objects.order_by("id").values_list("id", flat=True)[:5000])
    today = timezone.localdate()
    for i in range(runs + 3):
        viewer = User.objects.get(pk=rng.choice(viewers))
        start = today + timedelta(days=rng.randint(0, 300))
        started = time.perf_counter()
        weeks = passing_through(
            viewer=viewer,
            place=city,
            radius_km=50,
            start=start,
            end=start + timedelta(days=27),
            topics=[],
        )
        elapsed = time.perf_counter() - started
        if i >= 3:  # the first three warm up
            report.passing_ms.append(ms(elapsed))
            report.passing_rows.append(sum(len(w.rows) for w in weeks))


def run(
    *,
    trips: int = 100,
    warmup: int = 10,
    seed: int = 1,
    refresh: int = 20,
    stop_trips: int = 30,
    passing_runs: int = 30,
    progress: Callable[[str], None] | None = None,
) -> Report:
    say = progress or (lambda m: print(m, file=sys.stderr, flush=True))
    report = Report()
    trip_ids = pick_trips(trips, seed)
    if len(trip_ids) < trips:
        report.notes.append(f"only {len(trip_ids)} upcoming trips to measure")
    say(f"measuring {len(trip_ids)} trips (warm-up {warmup})…")
    measure_trips(report, trip_ids, warmup=warmup, refresh=refresh)
    say("candidate search vs bare SQL, per trip…")
    contexts = _contexts(trip_ids[:stop_trips])
    measure_kinds(report, contexts)
    say("passing-through…")
    measure_passing(report, runs=passing_runs, seed=seed)
    say("bounding-box baseline…")
    measure_bbox(report, contexts)
    say("notifications: unread badge, a meet-up change to 500 attendees…")
    from benchmarks import notifications

    notifications.measure(report)
    return report
