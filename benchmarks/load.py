"""Loading the synthetic Europe into the bench database: COPY on PostgreSQL, executemany
in one transaction on SQLite, with progress on stderr."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from benchmarks.generate import (
    COLUMNS,
    EUROPE,
    TABLES,
    TOPIC_COUNT,
    Counts,
    IdBases,
    RowStream,
    SyntheticEurope,
    with_progress,
)
from travel.places.models import Place
from travel.topics.models import Topic

META_TABLE = "bench_meta"
_SQLITE_BATCH = 20_000


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_places(progress: Callable[[str], None] = say) -> None:
    """The full gazetteer (place search is measured on it; load_places stops at once
    when it is all there). The data set is drawn from European towns of 15,000+."""
    from travel.places.loader import load_places

    started = time.perf_counter()
    load_places(progress=lambda m: progress(f"  places: {m}"))
    progress(f"  places loaded in {time.perf_counter() - started:.1f} s")


def ensure_topics(count: int = TOPIC_COUNT) -> list[int]:
    """The seeded topics plus synthetic ones up to `count`."""
    have = Topic.objects.count()
    if have < count:
        Topic.objects.bulk_create(
            [Topic(slug=f"bench-topic-{i}", name=f"Topic {i}") for i in range(have, count)],
            ignore_conflicts=True,
        )
    return list(Topic.objects.order_by("id").values_list("id", flat=True)[:count])


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return int(cursor.fetchone()[0])


def id_bases() -> IdBases:
    return IdBases(
        user=_next_id("accounts_user"),
        trip=_next_id("trips_trip"),
        stop=_next_id("trips_stop"),
        offer=_next_id("hosting_hostoffer"),
        meetup=_next_id("meetups_meetup"),
        collective=_next_id("collectives_collective"),
    )


def build(*, seed: int, stops: int, today: date | None = None) -> SyntheticEurope:
    """A generator over the places and topics in the current database."""
    # Towns of 15,000 people or more in Europe, as the data set was first drawn (the
    # gazetteer now goes down to 500: the tail would change the clustering).
    cities = list(
        Place.objects.filter(
            kind=Place.Kind.CITY,
            lat__isnull=False,
            population__gte=15000,
            country_code__in=list(EUROPE),
        ).values_list("id", "lat", "lon", "cell", "country_code", "timezone", "population")
    )
    countries = dict(
        Place.objects.filter(kind=Place.Kind.COUNTRY).values_list("country_code", "id")
    )
    return SyntheticEurope(
        seed=seed,
        counts=Counts.for_stops(stops),
        cities=cities,
        countries=countries,
        topic_ids=ensure_topics(),
        today=today or timezone.localdate(),
        bases=id_bases(),
    )


def _copy_postgresql(table: str, rows: RowStream) -> None:
    columns = ", ".join(f'"{c}"' for c in COLUMNS[table])
    with connection.cursor() as cursor:
        raw = cursor.connection  # the psycopg 3 connection under Django's wrapper
        with raw.cursor() as pg, pg.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert_sqlite(table: str, rows: RowStream) -> None:
    columns = COLUMNS[table]
    sql = (
        f"INSERT INTO {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    with connection.cursor() as cursor:
        while batch := list(islice(rows, _SQLITE_BATCH)):
            cursor.executemany(sql, [_sqlite_row(r) for r in batch])


def _sqlite_value(value: object) -> object:
    kind = type(value)
    if kind is uuid.UUID:
        return value.hex  # type: ignore[attr-defined]
    if kind is datetime:
        # Django stores aware datetimes as naive UTC text on SQLite.
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")  # type: ignore[attr-defined]
    if kind is date:
        return value.isoformat()  # type: ignore[attr-defined]
    return value


def _sqlite_row(row: tuple) -> tuple:
    return tuple(
        v if v is None or type(v) in (int, str, bool, float) else _sqlite_value(v) for v in row
    )


def load(world: SyntheticEurope, *, progress: Callable[[str], None] = say) -> dict[str, int]:
    """Insert every table of `world`; returns rows per table."""
    vendor = connection.vendor
    written: dict[str, int] = {}
    with transaction.atomic():
        if vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -200000")
        for table in TABLES:
            started = time.perf_counter()
            expected = world.expected(table)
            total = f"/{expected:,}" if expected else ""
            count = [0]

            def report(n: int, table: str = table, total: str = total, count=count) -> None:
                count[0] = n
                print(f"\r  {table}: {n:,}{total} rows", end="", file=sys.stderr, flush=True)

            rows = with_progress(world.rows(table), report)
            if vendor == "postgresql":
                _copy_postgresql(table, rows)
            else:
                _insert_sqlite(table, rows)
            print(
                f"\r  {table}: {count[0]:,} rows in {time.perf_counter() - started:.1f} s   ",
                file=sys.stderr,
                flush=True,
            )
            written[table] = count[0]
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                        [table],
                    )
    started = time.perf_counter()
    from travel.matching.indexes import (
        local_topics_rebuild,
        offer_openings_rebuild,
        stop_topics_rebuild,
    )
    from travel.topics.services import topic_weights_refresh

    topic_weights_refresh()
    # The rows bypassed the model signals: build the matcher's index of locals in one go.
    written["matching_localtopic"] = local_topics_rebuild()
    written["matching_stoptopic"] = stop_topics_rebuild()
    written["matching_offeropening"] = offer_openings_rebuild()
    with connection.cursor() as cursor:
        # What autovacuum does to a live database soon after such a load: statistics, and
        # on PostgreSQL the visibility map that lets index-only scans skip the heap.
        # (VACUUM cannot run in a transaction: the generator's test runs in one.)
        vacuum = vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    progress(f"  topic weights, topic indexes and ANALYZE in {time.perf_counter() - started:.1f} s")
    return written


def meta_get() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)"
        )
        cursor.execute(f"SELECT key, value FROM {META_TABLE}")
        return dict(cursor.fetchall())


def meta_set(values: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        for key, value in values.items():
            cursor.execute(f"DELETE FROM {META_TABLE} WHERE key = %s", [key])
            cursor.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES (%s, %s)", [key, value])
