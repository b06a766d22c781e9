"""The Nu HTML Checker reports no error on the main pages (the HTML as served)."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import pages
from tests.conftest import client_for

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def vnu_url():
    """One checker for the run, as a local HTTP service (a JVM start per page is slow)."""
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `npm ci --ignore-scripts`")
    port = _free_port()
    server = subprocess.Popen(
        ["java", "-Xss16m", "-cp", str(VNU), "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/?out=json"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _check(url, "<!DOCTYPE html><html lang=en><title>x</title></html>")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _check(url: str, html: str) -> list[dict]:
    request = urllib.request.Request(  # noqa: S310 - our own local checker
        url, data=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.load(response)["messages"]


@pytest.mark.parametrize("name", pages.NAMES)
def test_the_page_is_valid_html(name, vnu_url, db):
    url, user = pages.build()[name]
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    errors = [
        f"line {m.get('lastLine')}: {m['message']} | {m.get('extract', '').strip()[:160]}"
        for m in _check(vnu_url, response.content.decode())
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)
