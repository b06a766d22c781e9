"""Issue 14, reproductions 4 and 10 (bodies that broke the schema): every number has a
range, booleans are not numbers, dates are ISO dates; out of range is a 4xx naming the
field, never a database overflow."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def soon(days):
    return (timezone.now() + timedelta(days=days)).date().isoformat()


def assert_refused(response, field):
    assert response.status_code in (400, 422), response.content[:300]
    assert response.json()["field"] == field, response.json()


def test_a_huge_page_number_is_refused_not_overflowed(owner_client):
    assert_refused(owner_client.get("/api/trips", {"page": "184467440737095518"}), "page")
    assert_refused(owner_client.get("/api/trips", {"page": "0"}), "page")


def test_a_stop_place_beyond_any_id_is_refused(owner_client, places):
    body = {
        "title": "Far",
        "stops": [{"place": 2**63, "arrive": soon(7), "depart": soon(8)}],
    }
    assert_refused(post(owner_client, "/api/trips", body), "stops.0.place")


@pytest.mark.parametrize(
    "params,field",
    [
        ({"place": str(2**63), "start": "2026-01-01", "end": "2026-01-02"}, "place"),
        ({"place": "1", "start": "0", "end": "2026-01-02"}, "start"),
        (
            {"place": "1", "radius_km": "99999999999", "start": "2026-01-01", "end": "2026-01-02"},
            "radius_km",
        ),
    ],
)
def test_passing_through_bounds_its_numbers_and_wants_iso_dates(owner_client, params, field):
    assert_refused(owner_client.get("/api/passing-through", params), field)


@pytest.mark.parametrize(
    "change,field",
    [({"lon": False}, "lon"), ({"lat": True}, "lat"), ({"lat": 91.0}, "lat")],
)
def test_booleans_are_not_coordinates(owner_client, change, field):
    body = {"name": "Oak grove", "lat": 59.9, "lon": 10.7, "kinds": ["hammock"], **change}
    assert_refused(post(owner_client, "/api/spots", body), field)


def test_booleans_are_not_numbers_and_numbers_not_booleans(owner_client):
    response = owner_client.patch(
        "/api/me", json.dumps({"home_radius_km": True}), content_type="application/json"
    )
    assert_refused(response, "home_radius_km")
    response = owner_client.patch(
        "/api/me", json.dumps({"open_to_meet": 1}), content_type="application/json"
    )
    assert_refused(response, "open_to_meet")


def test_a_unix_timestamp_is_not_a_stop_date(owner_client, places):
    body = {
        "title": "Epoch",
        "stops": [{"place": places("Oslo").pk, "arrive": 0, "depart": soon(3)}],
    }
    assert_refused(post(owner_client, "/api/trips", body), "stops.0.arrive")


def test_an_id_beyond_range_in_the_collectives_search_is_refused(owner_client):
    assert_refused(owner_client.get("/api/collectives", {"place": str(2**63)}), "place")
