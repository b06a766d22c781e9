"""Who may open a profile (P3, P5): the matrix of profile_visibility × viewer."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from accounts.models import Visibility
from tests.accounts.conftest import connect
from tests.conftest import assert_same_404, client_for, make_member

VIEWERS = ["owner", "connection", "co_member", "other_member", "blocked", "anonymous"]
ALLOWED = {
    Visibility.ONLY_ME: {"owner"},
    Visibility.CONNECTIONS: {"owner", "connection"},
    Visibility.MEMBERS: {"owner", "connection", "co_member", "other_member"},
    Visibility.COLLECTIVE: {"owner", "co_member"},
}


@pytest.fixture
def cast(owner, blocked, places):
    from travel.collectives.models import Collective, Membership

    connection = make_member(display_name="Connie Connection")
    co_member = make_member(display_name="Coco Comember")
    other_member = make_member(display_name="Oda Other")
    connect(owner, connection)
    connect(owner, blocked)  # a block wins over a connection
    collective = Collective.objects.create(name="Oslo Hacklab", home_place=places("Oslo"))
    for user in (owner, co_member, blocked):
        Membership.objects.create(collective=collective, user=user)
    return {
        "owner": owner,
        "connection": connection,
        "co_member": co_member,
        "other_member": other_member,
        "blocked": blocked,
        "anonymous": None,
    }


@pytest.mark.parametrize("visibility", list(ALLOWED))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_shows_a_profile_only_to_those_allowed(cast, owner, visibility, viewer):
    owner.profile_visibility = visibility
    owner.bio = "Shop steward, rail nerd."
    owner.save()
    response = client_for(cast[viewer]).get(
        reverse("accounts:member", kwargs={"public_id": owner.public_id})
    )
    if viewer == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    elif viewer in ALLOWED[visibility]:
        assert response.status_code == 200
        assert b"Olive Owner" in response.content
        assert b"Shop steward, rail nerd." in response.content
    else:
        assert response.status_code == 404
        assert b"Olive Owner" not in response.content


def test_the_blocker_cannot_see_the_blocked_either(owner_client, blocked):
    """Blocks are mutual (P5)."""
    response = owner_client.get(reverse("accounts:member", kwargs={"public_id": blocked.public_id}))
    assert response.status_code == 404


def test_an_unknown_member_is_the_same_404(member_client, owner):
    from accounts.models import Block, User

    Block.objects.create(blocker=owner, blocked=User.objects.get(email="member@example.org"))
    missing = member_client.get(reverse("accounts:member", kwargs={"public_id": uuid.uuid4()}))
    hidden = member_client.get(reverse("accounts:member", kwargs={"public_id": owner.public_id}))
    assert_same_404(hidden, missing)


def test_a_suspended_member_vanishes(member_client, owner):
    owner.is_suspended = True
    owner.save()
    response = member_client.get(reverse("accounts:member", kwargs={"public_id": owner.public_id}))
    assert response.status_code == 404


def test_it_shows_html_in_a_bio_as_text(member_client, owner):
    owner.bio = '<script>alert("x")</script><b>bold</b>'
    owner.save()
    response = member_client.get(reverse("accounts:member", kwargs={"public_id": owner.public_id}))
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_it_offers_a_block_button_to_others_but_not_to_the_owner(
    owner_client, member_client, owner
):
    url = reverse("accounts:member", kwargs={"public_id": owner.public_id})
    block_url = reverse("accounts:member_block", kwargs={"public_id": owner.public_id})
    assert block_url.encode() in member_client.get(url).content
    own = owner_client.get(url)
    assert own.status_code == 200
    assert block_url.encode() not in own.content
    assert reverse("accounts:profile").encode() in own.content
