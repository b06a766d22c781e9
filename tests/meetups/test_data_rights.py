from __future__ import annotations

import pytest

from accounts.registry import sections
from travel.meetups.models import RSVP, Invitation, Meetup
from travel.meetups.services import invitation_create, rsvp_set

pytestmark = pytest.mark.django_db


def section(name):
    return next(s for s in sections() if s.name == name)


def test_export_holds_meetups_answers_and_invitations(owner, member, make_meetup):
    mine = make_meetup(owner, title="Mine")
    theirs = make_meetup(member, title="Theirs")
    rsvp_set(meetup=theirs, user=owner, answer="maybe")
    invitation_create(meetup=theirs, actor=member, invitee=owner, message="Come!")
    data = section("meetups").export(owner)
    assert [m["title"] for m in data["organised"]] == ["Mine"]
    assert data["organised"][0]["venue"] == mine.venue
    assert {a["title"] for a in data["answers"]} == {"Mine", "Theirs"}
    assert data["invitations_received"][0]["message"] == "Come!"


def test_erase_removes_meetups_and_answers(owner, member, make_meetup):
    make_meetup(owner, title="Mine")
    theirs = make_meetup(member, title="Theirs")
    rsvp_set(meetup=theirs, user=owner, answer="yes")
    invitation_create(meetup=theirs, actor=member, invitee=owner)
    section("meetups").erase(owner)
    assert not Meetup.objects.filter(organizer=owner).exists()
    assert not RSVP.objects.filter(user=owner).exists()
    assert not Invitation.objects.filter(invitee=owner).exists()
    assert Meetup.objects.filter(pk=theirs.pk).exists()
