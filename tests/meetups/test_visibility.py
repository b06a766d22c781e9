"""Who sees a meet-up (selectors): organizer, members, connections, collective members,
invitees; never blocked people either way, never anonymous visitors (P3, P5)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Block, Visibility
from accounts.services import connection_make
from tests.conftest import make_member
from travel.collectives.services import collective_create
from travel.meetups.selectors import meetup_for_viewer, meetups_visible_to
from travel.meetups.services import invitation_create

pytestmark = pytest.mark.django_db


def sees(user, meetup) -> bool:
    return meetup_for_viewer(viewer=user, public_id=meetup.public_id) is not None


def test_it_shows_a_members_meetup_to_the_organizer_and_members(owner, member, meetup):
    assert sees(owner, meetup)
    assert sees(member, meetup)


def test_it_hides_meetups_from_anonymous_visitors(meetup):
    assert not sees(AnonymousUser(), meetup)
    assert not meetups_visible_to(AnonymousUser()).exists()


def test_it_hides_meetups_from_someone_the_organizer_blocked(blocked, meetup):
    assert not sees(blocked, meetup)


def test_it_hides_meetups_of_someone_who_blocked_the_viewer(owner, member, make_meetup):
    theirs = make_meetup(member)
    Block.objects.create(blocker=member, blocked=owner)
    assert not sees(owner, theirs)


def test_it_shows_an_only_me_meetup_to_invitees_only(owner, member, outsider, make_meetup):
    private = make_meetup(owner, visibility=Visibility.ONLY_ME)
    assert not sees(member, private)
    invitation_create(meetup=private, actor=owner, invitee=member)
    assert sees(member, private)
    assert not sees(outsider, private)


def test_it_shows_a_connections_meetup_to_connections_only(owner, member, outsider, make_meetup):
    mine = make_meetup(owner, visibility=Visibility.CONNECTIONS)
    connection_make(a=owner, b=member, reason="meetup")
    assert sees(member, mine)
    assert not sees(outsider, mine)


def test_it_shows_a_collective_meetup_to_its_members_only(
    owner, member, outsider, places, make_meetup
):
    collective = collective_create(creator=owner, name="Hacklab", home_place=places("Oslo"))
    collective.memberships.create(user=member)
    mine = make_meetup(owner, visibility=Visibility.COLLECTIVE, collective=collective)
    assert sees(member, mine)
    assert not sees(outsider, mine)


def test_an_invitation_does_not_survive_a_later_block(owner, member, make_meetup):
    private = make_meetup(owner, visibility=Visibility.ONLY_ME)
    invitation_create(meetup=private, actor=owner, invitee=member)
    Block.objects.create(blocker=member, blocked=owner)
    assert not sees(member, private)


def test_it_hides_meetups_of_suspended_organizers(owner, member, meetup):
    owner.is_suspended = True
    owner.save()
    assert not sees(member, meetup)


def test_a_bad_id_is_the_same_as_a_missing_one(member):
    assert meetup_for_viewer(viewer=member, public_id="not-a-uuid") is None


def test_organizing_with_a_collective_needs_membership(owner, outsider, places, make_meetup):
    from django.core.exceptions import ValidationError

    collective = collective_create(creator=outsider, name="Not mine", home_place=places("Oslo"))
    with pytest.raises(ValidationError) as info:
        make_meetup(owner, collective=collective)
    assert "collective" in info.value.message_dict


def test_blocked_people_are_left_out_of_the_attendee_list(owner, member, meetup):
    from travel.meetups.selectors import attendees_for_viewer
    from travel.meetups.services import rsvp_set

    other = make_member()
    rsvp_set(meetup=meetup, user=member, answer="yes")
    rsvp_set(meetup=meetup, user=other, answer="yes")
    Block.objects.create(blocker=other, blocked=member)
    names = {r.user_id for r in attendees_for_viewer(viewer=member, meetup=meetup)}
    assert other.pk not in names
    assert owner.pk in names
