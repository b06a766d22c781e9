"""Under an https SITE_URL: HSTS, and cookies that are Secure and HttpOnly.

Settings derive these from the environment at start-up, so they are checked in a
fresh process with production-like values, through Django's test client.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = r"""
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.test import override_settings
setup_test_environment()
# No collectstatic in a test: plain static storage, everything else as in production.
override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}).enable()
client = Client(HTTP_HOST="stopover.example.org", headers={"X-Forwarded-Proto": "https"})
page = client.get("/accounts/login/", secure=True)
cookies = {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
                  "samesite": c["samesite"]} for name, c in page.cookies.items()}
plain = Client(HTTP_HOST="stopover.example.org").get("/accounts/login/")
print(json.dumps({
    "status": page.status_code,
    "hsts": page.get("Strict-Transport-Security"),
    "cookies": cookies,
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
}))
"""


def test_https_deployments_send_hsts_and_secure_httponly_cookies(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("_URL") and k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "travel.settings",
            "DEBUG": "false",
            "STOPOVER_TESTING": "false",
            "SECRET_KEY": "s" * 64,
            "ALLOWED_HOSTS": "stopover.example.org",
            "SITE_URL": "https://stopover.example.org",
            "SECURE_SSL_REDIRECT": "true",
            "BEHIND_TLS_PROXY": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["status"] == 200
    assert data["hsts"].startswith("max-age=31536000")
    assert "includeSubDomains" in data["hsts"]
    assert data["cookies"]["csrftoken"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    # Plain http is sent to https.
    assert data["plain_status"] == 301
    assert data["plain_location"].startswith("https://")


def test_the_session_cookie_is_secure_and_httponly_under_https(settings):
    # The session cookie only appears after sign-in; its flags come from these settings,
    # which the probe above shows are derived from an https SITE_URL.
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
