"""The embedded default: the web server and a real Celery worker with embedded beat.

`make run` runs `python -m travel.embedded`. Without CELERY_BROKER_URL the worker and
the web server share a broker that needs no server: kombu's SQLAlchemy transport on a
SQLite file under var/. So schedules run (batched emails, digests, reminders, stay
expiry, the outbox re-queue) with no Redis and no second command. Stopping it (Ctrl-C)
stops both.

    python -m travel.embedded [--addr 127.0.0.1:8000] [--no-reload]
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path


def _log_level(value: str) -> str:
    """A level name for celery's --loglevel; Celery's own test worker leaves a number
    ("40") in CELERY_LOG_LEVEL, which the command line refuses."""
    if value.isdigit():
        name = logging.getLevelName(int(value))
        return name if isinstance(name, str) and not name.startswith("Level") else "INFO"
    return value.upper() or "INFO"


ROOT = Path(__file__).resolve().parent.parent


def broker_url(var: Path) -> str:
    return f"sqla+sqlite:///{var / 'celery-broker.sqlite3'}"


def environment(var: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("CELERY_BROKER_URL", broker_url(var))
    return env


def worker_command(var: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "travel",
        "worker",
        "--beat",
        "--schedule",
        str(var / "celerybeat-schedule"),
        # One process: SQLite is happiest with one writer, and the box is small.
        "--pool",
        "solo",
        "--loglevel",
        _log_level(os.environ.get("CELERY_LOG_LEVEL", "INFO")),
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.1:8000")
    parser.add_argument("--no-reload", action="store_true")
    parser.add_argument("--var", default=str(ROOT / "var"))
    args = parser.parse_args(argv)
    var = Path(args.var)
    var.mkdir(parents=True, exist_ok=True)
    env = environment(var)
    print(
        f"embedded: Celery worker with beat on {env['CELERY_BROKER_URL']}, "
        f"web on http://{args.addr}/",
        flush=True,
    )
    worker = subprocess.Popen(worker_command(var), cwd=ROOT, env=env)  # noqa: S603
    web_cmd = [sys.executable, "manage.py", "runserver", args.addr]
    if args.no_reload:
        web_cmd.append("--noreload")
    web = subprocess.Popen(web_cmd, cwd=ROOT, env=env)  # noqa: S603

    def stop(*_args: object) -> None:
        for proc in (web, worker):
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while True:
            try:
                code = web.wait(timeout=1)
                break
            except subprocess.TimeoutExpired:
                if worker.poll() is not None:
                    print("embedded: the worker stopped; stopping the web server", flush=True)
                    code = worker.returncode or 1
                    break
    finally:
        stop()
        for proc in (web, worker):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
