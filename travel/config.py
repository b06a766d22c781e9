"""Strict parsers for settings read from the environment.

Every value Stopover reads from the environment goes through one of these, so a bad
value stops start-up with a message that names the variable and what it expected,
instead of surfacing later as a confusing error deep inside Django.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Reads typed values from a mapping (os.environ by default)."""

    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self.source = os.environ if source is None else source

    def _raw(self, name: str) -> str | None:
        value = self.source.get(name)
        return None if value is None else value.strip()

    def _fail(self, name: str, expected: str, value: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(f"{name} must be {expected}, got {value!r}")

    def is_set(self, name: str) -> bool:
        return bool(self._raw(name))

    def string(self, name: str, default: str = "") -> str:
        value = self._raw(name)
        return default if value is None or value == "" else value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise self._fail(name, "one of true/false/1/0/yes/no/on/off", value)

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise self._fail(name, "a whole number", value) from None
        if minimum is not None and number < minimum:
            raise self._fail(name, f"a whole number of at least {minimum}", value)
        return number

    def strings(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self._raw(name)
        if value is None or value == "":
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, choices: list[str], default: str) -> str:
        value = self.string(name, default)
        if value not in choices:
            raise self._fail(name, "one of " + ", ".join(choices), value)
        return value

    def url(self, name: str, default: str, *, schemes: tuple[str, ...]) -> str:
        value = self.string(name, default)
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in schemes:
            raise self._fail(
                name, "a URL starting with " + " or ".join(s + "://" for s in schemes), value
            )
        return value

    def database(self, name: str, default: str) -> dict:
        value = self.url(name, default, schemes=("sqlite", "postgres", "postgresql", "pgsql"))
        try:
            config = environ.Env.db_url_config(value)
        except Exception as exc:  # django-environ raises several kinds
            raise self._fail(
                name, "a database URL (sqlite:///path or postgres://…)", value
            ) from exc
        if config["ENGINE"].endswith("postgresql"):
            # Health checks let a worker recover by itself after PostgreSQL restarts.
            config["CONN_MAX_AGE"] = 60
            config["CONN_HEALTH_CHECKS"] = True
        return config

    def cache(self, name: str, default: str) -> dict:
        value = self.url(name, default, schemes=("locmemcache", "redis", "rediss", "dummycache"))
        try:
            return environ.Env.cache_url_config(value)
        except Exception as exc:
            raise self._fail(
                name, "a cache URL (locmemcache://name or redis://host:port/db)", value
            ) from exc

    def email(self, name: str, default: str) -> dict:
        value = self.url(
            name,
            default,
            schemes=(
                "consolemail",
                "smtp",
                "smtps",
                "smtp+tls",
                "smtp+ssl",
                "memorymail",
                "dummymail",
            ),
        )
        try:
            return environ.Env.email_url_config(value)
        except Exception as exc:
            raise self._fail(
                name,
                "an email URL (consolemail://, smtp+tls://user:pass@host:587 or smtps://user:pass@host:465)",
                value,
            ) from exc
