"""Security headers on every page, for anonymous visitors and members."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SKIP_PREFIXES = ("admin/", "api/", "i18n/", "static/", "healthz")


def _plain_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every URL of the site that takes no argument (pages a visitor can just open)."""
    paths = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            paths.extend(_plain_paths(entry.url_patterns, prefix + route))
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            full = prefix + route.lstrip("^").rstrip("$")
            if "\\" in full or "(" in full or full.startswith(SKIP_PREFIXES):
                continue
            paths.append("/" + full)
    return sorted(set(paths))


def assert_security_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    directives = dict(
        ([*part.strip().split(" ", 1), ""])[:2] for part in csp.split(";") if part.strip()
    )
    script_src = directives.get("script-src", directives.get("default-src", ""))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'self'" in script_src
    assert directives.get("frame-ancestors") == "'none'"
    assert directives.get("object-src") == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_walk_finds_the_main_pages():
    paths = _plain_paths()
    for expected in ("/", "/dashboard/", "/messages/", "/accounts/login/"):
        assert expected in paths


@pytest.mark.parametrize("path", _plain_paths())
def test_every_page_sends_the_security_headers_to_anonymous_visitors(db, client, path):
    response = client.get(path)
    if response.status_code >= 400 or response.status_code == 405:
        pytest.skip(f"{path} answers {response.status_code} to a GET")
    assert_security_headers(response)


@pytest.mark.parametrize("path", _plain_paths())
def test_every_page_sends_the_security_headers_and_no_store_to_members(owner_client, path):
    response = owner_client.get(path)
    if response.status_code in (404, 405):
        pytest.skip(f"{path} answers {response.status_code} to a GET")
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_json_and_errors_carry_the_headers_too(owner_client, client):
    assert_security_headers(owner_client.get("/api/conversations"))
    assert_security_headers(client.get("/messages/c/00000000-0000-0000-0000-000000000000/"))
    assert_security_headers(owner_client.get("/messages/c/00000000-0000-0000-0000-000000000000/"))
