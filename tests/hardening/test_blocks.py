"""Issue 14, reproduction 6: a blocked member's request to join the blocker's
collective answers exactly like a collective that does not exist, and stores nothing."""

from __future__ import annotations

import json
import uuid

import pytest

from travel.collectives.models import JoinOffer
from travel.collectives.services import collective_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def collective(owner, places):
    return collective_create(creator=owner, name="Hacklab Oslo", home_place=places("Oslo"))


@pytest.mark.parametrize("direction", ["blocked by the admin", "blocking the admin"])
def test_a_join_request_across_a_block_is_a_404_like_a_missing_collective(
    owner, member, member_client, collective, direction
):
    from accounts.models import Block

    if direction == "blocked by the admin":
        Block.objects.create(blocker=owner, blocked=member)
    else:
        Block.objects.create(blocker=member, blocked=owner)
    body = json.dumps({"message": "let me in"})
    hidden = member_client.post(
        f"/api/collectives/{collective.public_id}/join", body, content_type="application/json"
    )
    missing = member_client.post(
        f"/api/collectives/{uuid.uuid4()}/join", body, content_type="application/json"
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    page = member_client.post(f"/collectives/{collective.public_id}/join/", {"message": "hi"})
    assert page.status_code == 404
    assert not JoinOffer.objects.exists()


def test_others_still_ask_to_join(member_client, collective):
    response = member_client.post(
        f"/api/collectives/{collective.public_id}/join", "{}", content_type="application/json"
    )
    assert response.status_code == 201
