"""/api/meetups for owner, member, blocked and anonymous; bad input is a 4xx with a field."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Block
from tests.conftest import assert_same_404
from travel.meetups.models import RSVP, Invitation

pytestmark = pytest.mark.django_db


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def patch(client, path, data):
    return client.patch(path, json.dumps(data), content_type="application/json")


def future(days=5):
    return (timezone.now() + timedelta(days=days)).date().isoformat()


def test_it_creates_a_meetup_with_local_times(owner_client, places):
    response = post(
        owner_client,
        "/api/meetups",
        {
            "title": "Union evening",
            "place": places("Oslo").pk,
            "starts": f"{future()}T19:00",
            "venue": "Hall",
            "topics": ["unions"],
            "capacity": 10,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["starts"].endswith(("T19:00:00+01:00", "T19:00:00+02:00"))
    assert body["timezone"] == "Europe/Oslo"
    assert body["venue"] == "Hall"
    assert body["going"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"place": 999999999}, "place"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"starts": "2001-01-01T19:00"}, "starts"),
        ({"visibility": "everyone"}, "visibility"),
        ({"capacity": 0}, "capacity"),
        ({"listed_publicly": True, "visibility": "connections"}, "listed_publicly"),
        ({"ends": "2001-01-01T19:00"}, "ends"),
    ],
)
def test_bad_input_is_a_4xx_with_the_field(owner_client, owner, places, change, field):
    data = {"title": "X", "place": places("Oslo").pk, "starts": f"{future()}T19:00", **change}
    response = post(owner_client, "/api/meetups", data)
    assert 400 <= response.status_code < 500
    assert response.json()["field"] == field, response.json()
    assert not owner.meetups_organised.exists()


def test_anonymous_gets_401(client, meetup):
    assert client.get("/api/meetups").status_code == 401
    assert client.get(f"/api/meetups/{meetup.public_id}").status_code == 401


def test_blocked_gets_404_like_a_missing_meetup(blocked_client, meetup):
    assert_same_404(
        blocked_client.get(f"/api/meetups/{meetup.public_id}"),
        blocked_client.get(f"/api/meetups/{uuid.uuid4()}"),
    )
    assert (
        post(blocked_client, f"/api/meetups/{meetup.public_id}/rsvp", {"answer": "yes"}).status_code
        == 404
    )
    assert meetup.public_id not in [m["id"] for m in blocked_client.get("/api/meetups").json()]


def test_member_sees_no_venue_until_attending(member_client, meetup):
    path = f"/api/meetups/{meetup.public_id}"
    assert member_client.get(path).json()["venue"] is None
    assert post(member_client, path + "/rsvp", {"answer": "yes"}).json() == {
        "answer": "yes",
        "going": 2,
    }
    assert member_client.get(path).json()["venue"] == "Union hall, 3rd floor"
    listed = member_client.get("/api/meetups").json()
    assert listed[0]["venue"] == "Union hall, 3rd floor"


def test_rsvp_over_capacity_is_409_and_changes_nothing(member_client, member, owner, make_meetup):
    meetup = make_meetup(owner, capacity=1)
    response = post(member_client, f"/api/meetups/{meetup.public_id}/rsvp", {"answer": "yes"})
    assert response.status_code == 409
    assert response.json()["message"] == "This meet-up is full."
    assert response.json()["field"] == "answer"
    assert not RSVP.objects.filter(meetup=meetup, user=member).exists()


def test_a_bad_answer_is_a_400(member_client, meetup):
    response = post(member_client, f"/api/meetups/{meetup.public_id}/rsvp", {"answer": "sure"})
    assert response.status_code == 400
    assert response.json()["field"] == "answer"


def test_only_the_organizer_patches_and_cancels(owner_client, member_client, meetup):
    path = f"/api/meetups/{meetup.public_id}"
    assert patch(member_client, path, {"title": "Mine now"}).status_code == 404
    assert member_client.delete(path).status_code == 404
    response = patch(owner_client, path, {"title": "Renamed", "starts": f"{future(8)}T18:30"})
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"
    assert "T18:30:00" in response.json()["starts"]
    assert owner_client.delete(path).json()["status"] == "cancelled"


def test_capacity_cannot_drop_below_people_going(owner_client, member, meetup):
    from travel.meetups.services import rsvp_set

    rsvp_set(meetup=meetup, user=member, answer="yes")
    response = patch(owner_client, f"/api/meetups/{meetup.public_id}", {"capacity": 1})
    assert response.status_code == 400
    assert response.json()["field"] == "capacity"


def test_invitations_to_blocked_people_either_way_are_404(
    owner_client, owner, member, blocked, meetup
):
    path = f"/api/meetups/{meetup.public_id}/invitations"
    missing = post(owner_client, path, {"user": str(uuid.uuid4())})
    assert_same_404(post(owner_client, path, {"user": str(blocked.public_id)}), missing)
    Block.objects.create(blocker=member, blocked=owner)
    assert_same_404(post(owner_client, path, {"user": str(member.public_id)}), missing)
    assert missing.json()["message"] == "No such member."
    assert not Invitation.objects.exists()


def test_invitations_are_for_the_organizer(owner_client, member_client, outsider, meetup):
    path = f"/api/meetups/{meetup.public_id}/invitations"
    assert post(member_client, path, {"user": str(outsider.public_id)}).status_code == 403
    response = post(owner_client, path, {"user": str(outsider.public_id)})
    assert response.status_code == 201
    assert post(owner_client, path, {"user": str(outsider.public_id)}).status_code == 400


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"radius_km": 201}, "radius_km"),
        ({"topic": "nope"}, "topic"),
        ({"start": "2030-01-10", "end": "2030-01-01"}, "end"),
        ({"start": "2030-01-01", "end": "2031-06-01"}, "end"),
        ({"place": 999999999}, "place"),
    ],
)
def test_list_filters_reject_bad_input(member_client, query, field):
    response = member_client.get("/api/meetups", query)
    assert 400 <= response.status_code < 500
    assert response.json()["field"] == field


def test_list_filters_by_place_radius_dates_and_topic(member_client, owner, places, make_meetup):
    from travel.topics.models import Topic

    unions = Topic.objects.get(slug="unions")
    near = make_meetup(owner, "Oslo", title="Near", topics=[unions])
    make_meetup(owner, "Oslo", title="Other topic")
    make_meetup(owner, "Berlin", title="Far", topics=[unions])
    day = near.starts_local.date().isoformat()
    found = member_client.get(
        "/api/meetups",
        {"place": places("Oslo").pk, "radius_km": 30, "start": day, "end": day, "topic": "unions"},
    ).json()
    assert [m["title"] for m in found] == ["Near"]
    assert found[0]["distance_km"] == 0


def test_list_queries_do_not_grow_with_rows(
    member_client, owner, make_meetup, django_assert_max_num_queries
):
    for i in range(12):
        make_meetup(owner, title=f"M{i}")
    # auth (session, user), meetups, topics prefetch, my answers
    with django_assert_max_num_queries(6):
        response = member_client.get("/api/meetups")
    assert len(response.json()) == 12
