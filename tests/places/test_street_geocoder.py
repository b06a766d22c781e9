"""The optional street geocoder, against a Nominatim stand-in on loopback: off by
default, asked only with the text a member typed and asked to look up, the text never a
task argument, one queue at one request a second, answers cached."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest

from travel.celery import app
from travel.places import tasks


class FakeNominatim(BaseHTTPRequestHandler):
    asked: list[dict] = []

    def do_GET(self):
        url = urlsplit(self.path)
        FakeNominatim.asked.append({"path": url.path, **parse_qs(url.query)})
        body = json.dumps(
            [{"lat": "55.70466", "lon": "13.19100", "display_name": "Stora Södergatan 1, Lund"}]
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNominatim.asked = []
    settings.NOMINATIM_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield FakeNominatim.asked
    server.shutdown()


def test_it_is_off_by_default(owner_client, nominatim):
    response = owner_client.post("/places/street", {"address": "Stora Södergatan 1, Lund"})
    assert response.status_code == 404
    assert nominatim == []


def test_it_looks_up_only_what_the_member_asked_and_caches_it(owner_client, settings, nominatim):
    settings.STREET_GEOCODER = True
    with mock.patch.object(tasks.street_geocode, "delay", wraps=tasks.street_geocode.delay) as spy:
        response = owner_client.post("/places/street", {"address": "Stora Södergatan 1, Lund"})
    assert response.status_code == 200
    assert "Stora Södergatan 1, Lund" in response.content.decode()
    assert 'data-point="55.70466,13.191"' in response.content.decode()
    [asked] = nominatim
    assert asked["path"] == "/search" and asked["q"] == ["Stora Södergatan 1, Lund"]
    # The task got a token, never the address (P1: not in task arguments).
    [call] = spy.call_args_list
    assert "Södergatan" not in json.dumps([call.args, call.kwargs])
    again = owner_client.post("/places/street", {"address": "stora södergatan 1, LUND"})
    assert "Stora Södergatan 1, Lund" in again.content.decode()
    assert len(nominatim) == 1  # answered from the cache


def test_saving_an_offer_with_an_address_asks_nobody(owner, places, settings, nominatim):
    from tests.matching.factories import offer

    settings.STREET_GEOCODER = True
    offer(owner, places("Lund"))  # its address stays private and is never looked up
    assert nominatim == []


def test_bad_input_is_a_clear_400(owner_client, settings, nominatim):
    settings.STREET_GEOCODER = True
    for address in ("", "   ", "x" * 10_000):
        response = owner_client.post("/places/street", {"address": address})
        assert response.status_code == 400
        assert b"street address" in response.content
    assert nominatim == []


def test_anonymous_visitors_cannot_use_it(client, settings, nominatim):
    settings.STREET_GEOCODER = True
    response = client.post("/places/street", {"address": "Lund"})
    assert response.status_code in (302, 403)
    assert nominatim == []


def test_the_lookups_run_from_their_own_queue_at_one_a_second():
    assert tasks.street_geocode.rate_limit == "1/s"
    route = app.amqp.router.route({}, tasks.street_geocode.name)
    assert route["queue"].name == "geocoder"


def test_an_unknown_or_expired_token_polls_to_no_address(owner_client, settings, nominatim):
    from travel.places.street import street_results

    settings.STREET_GEOCODER = True
    assert street_results(token="no-such-token") == []
    polled = owner_client.get("/places/street", {"token": "no-such-token"})
    assert polled.status_code == 200 and b"No address found" in polled.content
