"""A worker killed with SIGKILL in the middle of a task: the task comes back (acks_late,
and Redis restores the unacknowledged message after the visibility timeout) and its
effect happens once: one claim of the messages, one outbox row, one email."""

from __future__ import annotations

import re
import signal
import subprocess
import time

import psycopg
import pytest

from tests.reliability.conftest import people
from tests.reliability.harness import BIN, ROOT, http, wait_until

pytestmark = pytest.mark.reliability
TASK = "travel.notifications.tasks.send_due_emails_to"
VISIBILITY = "5"


def received(st) -> int:
    return sum(
        len(
            re.findall(
                rf"Task {re.escape(TASK)}\[[^]]+\] received", p.log.read_text("utf-8", "replace")
            )
        )
        for p in st.procs.started
        if p.name == "worker"
    )


def test_a_killed_workers_task_is_delivered_again_and_takes_effect_once(stack):
    st = stack
    cast = people(st, hosts=1, travellers=1)
    host, traveller = cast["hosts"][0], cast["travellers"][0]
    st.start_web(workers=1, threads=2)
    writes = 0
    for i in range(3):
        status, _ = http(
            "POST",
            st.url(f"/api/conversations/{traveller['conversation']}/messages"),
            token=traveller["token"],
            body={"body": f"Message {i}"},
        )
        writes += status == 201
    assert writes == 3
    # Old enough for the batch (notifications wait a few seconds for a live reader).
    st.pg.execute(
        "UPDATE notifications_notification SET created = now() - interval '5 minutes'", st.db
    )

    # Hold the task in the middle of its transaction: the messages are claimed, the
    # outbox insert waits for this lock.
    lock = psycopg.connect(st.pg.url(st.db))
    try:
        lock.execute("LOCK TABLE outbox_outboxmessage IN SHARE MODE")
        first = st.start_worker(CELERY_VISIBILITY_TIMEOUT=VISIBILITY)
        subprocess.run(
            [str(BIN / "celery"), "-A", "travel", "call", TASK, "--args", f"[{host['id']}]"],
            cwd=ROOT, env=st.env(), check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        wait_until(
            lambda: st.pg.scalar(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND wait_event_type = 'Lock'",
                "postgres",
                (st.db,),
            ),
            timeout=30,
            what="the task to block mid-transaction",
        )
        killed_at = time.monotonic()
        first.stop(signal.SIGKILL)  # the whole worker: parent and pool child
    finally:
        lock.rollback()
        lock.close()
    # The dead worker's transaction is rolled back: nothing claimed, nothing written.
    wait_until(
        lambda: (
            st.pg.scalar(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state <> 'idle' "
                "AND pid <> pg_backend_pid()",
                "postgres",
                (st.db,),
            )
            == 0
        ),
        timeout=30,
        what="the killed worker's transaction to end",
    )
    assert st.outbox() == (0, 0)
    claimed = (
        "SELECT count(*) FROM notifications_notification WHERE recipient_id = "
        f"{int(host['id'])} AND email_batch IS NOT NULL"
    )
    assert st.pg.scalar(claimed, st.db) == 0
    assert st.sink.count() == 0

    st.start_worker(CELERY_VISIBILITY_TIMEOUT=VISIBILITY)
    wait_until(lambda: st.sink.count() >= 1, timeout=60, what="the redelivered task's email")
    redelivered_after = time.monotonic() - killed_at
    time.sleep(3)  # anything sent twice would arrive meanwhile
    in_outbox, sent = st.outbox()
    print(
        f"\n[worker killed] writes_acknowledged={writes} tasks_published=1 workers_killed=1 "
        f"task_deliveries={received(st)} redelivered_after={redelivered_after:.1f}s "
        f"messages_claimed={st.pg.scalar(claimed, st.db)} outbox={sent}/{in_outbox} sent "
        f"emails_sent={st.sink.count()}"
    )
    assert received(st) == 2
    # Every message to the host (the three and the set-up's greeting), in one batch.
    assert st.pg.scalar(claimed, st.db) == writes + 1
    assert (
        st.pg.scalar(
            "SELECT count(DISTINCT email_batch) FROM notifications_notification "
            "WHERE email_batch IS NOT NULL",
            st.db,
        )
        == 1
    )
    assert (in_outbox, sent) == (1, 1)
    assert st.sink.count() == 1
    assert st.sink.messages[0]["to"] == [host["email"]]
