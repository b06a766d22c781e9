"""Blocks (P5): from a profile, in settings, and through the API."""

from __future__ import annotations

import json
import uuid

from django.urls import reverse

from accounts.models import Block, Visibility
from tests.conftest import assert_same_404, make_member


def _profile(user):
    return reverse("accounts:member", kwargs={"public_id": user.public_id})


def test_it_blocks_from_a_profile_and_hides_both_sides(member_client, owner_client, owner, member):
    response = member_client.post(
        reverse("accounts:member_block", kwargs={"public_id": owner.public_id})
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:blocks")
    assert Block.objects.filter(blocker=member, blocked=owner).exists()
    assert member_client.get(_profile(owner)).status_code == 404
    assert owner_client.get(_profile(member)).status_code == 404


def test_blocking_twice_keeps_one_block(member_client, owner, member):
    url = reverse("accounts:member_block", kwargs={"public_id": owner.public_id})
    member_client.post(url)
    member_client.post(url)
    assert Block.objects.filter(blocker=member, blocked=owner).count() == 1


def test_a_private_profile_can_still_be_blocked(member_client, owner, member):
    """Someone who writes to you with a hidden profile must still be blockable."""
    owner.profile_visibility = Visibility.ONLY_ME
    owner.save()
    url = reverse("accounts:member_block", kwargs={"public_id": owner.public_id})
    assert member_client.post(url).status_code == 302
    assert Block.objects.filter(blocker=member, blocked=owner).exists()


def test_the_blocked_side_cannot_block_back_and_learns_nothing(blocked_client, owner, blocked):
    url = reverse("accounts:member_block", kwargs={"public_id": owner.public_id})
    assert blocked_client.post(url).status_code == 404
    unknown = reverse("accounts:member_block", kwargs={"public_id": uuid.uuid4()})
    assert blocked_client.post(unknown).status_code == 404


def test_blocking_needs_a_post_and_a_sign_in(client, member_client, owner):
    url = reverse("accounts:member_block", kwargs={"public_id": owner.public_id})
    assert member_client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Block.objects.filter(blocked=owner).exists()


def test_it_lists_my_blocks_and_unblocks(
    owner_client, owner, blocked, django_assert_max_num_queries
):
    owner_client.get(reverse("accounts:blocks"))  # allauth records the session once
    for _ in range(3):  # more blocks, same number of queries
        Block.objects.create(blocker=owner, blocked=make_member())
    # session, user; allauth's activity tracking (savepoint, select usersession, select
    # user, update usersession, release); blocks joined with the blocked member.
    with django_assert_max_num_queries(8):
        page = owner_client.get(reverse("accounts:blocks"))
    assert page.status_code == 200
    assert b"Bea Blocked" in page.content
    response = owner_client.post(
        reverse("accounts:block_delete", kwargs={"public_id": blocked.public_id})
    )
    assert response.status_code == 302
    assert not Block.objects.filter(blocker=owner, blocked=blocked).exists()


def test_the_blocked_cannot_lift_a_block_they_did_not_make(blocked_client, owner, blocked):
    response = blocked_client.post(
        reverse("accounts:block_delete", kwargs={"public_id": owner.public_id})
    )
    assert response.status_code == 404
    assert Block.objects.filter(blocker=owner, blocked=blocked).exists()


# API ----------------------------------------------------------------------------


def _post(client, public_id):
    return client.post(
        "/api/blocks", json.dumps({"user": str(public_id)}), content_type="application/json"
    )


def test_the_api_blocks_and_unblocks(member_client, owner, member):
    response = _post(member_client, owner.public_id)
    assert response.status_code == 201
    assert response.json()["user"] == str(owner.public_id)
    listed = member_client.get("/api/blocks")
    assert [b["user"] for b in listed.json()] == [str(owner.public_id)]
    response = member_client.delete(f"/api/blocks/{owner.public_id}")
    assert response.status_code == 204
    assert not Block.objects.filter(blocker=member).exists()
    assert member_client.delete(f"/api/blocks/{owner.public_id}").status_code == 404


def test_the_api_refuses_to_block_oneself_clearly(member_client, member):
    response = _post(member_client, member.public_id)
    assert response.status_code == 400
    assert response.json()["field"] == "user"
    assert "yourself" in response.json()["message"]
    assert not Block.objects.exists()


def test_the_api_answers_404_for_someone_unknown_or_who_blocked_me(blocked_client, owner):
    assert_same_404(_post(blocked_client, owner.public_id), _post(blocked_client, uuid.uuid4()))
    assert Block.objects.count() == 1


def test_the_api_rejects_a_malformed_id_with_the_field(member_client):
    response = member_client.post(
        "/api/blocks", json.dumps({"user": "not-a-uuid"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "user"


def test_the_api_needs_authentication(client, owner):
    assert _post(client, owner.public_id).status_code == 401
    assert client.get("/api/blocks").status_code == 401
    assert client.delete(f"/api/blocks/{owner.public_id}").status_code == 401


def test_a_members_circle_holds_blocks_both_ways_and_connections(db):
    from accounts.selectors import circle_of
    from accounts.services import connection_make

    me, blocked, blocker, friend, stranger = (make_member() for _ in range(5))
    Block.objects.create(blocker=me, blocked=blocked)
    Block.objects.create(blocker=blocker, blocked=me)
    Block.objects.create(blocker=friend, blocked=stranger)  # not mine
    connection_make(a=me, b=friend, reason="stay")
    circle = circle_of(me)
    assert circle.blocked == {blocked.pk, blocker.pk}
    assert circle.connected == {friend.pk}
