"""Collective pages and API for owner (admin), member, blocked and anonymous."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse

from accounts.models import Block
from travel.collectives.models import JoinOffer, Membership
from travel.collectives.services import collective_create, membership_calendar_get
from travel.meetups.services import meetup_create

pytestmark = pytest.mark.django_db


def detail(collective):
    return reverse("collectives:detail", args=[collective.public_id])


def post(client, path, data=None):
    return client.post(path, json.dumps(data or {}), content_type="application/json")


def test_anonymous_visitors_are_sent_to_sign_in(client, collective):
    for path in (detail(collective), reverse("collectives:index"), reverse("collectives:create")):
        assert client.get(path).status_code == 302
    assert client.get("/api/collectives").status_code == 401


def test_members_list_is_for_members_only(owner_client, member_client, member, owner, collective):
    assert owner.name in owner_client.get(detail(collective)).content.decode()
    page = member_client.get(detail(collective)).content.decode()
    assert collective.name in page
    assert owner.name not in page
    assert member_client.get(f"/api/collectives/{collective.public_id}/members").status_code == 403


def test_blocked_members_are_left_out_of_the_list(owner_client, blocked, collective):
    collective.memberships.create(user=blocked)
    assert blocked.name not in owner_client.get(detail(collective)).content.decode()
    api = owner_client.get(f"/api/collectives/{collective.public_id}/members").json()
    assert str(blocked.public_id) not in [m["id"] for m in api]


def test_invite_answers_blocked_as_missing(owner_client, blocked, collective):
    path = f"/api/collectives/{collective.public_id}/invitations"
    response = post(owner_client, path, {"user": str(blocked.public_id)})
    assert response.status_code == 404
    assert post(owner_client, path, {"user": str(uuid.uuid4())}).json() == response.json()
    page = owner_client.post(
        reverse("collectives:invite", args=[collective.public_id]),
        {"user": str(blocked.public_id)},
        follow=True,
    )
    assert "No such member." in page.content.decode()
    assert not JoinOffer.objects.exists()


def test_a_member_asks_and_an_admin_accepts_through_the_pages(
    owner_client, member_client, member, collective
):
    member_client.post(
        reverse("collectives:join", args=[collective.public_id]), {"message": "Hello"}
    )
    offer = JoinOffer.objects.get(user=member)
    assert "Hello" in owner_client.get(detail(collective)).content.decode()
    # The requester cannot accept their own request.
    member_client.post(
        reverse("collectives:answer", args=[collective.public_id, offer.public_id, "accept"])
    )
    assert not Membership.objects.filter(user=member).exists()
    owner_client.post(
        reverse("collectives:answer", args=[collective.public_id, offer.public_id, "accept"])
    )
    assert Membership.objects.filter(user=member, collective=collective).exists()


def test_an_invitation_accepted_through_the_api(owner_client, member_client, member, collective):
    created = post(
        owner_client,
        f"/api/collectives/{collective.public_id}/invitations",
        {"user": str(member.public_id)},
    )
    assert created.status_code == 201
    offer_id = created.json()["id"]
    response = post(
        member_client, f"/api/collectives/{collective.public_id}/offers/{offer_id}/accept"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert (
        member_client.get(f"/api/collectives/{collective.public_id}").json()["my_role"] == "member"
    )


def test_only_admins_edit(owner_client, member_client, collective):
    assert (
        member_client.get(reverse("collectives:edit", args=[collective.public_id])).status_code
        == 404
    )
    path = f"/api/collectives/{collective.public_id}"
    assert (
        member_client.patch(
            path, json.dumps({"name": "X"}), content_type="application/json"
        ).status_code
        == 403
    )
    response = owner_client.patch(
        path, json.dumps({"name": "New name", "radius_km": 50}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "New name"


def test_the_last_admin_leaving_is_a_clear_400(owner_client, collective):
    response = post(owner_client, f"/api/collectives/{collective.public_id}/leave")
    assert response.status_code == 400
    assert "admin" in response.json()["message"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X", "home_place": 999999999}, "home_place"),
        ({"name": "X", "topics": ["nope"]}, "topics"),
        ({"name": "X", "radius_km": 500}, "radius_km"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_input_is_a_4xx_with_a_field(member_client, places, data, field):
    data.setdefault("home_place", places("Oslo").pk)
    response = post(member_client, "/api/collectives", data)
    assert 400 <= response.status_code < 500
    assert response.json()["field"] == field


def test_search_by_place_and_topic(
    member_client, owner, places, collective, django_assert_max_num_queries
):
    for i in range(4):
        collective_create(creator=owner, name=f"Berlin {i}", home_place=places("Berlin"))
    oslo = places("Oslo").pk
    # session, user, collectives, topics prefetch
    with django_assert_max_num_queries(5):
        found = member_client.get("/api/collectives", {"place": oslo, "radius_km": 50}).json()
    assert [c["name"] for c in found] == ["Oslo Hacklab"]
    by_topic = member_client.get("/api/collectives", {"topic": "free-software"}).json()
    assert [c["name"] for c in by_topic] == ["Oslo Hacklab"]
    page = member_client.get(
        reverse("collectives:index"), {"topic": "free-software"}
    ).content.decode()
    assert "Oslo Hacklab" in page and "Berlin 0" not in page


def test_the_page_lists_upcoming_meetups_the_viewer_may_see(
    member_client, owner, places, collective
):
    from datetime import timedelta

    from django.utils import timezone

    meetup_create(
        organizer=owner,
        title="Open night",
        place=places("Oslo"),
        starts=timezone.now() + timedelta(days=2),
        collective=collective,
    )
    meetup_create(
        organizer=owner,
        title="Members only",
        place=places("Oslo"),
        starts=timezone.now() + timedelta(days=2),
        collective=collective,
        visibility="collective",
    )
    page = member_client.get(detail(collective)).content.decode()
    assert "Open night" in page and "Members only" not in page


def test_the_collective_calendar_is_per_member_without_venues(client, owner, places, collective):
    from datetime import timedelta

    from django.utils import timezone
    from icalendar import Calendar

    meetup_create(
        organizer=owner,
        title="Members only",
        place=places("Oslo"),
        venue="Secret cellar",
        starts=timezone.now() + timedelta(days=2),
        collective=collective,
        visibility="collective",
    )
    calendar = membership_calendar_get(membership=Membership.objects.get(user=owner))
    body = client.get(reverse("collectives:calendar", args=[calendar.token])).content
    events = list(Calendar.from_ical(body).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Members only"]
    assert b"Secret cellar" not in body
    assert client.get(reverse("collectives:calendar", args=["wrong"])).status_code == 404


def test_a_blocked_person_does_not_see_the_admins_meetups_on_the_page(
    blocked_client, owner, places, collective
):
    from datetime import timedelta

    from django.utils import timezone

    meetup_create(
        organizer=owner,
        title="Open night",
        place=places("Oslo"),
        starts=timezone.now() + timedelta(days=2),
        collective=collective,
    )
    page = blocked_client.get(detail(collective)).content.decode()
    assert "Open night" not in page


def test_create_through_the_page(member_client, member, places):
    response = member_client.post(
        reverse("collectives:create"),
        {"name": "Kiez", "home_place": places("Berlin").pk, "radius_km": 20, "description": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=member).role == "admin"


def test_it_blocks_nothing_for_members_who_blocked_an_admin(
    member_client, member, owner, collective
):
    Block.objects.create(blocker=member, blocked=owner)
    # Collectives are organisations: still visible; the admin is not listed to them.
    assert member_client.get(detail(collective)).status_code == 200
