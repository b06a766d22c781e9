"""Redis down: pages serve and forms save; what was to be sent goes out once it is back."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from tests.reliability.conftest import people
from tests.reliability.harness import browser, csrf_token, http, wait_until

pytestmark = pytest.mark.reliability


def ask(st, traveller, host, day: int) -> int:
    from django.utils import timezone

    arrive = timezone.localdate() + timedelta(days=day)
    status, _ = http(
        "POST",
        st.url(f"/api/offers/{host['offer']}/requests"),
        token=traveller["token"],
        body={"arrive": str(arrive), "depart": str(arrive + timedelta(days=1)), "message": "Hi!"},
    )
    return status


def test_redis_down_pages_serve_forms_save_and_mail_goes_out_once_it_is_back(stack):
    st = stack
    cast = people(st, hosts=1, travellers=3)
    host, travellers = cast["hosts"][0], cast["travellers"]
    st.start_web(workers=2, threads=4)
    st.start_worker()

    # Before: a stay request's email goes out through the worker.
    assert ask(st, travellers[0], host, 5) == 201
    wait_until(lambda: st.sink.count() == 1, timeout=30, what="the first email")

    st.redis.stop()
    requests = errors = acknowledged = 0
    slowest = 0.0

    def count(status: int, ok: tuple[int, ...], started: float, what: str = "") -> None:
        nonlocal requests, errors, slowest
        requests += 1
        slowest = max(slowest, time.monotonic() - started)
        if status not in ok:
            errors += 1
            print(f"unexpected status {status} for {what}")

    # Pages, for visitors and for a member who signs in through the form (rate limits
    # and the cache fail open), and the API.
    opener, _jar = browser()
    for path in ("/", "/accounts/login/", "/accounts/signup/", "/healthz"):
        started = time.monotonic()
        count(http("GET", st.url(path), opener=opener)[0], (200,), started, path)
    started = time.monotonic()
    status, page = http("GET", st.url("/accounts/login/"), opener=opener)
    count(status, (200,), started)
    started = time.monotonic()
    status, _ = http(
        "POST",
        st.url("/accounts/login/"),
        opener=opener,
        form={
            "csrfmiddlewaretoken": csrf_token(page),
            "login": host["email"],
            "password": cast["password"],
        },
        headers={"Referer": st.url("/accounts/login/")},
    )
    count(status, (302,), started)
    for path in ("/dashboard/", "/hosting/", "/hosting/requests/received/", "/meetups/",
                 "/messages/", "/trips/"):  # fmt: skip
        started = time.monotonic()
        count(http("GET", st.url(path), opener=opener)[0], (200,), started, path)
    for i, traveller in enumerate(travellers):
        started = time.monotonic()
        status = ask(st, traveller, host, 20 + i)
        count(status, (201,), started)
        acknowledged += status == 201
        started = time.monotonic()
        count(http("GET", st.url("/api/trips"), token=traveller["token"])[0], (200,), started)
    in_outbox, sent = st.outbox()
    mails_during_outage = st.sink.count()

    st.redis.start()
    # What could not be queued is in the outbox: the operator's relay (or, within two
    # minutes, the beat re-queue) sends it, once.
    relay = st.manage("outbox_relay")
    wait_until(lambda: st.sink.count() == 1 + acknowledged, timeout=30, what="the held emails")
    # And the worker, reconnected, sends new mail by itself again.
    assert ask(st, travellers[0], host, 40) == 201
    wait_until(lambda: st.sink.count() == 2 + acknowledged, timeout=60, what="a fresh email")
    time.sleep(2)
    ids = st.sink.message_ids()
    final_outbox, final_sent = st.outbox()
    print(
        f"\n[redis down] requests={requests} errors={errors} slowest={slowest:.2f}s "
        f"writes_acknowledged={acknowledged} writes_found={in_outbox - 1} "
        f"emails_during_outage={mails_during_outage - 1} relay='{relay.strip()}' "
        f"emails_sent={len(ids)} distinct_message_ids={len(set(ids))} "
        f"outbox={final_sent}/{final_outbox} sent"
    )
    assert errors == 0
    assert slowest < 5, "a request waited on the dead Redis"
    assert acknowledged == len(travellers)
    assert in_outbox == 1 + acknowledged and sent == 1  # safe in the database, unsent
    assert mails_during_outage == 1
    assert len(ids) == len(set(ids)) == final_outbox == final_sent == 2 + acknowledged
