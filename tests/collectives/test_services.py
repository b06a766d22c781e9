"""Collectives: admins, invitations and requests, leaving, the last admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.registry import sections
from travel.collectives.models import Collective, JoinOffer, Membership
from travel.collectives.services import (
    collective_create,
    collective_invite,
    collective_request_join,
    collective_update,
    join_offer_accept,
    join_offer_decline,
    membership_leave,
    membership_set_role,
)

pytestmark = pytest.mark.django_db


def role(collective, user):
    m = Membership.objects.filter(collective=collective, user=user).first()
    return m.role if m else None


def test_the_creator_becomes_admin(owner, collective):
    assert role(collective, owner) == "admin"
    assert collective.home_cell == collective.home_place.cell


def test_a_country_is_not_a_home(owner, places):
    with pytest.raises(ValidationError) as info:
        collective_create(creator=owner, name="X", home_place=places("Norway"))
    assert "home_place" in info.value.message_dict


def test_only_admins_edit(owner, member, collective):
    with pytest.raises(PermissionDenied):
        collective_update(collective=collective, actor=member, data={"name": "Ours"})
    collective_update(collective=collective, actor=owner, data={"name": "Renamed"})
    assert Collective.objects.get(pk=collective.pk).name == "Renamed"


def test_an_invitation_makes_a_member_when_accepted(owner, member, collective):
    offer = collective_invite(collective=collective, actor=owner, invitee=member)
    assert role(collective, member) is None
    join_offer_accept(offer=offer, actor=member)
    assert role(collective, member) == "member"


def test_only_the_invitee_accepts_an_invitation(owner, member, outsider, collective):
    offer = collective_invite(collective=collective, actor=owner, invitee=member)
    with pytest.raises(PermissionDenied):
        join_offer_accept(offer=offer, actor=outsider)
    with pytest.raises(PermissionDenied):
        join_offer_accept(offer=offer, actor=owner)


def test_a_request_is_accepted_by_an_admin(owner, member, collective):
    offer = collective_request_join(collective=collective, user=member, message="Hi!")
    with pytest.raises(PermissionDenied):
        join_offer_accept(offer=offer, actor=member)
    join_offer_accept(offer=offer, actor=owner)
    assert role(collective, member) == "member"


def test_inviting_someone_who_asked_lets_them_in(owner, member, collective):
    collective_request_join(collective=collective, user=member)
    collective_invite(collective=collective, actor=owner, invitee=member)
    assert role(collective, member) == "member"


def test_a_declined_offer_cannot_be_accepted(owner, member, collective):
    offer = collective_invite(collective=collective, actor=owner, invitee=member)
    join_offer_decline(offer=offer, actor=member)
    with pytest.raises(ValidationError):
        join_offer_accept(offer=offer, actor=member)


def test_members_cannot_invite(member, outsider, owner, collective):
    collective.memberships.create(user=member)
    with pytest.raises(PermissionDenied):
        collective_invite(collective=collective, actor=member, invitee=outsider)


def test_blocked_people_cannot_be_invited(owner, blocked, collective):
    with pytest.raises(ValidationError):
        collective_invite(collective=collective, actor=owner, invitee=blocked)
    assert not JoinOffer.objects.exists()


def test_the_last_admin_cannot_leave_or_step_down(owner, member, collective):
    collective.memberships.create(user=member)
    with pytest.raises(ValidationError):
        membership_leave(collective=collective, user=owner)
    with pytest.raises(ValidationError):
        membership_set_role(collective=collective, actor=owner, user=owner, role="member")
    membership_set_role(collective=collective, actor=owner, user=member, role="admin")
    membership_leave(collective=collective, user=owner)
    assert role(collective, owner) is None


def test_members_leave_freely(member, collective):
    collective.memberships.create(user=member)
    membership_leave(collective=collective, user=member)
    assert role(collective, member) is None


def test_erasing_the_last_admin_hands_over_or_deletes(owner, member, collective, places):
    collective.memberships.create(user=member)
    alone = collective_create(creator=owner, name="Alone", home_place=places("Oslo"))
    section = next(s for s in sections() if s.name == "collectives")
    assert section.export(owner)[0]["role"] == "admin"
    section.erase(owner)
    assert role(collective, member) == "admin"
    assert not Collective.objects.filter(pk=alone.pk).exists()
