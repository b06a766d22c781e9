"""A database that is away: a friendly 503, never a traceback."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    # The first query of a signed-in request is the session's.
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", down)


def test_it_answers_a_page_with_a_friendly_503(owner, database_down):
    client = client_for(None)
    client.cookies["sessionid"] = "x" * 32
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "Back in a moment" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert 'style="' not in body and "<script" not in body


def test_it_answers_the_api_with_a_json_503(owner, database_down):
    client = client_for(None)
    client.cookies["sessionid"] = "x" * 32
    client.raise_request_exception = False
    response = client.get("/api/trips/")
    assert response.status_code == 503
    assert "unavailable" in response.json()["message"]


def test_other_errors_stay_a_500(rf):
    import sys

    from travel.errors import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        assert sys.exc_info()[0] is ValueError
        response = server_error(rf.get("/"))
    assert response.status_code == 500


def test_the_503_page_is_translated(owner, database_down):
    client = client_for(None)
    client.cookies["sessionid"] = "x" * 32
    client.raise_request_exception = False
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 503
    assert '<html lang="de">' in response.content.decode()
