"""Issue 14, reproductions 5 and 12 (anonymous writes): API errors are always JSON
`{"message", "field", "errors"}`, with DEBUG on or off; HTML pages get the site layout."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from tests.conftest import client_for, make_member
from travel.errors import server_error

pytestmark = pytest.mark.django_db


def assert_api_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = response.json()
    assert set(body) == {"message", "field", "errors"} and body["message"]
    assert b"Traceback" not in response.content
    return body


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_malformed_json_and_non_object_bodies_are_400(owner_client, debug):
    for body in ("{not json", "[1, 2]", '"text"', "3"):
        for method in (owner_client.post, owner_client.patch):
            path = "/api/trips" if method == owner_client.post else "/api/me"
            response = method(path, body, content_type="application/json")
            assert_api_error(response, 400)


def test_a_body_over_the_limit_is_413(owner_client, settings, debug):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"title": "x" * 20_000})
    assert_api_error(owner_client.post("/api/trips", body, content_type="application/json"), 413)


def test_anonymous_writes_are_401_not_a_csrf_403(db, debug):
    client = Client(enforce_csrf_checks=True)
    for method, path in (("post", "/api/trips"), ("patch", "/api/me"), ("post", "/api/offers")):
        response = getattr(client, method)(path, "{}", content_type="application/json")
        assert_api_error(response, 401)


def test_a_signed_in_session_write_still_needs_its_csrf_token(owner, debug):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.patch("/api/me", "{}", content_type="application/json")
    assert_api_error(response, 403)


def test_unknown_paths_and_wrong_methods_answer_json(owner_client, debug):
    assert_api_error(owner_client.get("/api/no-such-thing"), 404)
    response = owner_client.put("/api/trips", "{}", content_type="application/json")
    body = assert_api_error(response, 405)
    assert "GET" in response["Allow"] and body["message"]


def test_a_crash_is_a_json_500_without_traceback(owner, monkeypatch, debug):
    import travel.places.api

    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(travel.places.api, "places_search", broken)
    client = client_for(owner)
    client.raise_request_exception = False
    response = client.get("/api/places", {"q": "Oslo"})
    assert_api_error(response, 500)
    assert b"secret internals" not in response.content


def test_rate_limited_new_conversations_say_when_to_retry(owner, settings):
    settings.MESSAGING_NEW_CONVERSATION_QUOTAS = {"new": (1, 1), "established": (1, 1)}
    client = client_for(owner)
    first, second = make_member(), make_member()
    for who, status in ((first, 201), (second, 429)):
        response = client.post(
            "/api/conversations",
            json.dumps({"to": str(who.public_id), "body": "Hello, coming through Oslo soon!"}),
            content_type="application/json",
        )
        assert response.status_code == status, response.content
    assert_api_error(response, 429)
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("path", ["/no-such-page/", "/trips/00000000-0000-0000-0000-000000000000/"])
def test_html_404_is_in_the_site_layout(client, owner_client, settings, path):
    settings.DEBUG = False
    for who in (client, owner_client) if path.startswith("/no-") else (owner_client,):
        response = who.get(path)
        assert response.status_code == 404
        assert b'class="site-header"' in response.content
        assert b"We could not find that page" in response.content


def test_html_500_is_in_the_site_layout(settings):
    settings.DEBUG = False
    try:
        raise RuntimeError("secret internals")
    except RuntimeError:
        page = server_error(RequestFactory().get("/dashboard/"))
    assert page.status_code == 500
    assert b'class="site-header"' in page.content and b"secret internals" not in page.content
    assert b"Something went wrong on our side" in page.content
