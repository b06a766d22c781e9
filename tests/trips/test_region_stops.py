"""Stops of three kinds through the API and the stop editor: a town, a region, a country."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from travel.places.models import Place
from travel.trips.models import Trip


def _post(client, stop, today):
    d = today + timedelta(days=7)
    body = {
        "title": "South Sweden",
        "stops": [{"arrive": str(d), "depart": str(d + timedelta(days=2)), **stop}],
    }
    return client.post("/api/trips", json.dumps(body), content_type="application/json")


def test_a_region_stop_by_code_or_by_place_id(owner_client, today, db):
    skane = Place.objects.get(kind="region", code="SE-M")
    for stop in ({"region": "se-m", "label": "south Sweden"}, {"place": skane.pk}):
        response = _post(owner_client, stop, today)
        assert response.status_code == 201, response.content
        [saved] = response.json()["stops"]
        assert saved["kind"] == "region"
        assert saved["place"]["id"] == skane.pk


@pytest.mark.parametrize(
    ("stop", "field", "words"),
    [
        ({"country": "SE-M"}, "stops.0.country", "is a region"),
        ({"region": "SE-M", "place": "lund"}, "stops.0.region", "one town, one region"),
        ({"region": "SE-M", "country": "SE"}, "stops.0.region", "one town, one region"),
        ({"region": "XX-9"}, "stops.0.region", "we don't know the region"),
        ({"place": 987654321}, "stops.0.place", "we don't know a place"),
        ({}, "stops.0.place", "choose a town, a region or a whole country"),
    ],
)
def test_bad_stops_are_a_clear_400_and_save_nothing(
    owner_client, places, today, stop, field, words
):
    if stop.get("place") == "lund":
        stop = {**stop, "place": places("Lund").pk}
    response = _post(owner_client, stop, today)
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in [e["field"] for e in body["errors"]]
    assert words in " ".join(e["message"] for e in body["errors"])
    assert not Trip.objects.exists()


def test_the_stop_editor_explains_the_three_kinds_once(owner_client, db):
    html = owner_client.get("/trips/new").content.decode()
    assert html.count("a region such as Skåne") == 1
    assert "pick its main city" not in html and "a whole country for a region" not in html
