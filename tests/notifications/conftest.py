from __future__ import annotations

import pytest

from tests.notifications.pushserver import PushServer


@pytest.fixture
def push_server(tmp_path, settings, monkeypatch):
    server = PushServer(tmp_path)
    settings.PUSH_ALLOWED_HOSTS = ["127.0.0.1"]
    # pywebpush sends with requests: trust the test service's own certificate.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
