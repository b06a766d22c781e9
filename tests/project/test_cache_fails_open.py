"""With Redis away, the cache fails open: reads miss, writes are skipped, a warning is
logged, and nothing raises (pages keep serving)."""

import logging

import pytest

from travel.cache import FailOpenRedisCache


@pytest.fixture
def dead_cache():
    # A port nothing listens on: every call fails to connect.
    return FailOpenRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})


def test_every_operation_fails_open_and_warns(dead_cache, caplog):
    FailOpenRedisCache._last_warning = 0.0
    with caplog.at_level(logging.WARNING, logger="travel.cache"):
        assert dead_cache.get("k", "fallback") == "fallback"
        assert dead_cache.add("k", 1) is True
        dead_cache.set("k", 1)
        assert dead_cache.incr("k") == 1
        assert dead_cache.get_many(["a", "b"]) == {}
        assert dead_cache.delete("k") is False
    assert "cache unavailable" in caplog.text


@pytest.mark.skipif("not __import__('os').environ.get('CACHE_URL', '').startswith('redis')")
def test_with_redis_up_it_is_a_normal_cache():
    from django.core.cache import cache

    cache.set("stopover-test-key", 41)
    assert cache.incr("stopover-test-key") == 42
    cache.delete("stopover-test-key")
