"""Settings come only from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from travel.config import Env

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "DEBUG": "false",
    "STOPOVER_TESTING": "false",
    "SECRET_KEY": "k" * 60 + "-production-like-secret-key-value",
    "ALLOWED_HOSTS": "stopover.example.org",
    "SITE_URL": "https://stopover.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://stopover.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PROD and not k.endswith("_URL") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", **{**PROD, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_deploy_check_passes_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PROD)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DEBUG", "maybe", "DEBUG must be one of true/false"),
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL must be a URL starting with sqlite://"),
        ("CACHE_URL", "memcached://x", "CACHE_URL must be a URL starting with"),
        ("EMAIL_URL", "carrier-pigeon://loft", "EMAIL_URL must be a URL starting with"),
        (
            "CELERY_BROKER_URL",
            "amqp://guest@localhost",
            "CELERY_BROKER_URL must be a redis:// or sqla+sqlite:/// URL",
        ),
        ("PAST_TRIP_RETENTION_DAYS", "thirty", "PAST_TRIP_RETENTION_DAYS must be a whole number"),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be a whole number of at least 0"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR"),
        ("SOURCE_URL", "git@example.org:stopover", "SOURCE_URL must be a URL starting with"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(name, value, expected):
    result = run_manage("check", **{**PROD, name: value})
    assert result.returncode != 0
    assert expected in result.stderr


def test_parsers_accept_the_documented_forms():
    env = Env(
        {
            "A": "yes",
            "B": "0",
            "N": " 12 ",
            "L": "a, b,,c",
            "DB": "postgres://u:p@db:5432/stopover",
            "C": "redis://r:6379/1",
            "E": "smtp+tls://u:p@mail:587",
        }
    )
    assert env.boolean("A") is True and env.boolean("B") is False
    assert env.integer("N", 0) == 12
    assert env.strings("L") == ["a", "b", "c"]
    db = env.database("DB", "sqlite:///x")
    assert db["NAME"] == "stopover" and db["HOST"] == "db" and db["CONN_HEALTH_CHECKS"] is True
    assert env.cache("C", "locmemcache://")["BACKEND"].endswith("RedisCache")
    assert env.email("E", "consolemail://")["EMAIL_USE_TLS"] is True
    assert env.string("MISSING", "fallback") == "fallback"


def test_every_setting_read_is_documented_in_env_example():
    import re

    names = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', (ROOT / "travel/settings.py").read_text()))
    names.add("CELERY_BROKER_URL")
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    internal = {"STOPOVER_TESTING"}
    assert names - internal - documented == set()


def test_static_files_collect_for_production(tmp_path):
    """Whitenoise's manifest storage refuses a file that names a missing one (a source
    map, a font): this is what a deploy runs."""
    result = run_manage(
        "collectstatic", "--noinput", "-v", "0", **{**PROD, "STATIC_ROOT": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
