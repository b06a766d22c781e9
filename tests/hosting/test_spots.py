"""Spots: community-known free places, for members, with "still there" confirmations."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from travel.hosting import services
from travel.hosting.models import Spot, SpotConfirmation

SPOT = {
    "name": "Beech grove",
    "lat": 59.93,
    "lon": 10.72,
    "kinds": ["hammock"],
    "notes": "Water nearby",
}


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def spot(owner):
    return services.spot_create(added_by=owner, data=dict(SPOT))


def test_a_member_adds_a_spot_by_form(member_client, member, today):
    response = member_client.post(
        reverse("hosting:spot_create"),
        {"name": "Shelter", "lat": "55.69", "lon": "13.13", "kinds": ["tent"], "notes": ""},
    )
    spot = Spot.objects.get()
    assert response.status_code == 302
    assert (spot.added_by, spot.last_confirmed, spot.kinds) == (member, today, "tent")


def test_a_bad_spot_is_a_400_with_what_was_typed(member_client):
    response = member_client.post(
        reverse("hosting:spot_create"),
        {"name": "Typed name", "lat": "95", "lon": "13", "kinds": []},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Typed name" in body and "less than or equal to 89.9" in body
    assert not Spot.objects.exists()


def test_members_confirm_it_is_still_there(member_client, member, spot, today):
    Spot.objects.filter(pk=spot.pk).update(last_confirmed=today - timedelta(days=40))
    member_client.post(reverse("hosting:spot_confirm", args=[spot.public_id]))
    member_client.post(reverse("hosting:spot_confirm", args=[spot.public_id]))
    assert Spot.objects.get(pk=spot.pk).last_confirmed == today
    assert SpotConfirmation.objects.filter(spot=spot, member=member).count() == 1


def test_the_spot_page_shows_the_point_and_last_confirmation(member_client, spot):
    body = member_client.get(reverse("hosting:spot_detail", args=[spot.public_id])).content.decode()
    assert "Beech grove" in body and "59.93" in body and "Last confirmed" in body
    assert reverse("hosting:spot_delete", args=[spot.public_id]) not in body


def test_only_the_adder_removes_a_spot(owner_client, member_client, spot):
    assert (
        member_client.post(reverse("hosting:spot_delete", args=[spot.public_id])).status_code == 404
    )
    assert member_client.delete(f"/api/spots/{spot.public_id}").status_code == 403
    assert Spot.objects.exists()
    assert (
        owner_client.post(reverse("hosting:spot_delete", args=[spot.public_id])).status_code == 302
    )
    assert not Spot.objects.exists()


def test_anonymous_and_blocked_see_no_spot(client, blocked_client, spot):
    url = reverse("hosting:spot_detail", args=[spot.public_id])
    assert client.get(url).status_code == 302
    assert blocked_client.get(url).status_code == 404
    assert client.get("/api/spots?bbox=10,59,11,60").status_code == 401
    assert blocked_client.get("/api/spots?bbox=10,59,11,60").json() == []


def test_spot_api(member_client, spot, django_assert_max_num_queries):
    created = post(member_client, "/api/spots", {**SPOT, "name": "Second"})
    assert created.status_code == 201
    # session, user, spots, the people who added them
    with django_assert_max_num_queries(4):
        found = member_client.get("/api/spots?bbox=10.5,59.8,11.0,60.0").json()
    assert {s["name"] for s in found} == {"Beech grove", "Second"}
    assert member_client.get(f"/api/spots/{spot.public_id}").json()["added_by"]["name"]
    confirmed = post(member_client, f"/api/spots/{spot.public_id}/confirm")
    assert confirmed.status_code == 200
    bad = post(member_client, "/api/spots", {**SPOT, "kinds": []})
    assert bad.status_code == 422 and bad.json()["field"] == "kinds"
    assert member_client.get("/api/spots?bbox=").status_code == 400
