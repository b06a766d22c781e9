"""Writing to a member from their profile: /messages/new/<public id>/."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Visibility
from tests.messaging.conftest import send
from travel.messaging.models import Conversation, Message


def url(user):
    return reverse("messaging:compose", args=[user.public_id])


def test_it_starts_a_conversation_that_lands_in_their_requests(owner, member, member_client):
    assert member_client.get(url(owner)).status_code == 200
    response = member_client.post(url(owner), {"body": "Hello Olive, may I visit?"})
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:conversation", args=[conversation.public_id])
    assert conversation.status == Conversation.Status.REQUEST


def test_it_goes_to_the_existing_conversation(owner, member, member_client):
    conversation = send(member, owner).conversation
    response = member_client.get(url(owner))
    assert response["Location"] == reverse("messaging:conversation", args=[conversation.public_id])


def test_it_is_a_404_for_blocked_members_either_way(owner, blocked, owner_client, blocked_client):
    assert blocked_client.get(url(owner)).status_code == 404
    assert blocked_client.post(url(owner), {"body": "hello?"}).status_code == 404
    assert owner_client.post(url(blocked), {"body": "hello?"}).status_code == 404
    assert not Message.objects.exists()


def test_it_is_a_404_for_a_hidden_profile_or_oneself(owner, member, member_client, owner_client):
    owner.profile_visibility = Visibility.ONLY_ME
    owner.save(update_fields=["profile_visibility"])
    assert member_client.get(url(owner)).status_code == 404
    assert owner_client.get(url(owner)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, owner):
    assert client.get(url(owner)).status_code == 302


def test_it_shows_the_quota_message_when_exhausted(owner, member_client, settings):
    settings.MESSAGING_NEW_CONVERSATION_QUOTAS = {"established": (0, 0), "new": (0, 0)}
    response = member_client.post(url(owner), {"body": "Hello!"})
    assert response.status_code == 400
    assert "started many conversations" in response.content.decode()
    assert "Hello!" in response.content.decode()
