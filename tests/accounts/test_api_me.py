"""GET/PATCH /api/me: the member's own profile through the API."""

from __future__ import annotations

import json

import pytest

from accounts.models import ContactChannel, User
from travel.topics.models import Topic


def _patch(client, body: dict):
    return client.patch("/api/me", json.dumps(body), content_type="application/json")


def test_it_returns_my_profile(owner_client, owner):
    response = owner_client.get("/api/me")
    assert response.status_code == 200
    body = response.json()
    assert body["public_id"] == str(owner.public_id)
    assert body["email"] == owner.email
    assert body["display_name"] == "Olive Owner"
    assert body["contacts"] == []


def test_it_needs_authentication(client):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json()["message"]


def test_it_changes_profile_fields(owner_client, owner, places):
    oslo = places("Oslo")
    response = _patch(
        owner_client,
        {
            "display_name": "Olive O.",
            "home_place": oslo.pk,
            "home_radius_km": 40,
            "topics": ["unions", "mutual-aid"],
            "open_to_meet": True,
            "profile_visibility": "connections",
            "contacts": [{"kind": "matrix", "value": "@olive:example.org"}],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["home_place"] == oslo.pk and body["home_place_label"]
    assert body["topics"] == ["mutual-aid", "unions"]
    assert body["contacts"] == [
        {"kind": "matrix", "value": "@olive:example.org", "visibility": "connections"}
    ]
    owner.refresh_from_db()
    assert owner.display_name == "Olive O."
    assert owner.home_cell == oslo.cell
    assert owner.profile_visibility == "connections"


def test_it_leaves_fields_it_was_not_sent_alone(owner_client, owner):
    owner.bio = "Keep me"
    owner.save()
    assert _patch(owner_client, {"pronouns": "she/her"}).status_code == 200
    owner.refresh_from_db()
    assert (owner.bio, owner.pronouns) == ("Keep me", "she/her")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"home_radius_km": 0}, "home_radius_km"),
        ({"home_radius_km": 5000}, "home_radius_km"),
        ({"display_name": "x" * 81}, "display_name"),
        ({"support_link": "not a url"}, "support_link"),
        ({"profile_visibility": "everyone"}, "profile_visibility"),
        ({"home_place": 999999999}, "home_place"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"open_to_meet": None}, "open_to_meet"),
        ({"contacts": [{"kind": "matrix", "value": "not-matrix"}]}, "contacts.0.value"),
        ({"contacts": [{"kind": "carrier-pigeon", "value": "x"}]}, "contacts.0.kind"),
        ({"home_radius_km": "far"}, "home_radius_km"),
    ],
)
def test_it_refuses_bad_input_with_the_field_and_saves_nothing(owner_client, owner, body, field):
    before = User.objects.values().get(pk=owner.pk)
    response = _patch(owner_client, {"display_name": "Changed", **body})
    assert 400 <= response.status_code < 500
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert User.objects.values().get(pk=owner.pk) == before
    assert not ContactChannel.objects.filter(user=owner).exists()


def test_a_bad_contact_keeps_the_old_contacts(owner_client, owner):
    ContactChannel.objects.create(user=owner, kind="email", value="olive@example.org")
    response = _patch(
        owner_client,
        {
            "contacts": [
                {"kind": "email", "value": "new@example.org"},
                {"kind": "xmpp", "value": "x"},
            ]
        },
    )
    assert response.status_code == 400
    assert list(ContactChannel.objects.filter(user=owner).values_list("value", flat=True)) == [
        "olive@example.org"
    ]


def test_it_never_lets_a_member_change_protected_fields(owner_client, owner):
    response = _patch(owner_client, {"is_suspended": True, "email": "x@example.org"})
    assert response.status_code == 200  # unknown keys are ignored by the schema
    owner.refresh_from_db()
    assert owner.email == "owner@example.org" and not owner.is_suspended


def test_a_patch_by_session_needs_the_csrf_token(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = _patch(client, {"display_name": "Sneaky"})
    assert response.status_code in (401, 403)
    owner.refresh_from_db()
    assert owner.display_name == "Olive Owner"


def test_topics_replace_the_old_ones(owner_client, owner):
    owner.topics.set(Topic.objects.filter(slug="anarchism"))
    assert _patch(owner_client, {"topics": ["commons"]}).status_code == 200
    assert list(owner.topics.values_list("slug", flat=True)) == ["commons"]
