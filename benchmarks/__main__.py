"""`python -m benchmarks [--scale 10k] [--db sqlite|postgres://…] [--seed 1]`

Creates (or reuses) a SEPARATE bench database, migrates it, loads the European gazetteer,
generates the synthetic Europe, then measures (benchmarks/measure.py). The last line of
output is machine-readable:

    bench: trips_p50_ms=… trips_p95_ms=… candidate_vs_sql=… queries_per_trip=…
           passing_p95_ms=… speedup_vs_bbox=… unread_queries=… unread_p95_ms=…
           fanout500_queries=… fanout500_ms=… peak_mb=…   (on one line)

`python -m benchmarks loadtest [...]` runs the load test instead (benchmarks/loadtest.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEV_DB = ROOT / "var" / "stopover.sqlite3"


def database_url(db: str, scale: str) -> str:
    """The bench database: var/bench-<scale>.sqlite3, or the PostgreSQL URL given.

    Never the development database and never a test database.
    """
    if db in ("", "sqlite"):
        path = ROOT / "var" / f"bench-{scale.lower()}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        return f"sqlite:///{path}"
    parsed = urlparse(db)
    if parsed.scheme in ("sqlite",):
        path = Path(parsed.path).resolve()
        if path == DEV_DB.resolve() or not path.name.startswith("bench"):
            raise SystemExit(f"refusing {db}: SQLite bench files are named bench*.sqlite3")
        return db
    if parsed.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"--db must be 'sqlite' or a postgres:// URL, got {db!r}")
    name = parsed.path.lstrip("/")
    if not name or name.startswith("test") or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing database {name!r}: give the benchmark its own database")
    return db


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travel.settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory (make exports DEBUG=1)
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "k" * 40)
    os.environ["STOPOVER_TESTING"] = "0"
    for name in ("CELERY_BROKER_URL", "CACHE_URL"):
        os.environ.pop(name, None)  # eager tasks, local cache: measure the database only
    import django

    django.setup()


def prepare(*, scale: str, seed: int, regenerate: bool) -> None:
    """Migrate, load places, generate (unless this scale and seed are there already)."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from benchmarks import load
    from benchmarks.generate import parse_scale

    stops = parse_scale(scale)
    say = load.say
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    say(f"migrated in {time.perf_counter() - started:.1f} s")
    meta = load.meta_get()
    wanted = {"scale": str(stops), "seed": str(seed)}
    if meta and all(meta.get(k) == v for k, v in wanted.items()) and not regenerate:
        say(f"reusing the data set generated on {meta.get('generated')} ({stops:,} stops)")
        return
    if meta or _has_rows(connection):
        if not regenerate:
            raise SystemExit(
                "this database holds other data: pass --regenerate to empty it, or use "
                "a fresh database"
            )
        say("emptying the bench database…")
        call_command("flush", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {load.META_TABLE}")
            for table in ("bench_bbox_stop", "bench_bbox_offer"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
    load.ensure_places()
    started = time.perf_counter()
    world = load.build(seed=seed, stops=stops)
    say(
        f"generating {stops:,} stops, {world.counts.members:,} members, "
        f"{world.counts.offers:,} offers, {world.counts.meetups:,} meet-ups (seed {seed})"
    )
    written = load.load(world)
    load.meta_set({**wanted, "generated": timezone.localdate().isoformat()})
    say(
        f"generated {sum(written.values()):,} rows in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}"
    )


def _has_rows(connection) -> bool:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM trips_stop)")
        return bool(cursor.fetchone()[0])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "loadtest":
        from benchmarks import loadtest

        return loadtest.main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", default=os.environ.get("SCALE", "10k"), help="10k, 100k, 1m…")
    parser.add_argument(
        "--db",
        default=os.environ.get("DB", "sqlite"),
        help="'sqlite' (var/bench-<scale>.sqlite3) or a postgres:// URL of a bench database",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trips", type=int, default=100, help="trips to measure")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--refresh", type=int, default=20, help="trips to refresh (stored)")
    parser.add_argument("--regenerate", action="store_true", help="empty the bench DB first")
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args(argv)
    url = database_url(args.db, args.scale)
    setup_django(url)
    prepare(scale=args.scale, seed=args.seed, regenerate=args.regenerate)
    if args.generate_only:
        return 0
    from django.db import connection

    from benchmarks import measure

    report = measure.run(trips=args.trips, warmup=args.warmup, seed=args.seed, refresh=args.refresh)
    print(f"Stopover benchmark: {args.scale} stops on {connection.vendor} (seed {args.seed})")
    print(report.table())
    print(report.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
