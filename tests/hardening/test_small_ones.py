"""Issue 14, reproduction 12: the smaller ones."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from travel.meetups.services import invitation_create, meetup_create
from travel.trips.models import Trip

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq8vN2xWc4pLr7tYb1mKs9dFg3hJ"


def test_invitation_emails_carry_the_site_prefix(
    owner, member, places, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.services import connection_make

    meetup = meetup_create(
        organizer=owner,
        place=places("Oslo"),
        title="Union evening",
        starts=timezone.now() + timedelta(days=3),
    )
    connection_make(a=owner, b=member, reason="meetup")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(meetup=meetup, actor=owner, invitee=member)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("[Stopover] ")


def test_an_unknown_topic_error_does_not_echo_every_slug(owner_client, places):
    day = (timezone.now() + timedelta(days=7)).date()
    slugs = [f"no-such-topic-{i}" for i in range(5000)]
    body = {
        "title": "Slugs",
        "topics": slugs,
        "stops": [{"place": places("Oslo").pk, "arrive": str(day), "depart": str(day)}],
    }
    response = owner_client.post("/api/trips", json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "topics"
    assert len(response.content) < 1000
    assert "4997 more" in response.json()["message"]
    assert not Trip.objects.exists()


def test_the_meetup_forms_answer_400_when_they_show_errors(owner_client):
    response = owner_client.post("/meetups/new/", {"title": ""})
    assert response.status_code == 400
    assert owner_client.get("/meetups/new/").status_code == 200
    response = owner_client.get("/meetups/near/", {"place": "", "radius_km": "-3"})
    assert response.status_code == 400
    assert owner_client.get("/meetups/near/").status_code == 200


def test_django_request_logging_redacts_calendar_tokens(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/trips/calendar/{TOKEN}.ics").status_code == 404
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/trips/calendar/" in logged and TOKEN not in logged


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_gunicorn_access_log_redacts_calendar_tokens(tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DEBUG": "1",
        "STOPOVER_TESTING": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    env.pop("CELERY_BROKER_URL", None)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "travel.wsgi", "-b", f"127.0.0.1:{port}",
         "--access-logfile", str(log), "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.1)
        for path in (f"/trips/calendar/{TOKEN}.ics", f"/meetups/calendar/{TOKEN}.ics?token=x"):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + path, timeout=5)  # noqa: S310 - loopback
        for _ in range(50):
            if log.exists() and log.read_text().count("calendar") >= 2:
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert text.count("/calendar/[redacted].ics") == 2, text
    assert TOKEN not in text
