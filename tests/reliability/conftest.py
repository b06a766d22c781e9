"""Fixtures for the reliability scenarios: a PostgreSQL of our own for the session (a
migrated template database with the places of Norway), and per scenario a database
copied from it, a Redis, an SMTP sink and whatever processes the test starts. All of it
is stopped by process group at teardown."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.reliability.harness import PG_BIN, Postgres, Processes, Redis, SmtpSink, Stack

TEMPLATE = "stopover_base"


@pytest.fixture(scope="session")
def reliability_dir():
    if not (PG_BIN / "initdb").exists() or not shutil.which("redis-server"):
        pytest.skip("needs PostgreSQL server binaries (PG_BIN) and redis-server")
    path = Path(tempfile.mkdtemp(prefix="stopover-reliability-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres(reliability_dir):
    procs = Processes(reliability_dir)
    try:
        pg = Postgres(procs, reliability_dir)
        pg.start()
        pg.execute(f"CREATE DATABASE {TEMPLATE}")
        setup = Stack(procs, pg, TEMPLATE, None, sink=None)  # type: ignore[arg-type]
        setup.manage("migrate", "--noinput", timeout=300, EMAIL_URL="dummymail://")
        setup.manage("load_places", "--countries", "NO", timeout=300, EMAIL_URL="dummymail://")
        yield pg
    finally:
        procs.stop_all()


@pytest.fixture
def stack(postgres, tmp_path, request):
    """A scenario's own database, Redis and mail sink; processes it starts stop after."""
    db = "s_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    postgres.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    postgres.execute(f"CREATE DATABASE {db} TEMPLATE {TEMPLATE}")
    procs = Processes(tmp_path)
    sink = SmtpSink()
    redis = Redis(procs, tmp_path)
    st = Stack(procs, postgres, db, redis, sink)
    try:
        redis.start()
        yield st
    finally:
        for proc in procs.started:
            if proc.popen.poll() is not None and not proc.stopped:  # died by itself
                print(f"--- {proc.name} log (tail) ---\n{proc.tail(15)}")
        procs.stop_all()
        sink.close()
        if postgres.ready():
            postgres.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def people(st: Stack, hosts: int, travellers: int) -> dict:
    return json.loads(st.python("setup_data.py", str(hosts), str(travellers)).strip())
