"""Clients that write and read against a running Stopover, recording every answer."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from tests.reliability.harness import Stack, http


@dataclass
class Answer:
    at: float
    kind: str
    status: int
    body: str
    ref: str = ""


@dataclass
class Recorder:
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)

    def of(self, kind: str | None = None, status: int | None = None) -> list[Answer]:
        with self.lock:
            return [
                a
                for a in self.answers
                if (kind is None or a.kind == kind) and (status is None or a.status == status)
            ]


def _days() -> itertools.count:
    return itertools.count(1)


def writer(st: Stack, cast: dict, index: int, stop: threading.Event, rec: Recorder) -> None:
    """Creates a trip, asks a host for a night, writes a message; again until stopped."""
    from django.utils import timezone

    traveller = cast["travellers"][index]
    host = cast["hosts"][traveller["host"]]
    today = timezone.localdate()
    for n in itertools.count():
        if stop.is_set():
            return
        title = f"Load trip {index}-{n}"
        arrive = today + timedelta(days=1 + n % 300)
        status, body = http(
            "POST", st.url("/api/trips"), token=traveller["token"],
            body={"title": title, "stops": [{"place": cast["place"], "arrive": str(arrive),
                                             "depart": str(arrive + timedelta(days=1))}]},
        )  # fmt: skip
        rec.add(Answer(time.monotonic(), "trip", status, body[:300], title))
        if stop.is_set():
            return
        status, body = http(
            "POST", st.url(f"/api/offers/{host['offer']}/requests"), token=traveller["token"],
            body={"arrive": str(arrive), "depart": str(arrive + timedelta(days=1)),
                  "message": f"May I stay? {index}-{n}"},
        )  # fmt: skip
        rec.add(Answer(time.monotonic(), "stay", status, body[:300], f"{index}-{n}"))
        if stop.is_set():
            return
        text = f"msg {index}-{n}"
        status, body = http(
            "POST", st.url(f"/api/conversations/{traveller['conversation']}/messages"),
            token=traveller["token"], body={"body": text},
        )  # fmt: skip
        rec.add(Answer(time.monotonic(), "message", status, body[:300], text))


READS = ("/", "/api/trips", "/api/stay-requests?role=host", "/api/conversations", "/healthz")


def reader(st: Stack, cast: dict, index: int, stop: threading.Event, rec: Recorder) -> None:
    """Reads pages and API lists as a signed-in member (by token) until stopped."""
    people = cast["hosts"] + cast["travellers"]
    token = people[index % len(people)]["token"]
    for n in itertools.count():
        if stop.is_set():
            return
        path = READS[n % len(READS)]
        status, body = http("GET", st.url(path), token=token if path.startswith("/api") else None)
        rec.add(Answer(time.monotonic(), "read", status, body[:300], path))


def run(
    st: Stack, cast: dict, *, writers: int, readers: int, seconds: float,
    during: callable | None = None,
) -> Recorder:  # fmt: skip
    rec = Recorder()
    stop = threading.Event()
    threads = [
        threading.Thread(target=writer, args=(st, cast, i, stop, rec), daemon=True)
        for i in range(writers)
    ] + [
        threading.Thread(target=reader, args=(st, cast, i, stop, rec), daemon=True)
        for i in range(readers)
    ]
    for thread in threads:
        thread.start()
    try:
        if during is not None:
            during()
        else:
            time.sleep(seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    return rec
