"""Real processes on loopback for the reliability scenarios.

Each process starts in its own process group and is stopped by its group id (never by
name); every wait has a deadline. PostgreSQL runs from its own data directory in a
temporary folder, Redis without persistence on a free port, mail goes to an SMTP sink
in this process.
"""

from __future__ import annotations

import contextlib
import email
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SECRET = "reliability-tests-secret-key-" + "x" * 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check: Callable[[], Any], *, timeout: float, what: str, every: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except Exception:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


# ------------------------------------------------------------------ processes


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path
    stopped: bool = False  # by us, on purpose

    @property
    def pid(self) -> int:
        return self.popen.pid

    def signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        """Signal the whole group, wait, then SIGKILL what is left."""
        self.stopped = True
        if self.popen.poll() is None:
            self.signal_group(sig)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.signal_group(signal.SIGKILL)
                self.popen.wait(timeout=10)
        # Children that outlived their parent (a prefork pool) go with the group.
        self.signal_group(signal.SIGKILL)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class Processes:
    """Starts processes and stops every one of them, by process group, at teardown."""

    workdir: Path
    started: list[Proc] = field(default_factory=list)

    def start(self, name: str, argv: list[str], *, env: dict | None = None, **kw: Any) -> Proc:
        log = self.workdir / f"{name}-{len(self.started)}.log"
        out = log.open("ab")
        popen = subprocess.Popen(
            argv,
            env=env,
            cwd=kw.pop("cwd", ROOT),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            **kw,
        )
        out.close()
        proc = Proc(name, popen, log)
        self.started.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.started):
            try:
                proc.stop(timeout=10)
            except Exception as exc:  # keep stopping the others
                print(f"could not stop {proc.name} ({proc.pid}): {exc}")


# ------------------------------------------------------------------ PostgreSQL


def _as_postgres() -> dict:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


class Postgres:
    """A PostgreSQL server of our own: its own data directory, port and socket folder."""

    def __init__(self, procs: Processes, base: Path) -> None:
        self.procs = procs
        self.base = base / "pg"
        self.data = self.base / "data"
        self.port = free_port()
        self.proc: Proc | None = None
        self.base.mkdir(mode=0o777)
        os.chmod(self.base, 0o777)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        subprocess.run(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
             "-E", "UTF8", "--no-locale", "--no-sync"],
            check=True, capture_output=True, timeout=120, **_as_postgres(),
        )  # fmt: skip

    def start(self) -> None:
        self.proc = self.procs.start(
            "postgres",
            [str(PG_BIN / "postgres"), "-D", str(self.data), "-p", str(self.port),
             "-k", str(self.base), "-c", "listen_addresses=127.0.0.1",
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=300"],
            **_as_postgres(),
        )  # fmt: skip
        wait_until(self.ready, timeout=30, what="PostgreSQL to accept connections")

    def stop(self, sig: int = signal.SIGINT) -> None:
        """SIGINT is PostgreSQL's fast shutdown: sessions are ended, work is rolled back."""
        assert self.proc is not None
        self.proc.stop(sig, timeout=30)

    def ready(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.url("postgres"), connect_timeout=1):
                return True
        except psycopg.Error:
            return False

    def url(self, db: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def execute(self, sql: str, db: str = "postgres", params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(db), autocommit=True, connect_timeout=5) as conn:
            cur = conn.execute(sql, params)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []

    def scalar(self, sql: str, db: str, params: tuple = ()) -> Any:
        return self.execute(sql, db, params)[0][0]


# ------------------------------------------------------------------ Redis


class Redis:
    def __init__(self, procs: Processes, base: Path) -> None:
        self.procs = procs
        self.dir = base / "redis"
        self.dir.mkdir()
        self.port = free_port()
        self.proc: Proc | None = None

    def start(self) -> None:
        self.proc = self.procs.start(
            "redis",
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
        )  # fmt: skip
        wait_until(lambda: port_open(self.port), timeout=15, what="Redis")

    def stop(self) -> None:
        assert self.proc is not None
        self.proc.stop(signal.SIGKILL)
        wait_until(lambda: not port_open(self.port), timeout=10, what="Redis to stop")


# ------------------------------------------------------------------ mail


class _SmtpHandler(socketserver.StreamRequestHandler):
    def _ok(self, line: bytes = b"250 OK") -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink  # type: ignore[attr-defined]
        self._ok(b"220 sink ESMTP")
        rcpts: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif command.startswith("MAIL FROM"):
                rcpts = []
                self._ok()
            elif command.startswith("RCPT TO"):
                rcpts.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self._ok()
            elif command == "DATA":
                self._ok(b"354 end with .")
                data = bytearray()
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                sink.receive(rcpts, email.message_from_bytes(bytes(data)))
                self._ok()
            elif command == "QUIT":
                self._ok(b"221 bye")
                return
            else:
                self._ok()


class SmtpSink:
    """Receives mail from any process on a loopback port and keeps it in memory."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        self._lock = threading.Lock()
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
        self.server.daemon_threads = True
        self.server.sink = self  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def receive(self, rcpts: list[str], message: email.message.Message) -> None:
        with self._lock:
            self.messages.append(
                {"to": rcpts, "message_id": message["Message-ID"], "subject": message["Subject"]}
            )

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def message_ids(self) -> list[str]:
        with self._lock:
            return [m["message_id"] for m in self.messages]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# ------------------------------------------------------------------ the app


@dataclass
class Stack:
    """One scenario's running system."""

    procs: Processes
    pg: Postgres
    db: str
    redis: Redis | None
    sink: SmtpSink
    web_port: int = 0
    web: Proc | None = None
    worker: Proc | None = None

    def env(self, **extra: str) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "travel.settings",
                "PYTHONPATH": str(ROOT),
                "DEBUG": "0",
                # Plain static files and fast password hashing; otherwise production.
                "STOPOVER_TESTING": "1",
                "SECRET_KEY": SECRET,
                "DATABASE_URL": self.pg.url(self.db),
                "EMAIL_URL": f"smtp://127.0.0.1:{self.sink.port}" if self.sink else "dummymail://",
                "SITE_URL": f"http://127.0.0.1:{self.web_port or 8000}",
                "ALLOWED_HOSTS": "127.0.0.1",
                "LOG_LEVEL": "INFO",
            }
        )
        for name in ("CELERY_BROKER_URL", "CACHE_URL"):
            env.pop(name, None)
        if self.redis is not None:
            env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{self.redis.port}/0"
            env["CACHE_URL"] = f"redis://127.0.0.1:{self.redis.port}/1"
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 120, **extra: str) -> str:
        result = subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def python(self, script: str, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [str(BIN / "python"), str(ROOT / "tests" / "reliability" / script), *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start_web(self, workers: int = 3, threads: int = 8) -> None:
        self.web_port = self.web_port or free_port()
        self.web = self.procs.start(
            "gunicorn",
            [str(BIN / "gunicorn"), "travel.wsgi", "-b", f"127.0.0.1:{self.web_port}",
             "-w", str(workers), "--threads", str(threads), "--timeout", "30",
             "--graceful-timeout", "5"],
            env=self.env(),
        )  # fmt: skip
        wait_until(
            lambda: http("GET", self.url("/healthz"))[0] == 200,
            timeout=40,
            what=f"gunicorn to serve\n{self.web.tail()}",
        )

    def start_worker(self, **extra: str) -> Proc:
        self.worker = self.procs.start(
            "worker",
            [str(BIN / "celery"), "-A", "travel", "worker", "-P", "prefork", "-c", "2",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
            env=self.env(**extra),
        )  # fmt: skip
        assert self.worker is not None
        worker = self.worker
        wait_until(
            lambda: "ready." in worker.log.read_text(errors="replace"),
            timeout=40,
            what=f"the Celery worker\n{worker.tail()}",
        )
        return worker

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def outbox(self) -> tuple[int, int]:
        """(messages in the outbox, of which sent)."""
        rows = self.pg.execute("SELECT count(*), count(sent_at) FROM outbox_outboxmessage", self.db)
        return rows[0][0], rows[0][1]


# ------------------------------------------------------------------ HTTP


def http(
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: dict | None = None,
    timeout: float = 15,
    opener: urllib.request.OpenerDirector | None = None,
    form: dict | None = None,
    headers: dict | None = None,
) -> tuple[int, str]:
    """(status, text); status 0 when the server could not be reached or timed out."""
    data = None
    all_headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        all_headers["Content-Type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with (opener or _plain).open(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")
    except (urllib.error.URLError, OSError, TimeoutError):
        return 0, ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_plain = urllib.request.build_opener(_NoRedirect)


def browser() -> tuple[urllib.request.OpenerDirector, CookieJar]:
    jar = CookieJar()
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(jar))
    return opener, jar


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)
