"""RSVPs and capacity: "yes" takes a seat; over capacity is refused and changes nothing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.conftest import make_member
from travel.meetups.models import RSVP, Invitation
from travel.meetups.services import invitation_create, meetup_cancel, rsvp_set

pytestmark = pytest.mark.django_db


def test_the_organizer_is_going_and_takes_a_seat(owner, make_meetup):
    meetup = make_meetup(owner, capacity=2)
    assert RSVP.objects.get(meetup=meetup, user=owner).answer == "yes"


def test_it_refuses_a_yes_over_capacity_and_changes_nothing(owner, member, outsider, make_meetup):
    meetup = make_meetup(owner, capacity=2)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    rsvp_set(meetup=meetup, user=outsider, answer="maybe")
    with pytest.raises(ValidationError) as info:
        rsvp_set(meetup=meetup, user=outsider, answer="yes")
    assert info.value.message_dict == {"answer": ["This meet-up is full."]}
    assert RSVP.objects.get(meetup=meetup, user=outsider).answer == "maybe"
    assert meetup.rsvps.filter(answer="yes").count() == 2


def test_the_last_seat_can_be_taken_and_given_back(owner, member, outsider, make_meetup):
    meetup = make_meetup(owner, capacity=2)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    rsvp_set(meetup=meetup, user=member, answer="yes")  # saying yes again is not a second seat
    rsvp_set(meetup=meetup, user=member, answer="no")
    rsvp_set(meetup=meetup, user=outsider, answer="yes")
    assert meetup.rsvps.filter(answer="yes").count() == 2


def test_maybe_and_no_are_never_refused_for_capacity(owner, member, make_meetup):
    meetup = make_meetup(owner, capacity=1)
    assert rsvp_set(meetup=meetup, user=member, answer="maybe").answer == "maybe"


def test_it_refuses_answers_to_cancelled_or_past_meetups(owner, member, make_meetup):
    meetup = make_meetup(owner)
    with pytest.raises(ValidationError):
        rsvp_set(meetup=meetup, user=member, answer="yes", now=meetup.starts + timedelta(hours=4))
    meetup_cancel(meetup=meetup, actor=owner)
    with pytest.raises(ValidationError):
        rsvp_set(meetup=meetup, user=member, answer="yes")


def test_it_refuses_an_unknown_answer(member, meetup):
    with pytest.raises(ValidationError) as info:
        rsvp_set(meetup=meetup, user=member, answer="perhaps")
    assert "answer" in info.value.message_dict


def test_answering_settles_the_invitation(owner, member, meetup):
    invitation_create(meetup=meetup, actor=owner, invitee=member)
    rsvp_set(meetup=meetup, user=member, answer="no")
    assert Invitation.objects.get(meetup=meetup, invitee=member).status == "declined"
    rsvp_set(meetup=meetup, user=member, answer="maybe")
    assert Invitation.objects.get(meetup=meetup, invitee=member).status == "accepted"


def test_the_organizer_cannot_say_no_to_their_own_meetup(owner, meetup):
    with pytest.raises(ValidationError):
        rsvp_set(meetup=meetup, user=owner, answer="no")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_people_racing_for_the_last_seat_get_one_seat(transactional_db, owner, make_meetup):
    meetup = make_meetup(owner, capacity=2, starts=timezone.now() + timedelta(days=2))
    racers = [make_member() for _ in range(6)]
    barrier = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def go(user):
        from django.db import connection as conn

        try:
            barrier.wait()
            rsvp_set(meetup=meetup, user=user, answer="yes")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("full")
        finally:
            conn.close()

    threads = [threading.Thread(target=go, args=(u,)) for u in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["full"] * 5 + ["ok"]
    assert RSVP.objects.filter(meetup=meetup, answer="yes").count() == 2
