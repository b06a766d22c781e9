"""Load: 20 concurrent clients for 60 seconds, creating trips, stay requests and
messages while others read. No 5xx; every acknowledged write is in the database; every
email those writes owe goes out, once."""

from __future__ import annotations

import time

import pytest

from tests.reliability.conftest import people
from tests.reliability.harness import wait_until
from tests.reliability.load import run

pytestmark = pytest.mark.reliability
WRITERS, READERS, SECONDS = 12, 8, 60


def test_twenty_clients_for_a_minute_lose_nothing_and_see_no_5xx(stack):
    st = stack
    cast = people(st, hosts=4, travellers=WRITERS)
    st.start_web(workers=3, threads=8)
    st.start_worker()
    started = time.monotonic()
    rec = run(st, cast, writers=WRITERS, readers=READERS, seconds=SECONDS)
    elapsed = time.monotonic() - started
    answers = rec.answers
    errors = [a for a in answers if a.status >= 500 or a.status == 0]
    refused = [a for a in answers if 400 <= a.status < 500]
    trips = [a.ref for a in rec.of("trip", 201)]
    stays = [f"May I stay? {a.ref}" for a in rec.of("stay", 201)]
    messages = [a.ref for a in rec.of("message", 201)]
    found = {
        "trips": st.pg.scalar(
            "SELECT count(*) FROM trips_trip WHERE title = ANY(%s)", st.db, (trips,)
        ),
        "stays": st.pg.scalar(
            "SELECT count(*) FROM hosting_stayrequest WHERE message = ANY(%s)", st.db, (stays,)
        ),
        "messages": st.pg.scalar(
            "SELECT count(*) FROM messaging_message WHERE body = ANY(%s)", st.db, (messages,)
        ),
    }
    # Each stay request owes its host one email.
    wait_until(
        lambda: st.outbox()[1] == st.outbox()[0] >= len(stays) and st.sink.count() >= len(stays),
        timeout=90,
        what="the stay-request emails",
    )
    time.sleep(2)
    in_outbox, sent = st.outbox()
    ids = st.sink.message_ids()
    reads = rec.of("read")
    print(
        f"\n[load] clients={WRITERS + READERS} seconds={elapsed:.0f} requests={len(answers)} "
        f"({len(answers) / elapsed:.0f}/s) reads={len(reads)} errors={len(errors)} "
        f"refused_4xx={len(refused)} writes_acknowledged={len(trips) + len(stays) + len(messages)} "
        f"(trips {len(trips)}, stays {len(stays)}, messages {len(messages)}) "
        f"writes_found={sum(found.values())} (trips {found['trips']}, stays {found['stays']}, "
        f"messages {found['messages']}) emails_sent={len(ids)} distinct={len(set(ids))} "
        f"outbox={sent}/{in_outbox} sent"
    )
    for a in (errors + refused)[:5]:
        print(f"  {a.kind} {a.status} {a.ref}: {a.body[:160]}")
    assert errors == []
    assert trips and stays and messages and reads
    assert found == {"trips": len(trips), "stays": len(stays), "messages": len(messages)}
    assert len(ids) == len(set(ids)) == in_outbox == sent == len(stays)
