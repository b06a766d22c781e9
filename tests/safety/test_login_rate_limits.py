"""Login rate limits count the address our proxy saw: a spoofed X-Forwarded-For
header cannot reset them (TRUSTED_PROXY_COUNT)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}}
LIMITS = {"login_failed": "3/m/ip", "login": "100/m/ip"}


@pytest.fixture(autouse=True)
def _clean_cache():
    with override_settings(CACHES=LOCMEM):
        cache.clear()
        yield
        cache.clear()


LIMITED = "Too many failed login attempts"


def limited(response) -> bool:
    """allauth answers a limited login with the form and this error (or a 429)."""
    return response.status_code == 429 or LIMITED in response.content.decode()


def attempt(client, n: int, *, forwarded: str | None, remote: str = "10.0.0.1") -> bool:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    # A different account each time, so only the per-address limit can trigger.
    response = client.post(
        reverse("account_login"),
        {"login": f"nobody{n}@example.org", "password": "wrong password"},
        **extra,
    )
    assert response.status_code in (200, 429)
    return limited(response)


@override_settings(TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS=LIMITS, CACHES=LOCMEM)
def test_a_spoofed_forwarded_for_cannot_reset_the_limit(db, client):
    outcomes = [
        # The client invents the left part; our proxy appends the real address.
        attempt(client, n, forwarded=f"198.51.100.{n}, 203.0.113.7")
        for n in range(6)
    ]
    assert outcomes == [False, False, False, True, True, True]


@override_settings(TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS=LIMITS, CACHES=LOCMEM)
def test_another_real_address_is_not_limited(db, client):
    for n in range(3):
        attempt(client, n, forwarded="203.0.113.7")
    assert attempt(client, 9, forwarded="203.0.113.7")
    assert not attempt(client, 10, forwarded="203.0.113.99")


@override_settings(TRUSTED_PROXY_COUNT=0, ACCOUNT_RATE_LIMITS=LIMITS, CACHES=LOCMEM)
def test_without_a_trusted_proxy_the_header_is_ignored(db, client):
    outcomes = [attempt(client, n, forwarded=f"198.51.100.{n}") for n in range(4)]
    assert outcomes == [False, False, False, True]


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_the_client_address_is_counted_from_the_right():
    from django.test import RequestFactory

    from accounts.adapter import AccountAdapter

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.1"
    )
    assert AccountAdapter(request).get_client_ip(request) == "203.0.113.7"
    short = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert AccountAdapter(short).get_client_ip(short) == "10.0.0.2"
