"""With default settings the maps name no tile server and the CSP no third-party origin."""

from __future__ import annotations

from django.conf import settings


def test_it_names_no_tile_server_by_default():
    assert settings.MAP_TILE_URL == ""


def test_the_default_csp_names_no_third_party_origin(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in policy.split(";"):
        sources = directive.split()[1:]
        assert all(s in ("'self'", "'none'", "data:") for s in sources), directive
