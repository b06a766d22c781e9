"""The safe fetcher (P11): what it refuses before and after connecting."""

from __future__ import annotations

import json
import time

import pytest

from tests.federation.conftest import Answer
from travel.federation.fetcher import FetchError, fetch_json, post_json

AS_JSON = {"Content-Type": "application/activity+json"}


def test_it_fetches_an_activitystreams_object(remote):
    remote.routes["/actor"] = Answer(200, json.dumps({"type": "Person"}).encode(), AS_JSON)
    assert fetch_json(remote.url("/actor")) == {"type": "Person"}
    assert "application/activity+json" in remote.received[0].headers["accept"]


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/actor",
        "https://localhost/actor",  # refused after resolving the name
        "https://10.1.2.3/actor",
        "https://192.168.0.1/actor",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/actor",
        "https://[fe80::1]/actor",
        "https://224.0.0.1/actor",
        "https://0.0.0.0/actor",
        "https://[::ffff:10.0.0.1]/actor",
        "ftp://example.org/actor",
        "https://user:pw@example.org/actor",
        "not a url",
    ],
)
def test_it_refuses_private_and_odd_addresses(url):
    with pytest.raises(FetchError):
        fetch_json(url)


def test_it_refuses_plain_http_unless_tests_allow_loopback(remote, settings):
    settings.FEDERATION_ALLOW_HTTP_LOOPBACK = False
    with pytest.raises(FetchError, match="https"):
        fetch_json(remote.url("/actor"))
    assert remote.received == []


def test_it_refuses_a_redirect_to_a_private_address(remote):
    remote.routes["/hop"] = Answer(302, b"", {"Location": "http://10.0.0.7/secret"})
    with pytest.raises(FetchError, match="not a public address"):
        fetch_json(remote.url("/hop"))


def test_it_follows_a_redirect_on_loopback_and_checks_each_hop(remote):
    remote.routes["/hop"] = Answer(301, b"", {"Location": "/there"})
    remote.routes["/there"] = Answer(200, b'{"ok": true}', AS_JSON)
    assert fetch_json(remote.url("/hop")) == {"ok": True}


def test_it_refuses_an_answer_that_is_too_large(remote):
    remote.routes["/big"] = Answer(200, b'{"a": "' + b"x" * 5000 + b'"}', AS_JSON)
    with pytest.raises(FetchError, match="too large"):
        fetch_json(remote.url("/big"), max_bytes=1000)


def test_it_refuses_an_answer_that_declares_a_large_size(remote):
    def declared(_got):
        return Answer(
            200, b'{"a": "' + b"x" * 5000 + b'"}', {**AS_JSON, "Content-Length": "5000000"}
        )

    remote.routes["/big"] = declared
    with pytest.raises(FetchError, match="too large"):
        fetch_json(remote.url("/big"), max_bytes=1000)


def test_it_refuses_html(remote):
    remote.routes["/page"] = Answer(200, b"<html></html>", {"Content-Type": "text/html"})
    with pytest.raises(FetchError, match="did not answer with"):
        fetch_json(remote.url("/page"))


def test_it_refuses_json_that_is_not_an_object(remote):
    remote.routes["/list"] = Answer(200, b"[1, 2]", AS_JSON)
    with pytest.raises(FetchError, match="JSON object"):
        fetch_json(remote.url("/list"))


def test_it_gives_up_on_a_server_that_does_not_answer(remote):
    def slow(_got):
        time.sleep(2)
        return Answer(200, b"{}", AS_JSON)

    remote.routes["/slow"] = slow
    with pytest.raises(FetchError, match="in time"):
        fetch_json(remote.url("/slow"), timeout=0.3)


def test_it_neither_keeps_nor_sends_cookies(remote):
    remote.routes["/hop"] = Answer(
        302, b"", {"Location": "/there", "Set-Cookie": "track=1; Path=/"}
    )
    remote.routes["/there"] = Answer(200, b"{}", AS_JSON)
    fetch_json(remote.url("/hop"))
    assert all("cookie" not in got.headers for got in remote.received)


def test_it_posts_without_following_redirects(remote):
    remote.routes["/inbox"] = Answer(202, b"")
    assert post_json(remote.url("/inbox"), b'{"type": "Follow"}') == 202
    assert remote.received[0].body == b'{"type": "Follow"}'
    assert remote.received[0].headers["content-type"] == "application/activity+json"


def test_under_the_test_suite_no_host_name_is_looked_up(monkeypatch):
    """Fuzzed or imported addresses must not make a test ask a DNS server (no test
    reaches the internet): the fetcher refuses a name before resolving it."""
    import socket

    from travel.federation import fetcher

    looked_up: list[str] = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: looked_up.append(host))
    with pytest.raises(fetcher.FetchError, match="looks up no names"):
        fetcher.resolve("social.example.org", 443)
    assert looked_up == []
