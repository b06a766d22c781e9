from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from accounts.models import ApiToken, Visibility
from tests.conftest import make_member
from travel.trips.models import Stop, Trip


def _body(places, today, **extra):
    d = today + timedelta(days=7)
    body = {
        "title": "North by bus",
        "topics": ["unions", "anarchism"],
        "needs": ["hammock", "floor"],
        "stops": [
            {
                "place": places("Berlin").pk,
                "arrive": str(d + timedelta(days=4)),
                "depart": str(d + timedelta(days=6)),
            },
            {
                "place": places("Oslo").pk,
                "label": "Oslo and around",
                "radius_km": 50,
                "arrive": str(d),
                "depart": str(d + timedelta(days=2)),
                "tentative": True,
            },
            {
                "country": "SE",
                "label": "south Sweden",
                "arrive": str(d + timedelta(days=2)),
                "depart": str(d + timedelta(days=4)),
            },
        ],
    }
    body.update(extra)
    return body


def _post(client, body):
    return client.post("/api/trips", json.dumps(body), content_type="application/json")


def _patch(client, public_id, body):
    return client.patch(
        f"/api/trips/{public_id}", json.dumps(body), content_type="application/json"
    )


def test_it_creates_a_trip_with_nested_stops_in_date_order(owner_client, places, today):
    response = _post(owner_client, _body(places, today))
    assert response.status_code == 201, response.content
    data = response.json()
    assert [s["name"] for s in data["stops"]] == ["Oslo and around", "south Sweden", "Berlin"]
    assert data["stops"][1]["is_country"] and data["stops"][1]["place"]["kind"] == "country"
    assert data["stops"][0]["tentative"] and data["stops"][0]["radius_km"] == 50
    assert sorted(t["slug"] for t in data["topics"]) == ["anarchism", "unions"]
    assert data["needs"] == ["floor", "hammock"]
    assert data["is_mine"] and data["visibility"] == "members"
    assert Trip.objects.get(public_id=data["id"]).stops.count() == 3


def test_it_works_with_a_personal_token(owner, places, today):
    token = ApiToken.generate()
    ApiToken.objects.create(
        user=owner, name="cli", prefix=token[:8], token_hash=ApiToken.hash(token)
    )
    from django.test import Client

    response = Client().post(
        "/api/trips",
        json.dumps(_body(places, today)),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201


def test_anonymous_gets_401_everywhere(client, owner, make_trip, places, today):
    trip = make_trip(owner)
    assert client.get("/api/trips").status_code == 401
    assert _post(client, _body(places, today)).status_code == 401
    assert client.get(f"/api/trips/{trip.public_id}").status_code == 401
    assert _patch(client, trip.public_id, {"title": "x"}).status_code == 401
    assert client.delete(f"/api/trips/{trip.public_id}").status_code == 401
    assert Trip.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "field", "status"),
    [
        ("overlap", "stops.2.arrive", 400),
        ("reversed", "stops.0.depart", 400),
        ("forty_days", "stops.0.depart", 400),
        ("unknown_place", "stops.1.place", 400),
        ("sixty_one", "stops", 400),
        ("city_and_country", "stops.2.country", 400),
        ("missing_date", "stops.1.arrive", 422),
        ("bad_date", "stops.0.depart", 422),
        ("radius", "stops.1.radius_km", 400),
        ("past", "stops.0.depart", 400),
        ("unknown_topic", "topics", 400),
        ("collective_not_mine", "collective", 400),
        ("no_title", "title", 400),
    ],
)
def test_bad_input_is_a_clear_json_error_and_saves_nothing(
    owner_client, places, today, case, field, status
):
    body = _body(places, today)
    stops = body["stops"]
    d = today + timedelta(days=7)
    if case == "overlap":
        stops[2]["arrive"] = str(d + timedelta(days=1))
    elif case == "reversed":
        stops[0]["arrive"], stops[0]["depart"] = stops[0]["depart"], stops[0]["arrive"]
    elif case == "forty_days":
        stops[0]["depart"] = str(d + timedelta(days=4 + 39))
    elif case == "unknown_place":
        stops[1]["place"] = 987654321
    elif case == "sixty_one":
        body["stops"] = [
            {
                "place": places("Oslo").pk,
                "arrive": str(d + timedelta(days=i)),
                "depart": str(d + timedelta(days=i)),
            }
            for i in range(61)
        ]
    elif case == "city_and_country":
        stops[2]["place"] = places("Malmö").pk
    elif case == "missing_date":
        del stops[1]["arrive"]
    elif case == "bad_date":
        stops[0]["depart"] = "next tuesday"
    elif case == "radius":
        stops[1]["radius_km"] = 500
    elif case == "past":
        body["stops"] = [
            {
                "place": places("Oslo").pk,
                "arrive": str(today - timedelta(days=10)),
                "depart": str(today - timedelta(days=8)),
            }
        ]
    elif case == "unknown_topic":
        body["topics"] = ["unions", "knitting-for-fascists"]
    elif case == "collective_not_mine":
        body["visibility"] = "collective"
        body["collective"] = str(uuid.uuid4())
    elif case == "no_title":
        body["title"] = "   "
    response = _post(owner_client, body)
    assert response.status_code == status, response.content
    data = response.json()
    assert data["field"] == field, data
    assert data["message"] and {e["field"] for e in data["errors"]} >= {field}
    assert not Trip.objects.exists() and not Stop.objects.exists()


def test_the_message_names_the_stop(owner_client, places, today):
    body = _body(places, today)
    body["stops"][2]["arrive"] = str(today + timedelta(days=8))
    data = _post(owner_client, body).json()
    assert "Stop 3 (south Sweden)" in data["message"] and "overlaps" in data["message"]


def test_patch_changes_fields_and_replaces_stops(owner_client, owner, make_trip, places, today):
    trip = make_trip(owner, cities=["Oslo", "Malmö"])
    oslo, malmo = trip.stops.all()
    response = _patch(
        owner_client,
        trip.public_id,
        {
            "title": "Changed",
            "needs": ["tent"],
            "stops": [
                {
                    "id": str(malmo.public_id),
                    "place": malmo.place_id,
                    "arrive": str(malmo.arrive),
                    "depart": str(malmo.depart),
                    "tentative": True,
                },
                {
                    "place": places("Copenhagen").pk,
                    "arrive": str(malmo.depart),
                    "depart": str(malmo.depart + timedelta(days=1)),
                },
            ],
        },
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Changed" and data["needs"] == ["tent"]
    assert [s["name"] for s in data["stops"]] == ["Malmö", "Copenhagen"]
    assert data["stops"][0]["id"] == str(malmo.public_id) and data["stops"][0]["tentative"]
    assert not Stop.objects.filter(pk=oslo.pk).exists()


def test_patch_without_stops_keeps_them(owner_client, owner, make_trip):
    trip = make_trip(owner)
    response = _patch(owner_client, trip.public_id, {"description": "Now with words"})
    assert response.status_code == 200
    assert len(response.json()["stops"]) == 2


def test_bad_patch_saves_nothing(owner_client, owner, make_trip):
    trip = make_trip(owner)
    first = trip.stops.first()
    response = _patch(
        owner_client,
        trip.public_id,
        {
            "title": "Changed",
            "stops": [
                {
                    "place": first.place_id,
                    "arrive": str(first.arrive),
                    "depart": str(first.arrive - timedelta(days=1)),
                }
            ],
        },
    )
    assert response.status_code == 400 and response.json()["field"] == "stops.0.depart"
    trip.refresh_from_db()
    assert trip.title == "To the south" and trip.stops.count() == 2


def test_others_cannot_change_or_delete_a_trip_they_can_see(member_client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    assert member_client.get(f"/api/trips/{trip.public_id}").status_code == 200
    assert _patch(member_client, trip.public_id, {"title": "Mine now"}).status_code == 404
    assert member_client.delete(f"/api/trips/{trip.public_id}").status_code == 404
    trip.refresh_from_db()
    assert trip.title == "To the south"


def test_someone_elses_hidden_trip_is_a_404_like_a_missing_one(member_client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.ONLY_ME)
    hidden = member_client.get(f"/api/trips/{trip.public_id}")
    missing = member_client.get(f"/api/trips/{uuid.uuid4()}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert _patch(member_client, trip.public_id, {"title": "x"}).json() == missing.json()


def test_a_malformed_id_is_a_404(owner_client):
    assert owner_client.get("/api/trips/not-a-uuid").status_code == 404


def test_delete_removes_the_trip(owner_client, owner, make_trip):
    trip = make_trip(owner)
    response = owner_client.delete(f"/api/trips/{trip.public_id}")
    assert response.status_code == 204
    assert not Trip.objects.exists() and not Stop.objects.exists()
    assert owner_client.get(f"/api/trips/{trip.public_id}").status_code == 404


def test_the_list_is_paginated_and_can_show_only_mine(owner_client, owner, member, make_trip):
    for i in range(3):
        make_trip(member, title=f"Theirs {i}")
    make_trip(owner, title="Mine")
    data = owner_client.get("/api/trips").json()
    assert data["count"] == 4 and len(data["items"]) == 4
    mine = owner_client.get("/api/trips?mine=true").json()
    assert [t["title"] for t in mine["items"]] == ["Mine"]
    second = owner_client.get("/api/trips?page=2").json()
    assert second["items"] == []


def _many(make_trip, count, stops):
    owner = make_member()
    cities = ["Oslo", "Malmö", "Copenhagen", "Hamburg", "Berlin", "Lund", "Bergen", "Aarhus"]
    for i in range(count):
        make_trip(owner, title=f"Trip {i}", cities=cities[:stops], days=2)


def test_the_list_runs_a_fixed_number_of_queries(
    owner_client, make_trip, django_assert_num_queries
):
    _many(make_trip, 1, 1)
    # session, user, count, trips (+owner, collective), stops (+place), topics
    with django_assert_num_queries(6):
        assert owner_client.get("/api/trips").json()["count"] == 1
    _many(make_trip, 12, 8)
    with django_assert_num_queries(6):
        assert owner_client.get("/api/trips").json()["count"] == 13


def test_the_api_documents_the_trip_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/trips", "/api/trips/{public_id}"} <= set(paths)
