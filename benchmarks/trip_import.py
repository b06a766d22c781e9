"""`python -m benchmarks import [--db sqlite|postgres://…] [--runs 50]`

The trip import's budget (DESIGN section 8): a 2,000-character post imported in
<= 200 ms. Reads the reference posts of tests/federation/import_posts.py in all five
languages, each grown to 2,000 characters with more of what travellers write, against
the European gazetteer of the bench database. The first reads (dateparser loading its
languages) are warm-up, not measured. The last line is machine-readable:

    bench: import_p50_ms=… import_p95_ms=… import_max_ms=… chars=2000 budget_ms=200
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date

POST_CHARS = 2000
BUDGET_MS = 200
MORE = (
    " On the way I would love to join a meet-up about cooperatives or free software, "
    "visit a hackerspace in Lund or Malmö, and hear how your housing co-op started. "
    "I can cook for the people who host me, I fix bicycles, and I bring my own sleeping "
    "bag. Trains are slow up north: if the night train is late I will write to you. "
    "#cooperatives #hosting #rail"
)


def post_of(language: str, chars: int = POST_CHARS) -> str:
    from tests.federation.import_posts import post

    text = post(language)
    while len(text) < chars:
        text += MORE
    return text[:chars]


def main(argv: list[str]) -> int:
    from benchmarks.__main__ import database_url, setup_django

    parser = argparse.ArgumentParser(prog="python -m benchmarks import")
    parser.add_argument("--db", default=os.environ.get("DB", "sqlite"))
    parser.add_argument("--runs", type=int, default=50, help="reads per language")
    args = parser.parse_args(argv)
    setup_django(database_url(args.db, "import"))

    from django.core.management import call_command

    from benchmarks import load
    from travel.federation.trip_import import draft_from_text

    call_command("migrate", interactive=False, verbosity=0)
    load.ensure_places()
    today = date(2026, 3, 20)
    posts = {lang: post_of(lang) for lang in ("en", "nb", "sv", "da", "de")}
    for text in posts.values():
        draft_from_text(text, today=today)  # warm-up: dateparser loads the languages
    times: list[float] = []
    for _ in range(args.runs):
        for text in posts.values():
            started = time.perf_counter()
            draft_from_text(text, today=today)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"Trip import: {len(times)} reads of {POST_CHARS}-character posts in 5 languages")
    print(f"  p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms (budget {BUDGET_MS} ms)")
    print(
        f"bench: import_p50_ms={p50:.1f} import_p95_ms={p95:.1f} import_max_ms={times[-1]:.1f} "
        f"chars={POST_CHARS} budget_ms={BUDGET_MS}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
