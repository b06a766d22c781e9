"""Helpers for the accounts tests: a clean cache per test (allauth keeps rate limits
and used TOTP codes there), connections, and TOTP codes computed like an app would."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from accounts.models import User
from accounts.services import connection_make


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def connect(a: User, b: User) -> None:
    connection_make(a=a, b=b, reason="stay")


def totp_now(secret: str) -> str:
    """The current code an authenticator app would show for `secret` (RFC 6238)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def code_from_mail(message) -> str:
    """The code in an allauth email: a line of its own like "WHLC-RXQQ"."""
    match = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})*)\s*$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)
