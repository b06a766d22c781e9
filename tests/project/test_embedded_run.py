"""Done when 3: under the embedded default (what `make run` starts: `python -m
travel.embedded`, no broker configured), a message emailed "immediately" appears on the
console within a minute, with no other command started.

Real processes: the web server and the Celery worker with embedded beat on the SQLite
broker, on a fresh SQLite database in a temporary folder. Needs no service.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import django; django.setup()
from accounts.models import Connection, User
from accounts.services import api_token_create, connection_make
a = User.objects.create_user(email="ada@example.org", password="x" * 20, display_name="Ada")
b = User.objects.create_user(email="bo@example.org", password="x" * 20, display_name="Bo")
connection_make(a=a, b=b, reason=Connection.Reason.STAY)
print(api_token_create(user=a, name="t")[1], b.public_id)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(check, timeout: float, what: str, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.3)
    tail = log.read_text("utf-8", "replace")[-3000:] if log is not None else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{tail}")


def test_a_message_is_emailed_on_the_console_within_a_minute(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CACHE_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith("CELERY_")
    }
    env.update(
        DEBUG="1",
        STOPOVER_TESTING="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="travel.settings",
        PYTHONUNBUFFERED="1",
    )
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "timeout": 300}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], **run)
    token, recipient = subprocess.run(
        [sys.executable, "-c", SETUP], text=True, **run
    ).stdout.split()
    port = _free_port()
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "travel.embedded", "--addr", f"127.0.0.1:{port}",
             "--no-reload", "--var", str(tmp_path)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        _wait(lambda: b"ready." in log.read_bytes(), 180, "the worker", log)
        _wait(
            lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2),
            60,
            "the web server",
        )
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/conversations",
            data=json.dumps({"to": recipient, "body": "See you at the station at nine?"}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.status == 201
        sent = time.monotonic()
        _wait(
            lambda: b"To: bo@example.org" in log.read_bytes(), 60, "the email on the console", log
        )
        took = time.monotonic() - sent
        text = log.read_text("utf-8", "replace")
        assert "Subject: [Stopover] A new message" in text
        assert text.count("To: bo@example.org") == 1
        print(f"\n[embedded] message emailed on the console after {took:.1f}s")
        assert took < 60
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
