"""POST /api/trips/import: a draft from a post's text or address, and nothing saved."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from django.utils import timezone

from tests.federation.conftest import Answer
from tests.federation.import_places import journey_places  # noqa: F401 (a fixture)
from tests.federation.import_posts import JOURNEY, POSTS, next_reference_monday, post
from travel.federation import trip_import
from travel.trips.models import Stop, Trip

pytestmark = pytest.mark.usefixtures("journey_places")
AS_JSON = {"Content-Type": "application/activity+json"}


def _import(client, body):
    return client.post("/api/trips/import", json.dumps(body), content_type="application/json")


def _monday():
    return next_reference_monday(timezone.localdate())


def _note(text: str, **extra) -> bytes:
    """A post as Mastodon serves it: HTML content, hashtags in `tag`."""
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return json.dumps(
        {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://social.example/users/olive/statuses/1",
            "type": "Note",
            "attributedTo": "https://social.example/users/olive",
            "content": paragraphs,
            "tag": [{"type": "Hashtag", "name": "#cooperatives", "href": "https://x/tags/c"}],
            **extra,
        }
    ).encode()


@pytest.mark.parametrize("language", sorted(POSTS))
def test_it_returns_a_draft_of_the_reference_journey_and_saves_nothing(owner_client, language):
    monday = _monday()
    response = _import(owner_client, {"text": post(language, monday)})

    assert response.status_code == 200, response.content
    draft = response.json()
    assert draft["saved"] is False
    assert draft["language"] == language
    stops = draft["stops"]
    assert [s["place"]["name"] for s in stops] == JOURNEY
    assert stops[0]["arrive"] == str(monday)
    assert [s["tentative"] for s in stops] == [False, False, False, False, True, True]
    assert [s["dates_proposed"] for s in stops] == [False, True, False, True, True, True]
    assert [a["name"] for a in stops[-1]["alternatives"]] == ["Berlin"]
    assert {"housing-coops", "unions", "solarpunk"} <= {t["slug"] for t in draft["topics"]}
    assert draft["needs"] == ["sofa", "floor", "hammock", "tent"]
    assert draft["profile"]["support_link"] == "https://liberapay.com/olive"
    assert {"kind": "matrix", "value": "@olive:matrix.org"} in draft["profile"]["contacts"]
    assert Trip.objects.count() == 0 and Stop.objects.count() == 0


def test_a_confirmed_draft_saves_through_the_trips_api(owner_client, owner):
    draft = _import(owner_client, {"text": post("en", _monday())}).json()
    assert Trip.objects.count() == 0

    response = owner_client.post(
        "/api/trips", json.dumps(draft["trip"]), content_type="application/json"
    )

    assert response.status_code == 201, response.content
    trip = Trip.objects.get(owner=owner)
    assert [s.display_name for s in trip.stops.all()] == [
        "Tromsø",
        "Narvik",
        "Oslo",
        "south Sweden",
        "Copenhagen",
        "Hamburg or Berlin",
    ]
    assert trip.need_list == ["sofa", "floor", "hammock", "tent"]
    assert trip.support_link == "https://liberapay.com/olive"


def test_it_needs_a_signed_in_member(client):
    response = _import(client, {"text": post("en", _monday())})
    assert response.status_code == 401


def test_it_refuses_a_text_of_100_kb_with_a_clear_error(owner_client):
    response = _import(owner_client, {"text": "Tromsø → Oslo. " * 7000})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "text"
    assert "at most" in body["message"]
    assert Trip.objects.count() == 0


def test_it_asks_for_text_or_url(owner_client):
    for payload in ({}, {"text": "   "}, {"text": "a", "url": "https://example.org/1"}):
        response = _import(owner_client, payload)
        assert response.status_code == 400, payload
        assert response.json()["field"] in ("text", "url")


def test_it_imports_a_post_by_its_address_as_activitystreams(owner_client, remote):
    remote.routes["/users/olive/statuses/1"] = Answer(200, _note(post("de", _monday())), AS_JSON)

    response = _import(owner_client, {"url": remote.url("/users/olive/statuses/1")})

    assert response.status_code == 200, response.content
    draft = response.json()
    assert [s["place"]["name"] for s in draft["stops"]][:3] == ["Tromsø", "Narvik", "Oslo"]
    # The hashtag only in `tag`, not in the text, counts too.
    assert "cooperatives" in {t["slug"] for t in draft["topics"]}
    assert "application/activity+json" in remote.received[0].headers["accept"]
    assert Trip.objects.count() == 0


def test_it_reads_a_create_activity_wrapping_the_note(owner_client, remote):
    note = json.loads(_note(post("sv", _monday())))
    activity = {"type": "Create", "actor": note["attributedTo"], "object": note}
    remote.routes["/activity"] = Answer(200, json.dumps(activity).encode(), AS_JSON)
    response = _import(owner_client, {"url": remote.url("/activity")})
    assert response.status_code == 200, response.content
    assert response.json()["stops"][0]["place"]["name"] == "Tromsø"


def test_a_post_address_that_answers_html_gets_a_clear_error(owner_client, remote):
    remote.routes["/@olive/1"] = Answer(
        200, b"<html><body>Tromso to Oslo</body></html>", {"Content-Type": "text/html"}
    )
    response = _import(owner_client, {"url": remote.url("/@olive/1")})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "url"
    assert "ActivityPub" in body["message"]
    assert Trip.objects.count() == 0


def test_a_post_address_that_times_out_gets_a_clear_error(owner_client, remote, monkeypatch):
    monkeypatch.setattr(trip_import, "POST_FETCH_TIMEOUT", 0.5)

    def slow(_request):
        time.sleep(2)
        return Answer(200, _note("Oslo"), AS_JSON)

    remote.routes["/slow"] = slow
    response = _import(owner_client, {"url": remote.url("/slow")})
    assert response.status_code == 400
    assert response.json()["field"] == "url"
    assert Trip.objects.count() == 0


def test_a_post_address_on_a_private_network_is_refused(owner_client):
    response = _import(owner_client, {"url": "https://10.0.0.7/users/olive/statuses/1"})
    assert response.status_code == 400
    assert response.json()["field"] == "url"


def test_dates_are_read_as_on_the_day_the_post_was_written(owner_client, remote):
    # Written in March 2026 for "Monday (06.04)": 6 April 2026, whenever it is imported.
    remote.routes["/old"] = Answer(
        200, _note(post("nb"), published="2026-03-20T09:15:00Z"), AS_JSON
    )
    draft = _import(owner_client, {"url": remote.url("/old")}).json()
    assert draft["stops"][0]["arrive"] == "2026-04-06"
    assert draft["stops"][2]["arrive"] == "2026-04-07"
    # (This runs after April 2026.) A trip that is over says so; saving it would be refused.
    assert timezone.localdate() > date(2026, 4, 20)
    assert any("trip is over" in note for note in draft["notes"])
