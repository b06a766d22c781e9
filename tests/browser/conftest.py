"""Playwright journeys in Debian's headless Chromium (never a downloaded browser).

Screenshots of a failing test, at the size it ran, land in test-results/, with the
steps a journey recorded on the way (the `step` fixture).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django must allow DB use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 780}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def viewport(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport):
    return {**browser_context_args, "viewport": WIDTHS[viewport], "locale": "en"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        _write_steps(item)
        page = item.funcargs.get("page")
        if page is not None:
            RESULTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", item.nodeid)[-150:]
            # A failed screenshot must not hide the test's own failure.
            with contextlib.suppress(Exception):
                page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


@pytest.fixture
def step(request, page):
    """step("name") keeps a screenshot of the page at that point of a journey; the
    screenshots of a failed journey are written to test-results/ beside the last one."""
    shots: list[tuple[str, bytes]] = []
    request.node.stash[_STEPS] = shots

    def take(name: str) -> None:
        with contextlib.suppress(Exception):
            shots.append((name, page.screenshot(full_page=True)))

    return take


_STEPS = pytest.StashKey[list]()


def _write_steps(item) -> None:
    shots = item.stash.get(_STEPS, [])
    if not shots:
        return
    RESULTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.nodeid)[-120:]
    for number, (label, png) in enumerate(shots, 1):
        label = re.sub(r"[^\w.-]+", "_", label)
        (RESULTS / f"{name}-step{number:02d}-{label}.png").write_bytes(png)


@pytest.fixture(autouse=True)
def _no_map_tiles(settings):
    """No tile server in tests (the default too): maps draw our own basemap."""
    settings.MAP_TILE_URL = ""


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every journey starts with allauth's rate limits (kept in the cache) at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_page(browser, browser_context_args):
    """A second person's browser (own cookies), the same size as `page`."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()
