"""Trips and meet-ups can be reported by those who see them, and hidden by moderators."""

import pytest
from django.urls import reverse

from accounts.moderation import hide_target, target_owner
from tests.matching.factories import meetup, trip


@pytest.fixture
def owners_trip(places, owner):
    return trip(owner, [(places("Oslo"), 1, 3)])


def test_a_member_who_sees_a_trip_can_report_it(owners_trip, owner, member, blocked):
    pid = str(owners_trip.public_id)
    assert target_owner(viewer=member, kind="trip", public_id=pid) == owner
    assert target_owner(viewer=blocked, kind="trip", public_id=pid) is None
    assert target_owner(viewer=member, kind="trip", public_id="not-a-uuid") is None


def test_the_report_page_for_a_trip_opens_for_members_only(
    owners_trip, member_client, blocked_client
):
    url = reverse("messaging:report", args=["trip", owners_trip.public_id])
    assert member_client.get(url).status_code == 200
    assert blocked_client.get(url).status_code == 404


def test_a_hidden_trip_vanishes_for_others_but_stays_for_its_owner(
    owners_trip, owner_client, member_client
):
    assert hide_target(kind="trip", public_id=str(owners_trip.public_id))
    url = reverse("trips:detail", args=[owners_trip.public_id])
    assert member_client.get(url).status_code == 404
    assert owner_client.get(url).status_code == 200


def test_a_hidden_meetup_vanishes_for_members(places, owner, member, member_client):
    m = meetup(owner, places("Oslo"), on=3)
    assert target_owner(viewer=member, kind="meetup", public_id=str(m.public_id)) == owner
    hide_target(kind="meetup", public_id=str(m.public_id))
    assert member_client.get(reverse("meetups:detail", args=[m.public_id])).status_code == 404
