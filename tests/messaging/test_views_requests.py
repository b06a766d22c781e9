"""Accepting and declining requests from the page."""

from __future__ import annotations

from django.urls import reverse

from accounts.selectors import are_connected
from tests.messaging.conftest import send
from travel.messaging.models import Participant


def test_the_recipient_accepts_a_request(owner, member, owner_client):
    conversation = send(member, owner).conversation
    response = owner_client.post(reverse("messaging:accept", args=[conversation.public_id]))
    assert response.status_code == 302
    assert are_connected(owner, member)


def test_the_recipient_declines_a_request_silently(owner, member, owner_client, member_client):
    conversation = send(member, owner).conversation
    owner_client.post(reverse("messaging:decline", args=[conversation.public_id]))
    assert not Participant.objects.filter(conversation=conversation, user=owner).exists()
    # Nothing changes on the sender's page.
    page = member_client.get(reverse("messaging:conversation", args=[conversation.public_id]))
    assert page.status_code == 200 and "Olive Owner" in page.content.decode()


def test_the_sender_cannot_accept_their_own_request(owner, member, member_client):
    conversation = send(member, owner).conversation
    for name in ("messaging:accept", "messaging:decline"):
        response = member_client.post(reverse(name, args=[conversation.public_id]))
        assert response.status_code == 404
    assert not are_connected(owner, member)


def test_others_and_anonymous_cannot_answer(owner, member, client, blocked_client):
    conversation = send(member, owner).conversation
    for name in ("messaging:accept", "messaging:decline"):
        path = reverse(name, args=[conversation.public_id])
        assert blocked_client.post(path).status_code == 404
        assert client.post(path).status_code == 302
    assert Participant.objects.filter(conversation=conversation).count() == 2


def test_get_is_not_allowed(owner, member, owner_client):
    conversation = send(member, owner).conversation
    assert (
        owner_client.get(reverse("messaging:accept", args=[conversation.public_id])).status_code
        == 405
    )
