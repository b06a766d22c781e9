"""Sending, the requests inbox (P7), blocks (P5), suspensions and mutes in messaging."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.models import Block, Mute
from accounts.selectors import are_connected
from tests.conftest import make_member
from tests.messaging.conftest import connect, send
from travel.messaging import selectors, services
from travel.messaging.models import MAX_BODY, Conversation, Message


def test_it_puts_a_first_message_from_a_stranger_in_the_requests_inbox(owner, member):
    message = send(member, owner, "Hi, could I visit your hacklab?")
    assert message.conversation.status == Conversation.Status.REQUEST
    assert [r.conversation for r in selectors.requests_for(user=owner)] == [message.conversation]
    assert selectors.inbox_for(user=owner) == []
    assert selectors.unread_total(user=owner) == 0  # requests notify nothing
    # The sender sees an ordinary conversation.
    assert [r.conversation for r in selectors.inbox_for(user=member)] == [message.conversation]


def test_it_puts_a_first_message_from_a_connection_in_the_inbox(owner, member):
    connect(owner, member)
    message = send(member, owner)
    assert message.conversation.status == Conversation.Status.ACTIVE
    assert selectors.unread_total(user=owner) == 1
    assert selectors.requests_for(user=owner) == []


def test_accepting_a_request_moves_it_and_connects(owner, member):
    message = send(member, owner)
    side = selectors.side_for(user=owner, public_id=message.conversation.public_id)
    services.request_accept(side=side)
    assert are_connected(owner, member)
    assert [r.conversation for r in selectors.inbox_for(user=owner)] == [message.conversation]
    assert selectors.requests_for(user=owner) == []


def test_declining_deletes_it_for_the_recipient_without_telling_the_sender(owner, member):
    message = send(member, owner, "Hello, interested in a talk?")
    side = selectors.side_for(user=owner, public_id=message.conversation.public_id)
    services.request_decline(side=side)
    assert selectors.requests_for(user=owner) == []
    assert selectors.side_for(user=owner, public_id=message.conversation.public_id) is None
    assert not are_connected(owner, member)
    # The sender's side looks the same as before; more messages reach nobody.
    row = selectors.row_for(user=member, public_id=message.conversation.public_id)
    assert row is not None and row.other == owner
    again = send(member, owner, "Did you see my message?")
    assert again.conversation == message.conversation and again.recipient is None
    assert selectors.requests_for(user=owner) == []


def test_a_reply_by_the_recipient_makes_a_connection(owner, member):
    message = send(member, owner)
    services.message_reply(sender=owner, conversation=message.conversation, body="Sure!")
    assert are_connected(owner, member)
    message.conversation.refresh_from_db()
    assert message.conversation.status == Conversation.Status.ACTIVE


def test_a_follow_up_by_the_sender_does_not_accept_their_own_request(owner, member):
    message = send(member, owner)
    services.message_reply(sender=member, conversation=message.conversation, body="Also…")
    assert not are_connected(owner, member)
    message.conversation.refresh_from_db()
    assert message.conversation.status == Conversation.Status.REQUEST


@pytest.mark.parametrize("direction", ["blocker_writes", "blocked_writes"])
def test_a_block_either_way_answers_as_if_they_did_not_exist(owner, blocked, direction):
    sender, recipient = (owner, blocked) if direction == "blocker_writes" else (blocked, owner)
    with pytest.raises(Http404):
        send(sender, recipient)
    assert not Message.objects.exists()


def test_a_block_after_the_fact_hides_the_conversation_from_both(owner, member):
    conversation = send(member, owner).conversation
    Block.objects.create(blocker=owner, blocked=member)
    for user in (owner, member):
        assert selectors.row_for(user=user, public_id=conversation.public_id) is None
        assert selectors.inbox_for(user=user) == selectors.requests_for(user=user) == []
    with pytest.raises(Http404):
        services.message_reply(sender=member, conversation=conversation, body="Hello?")


def test_suspended_members_vanish_from_conversations(owner, member, thread):
    member.is_suspended = True
    member.save(update_fields=["is_suspended"])
    assert selectors.row_for(user=owner, public_id=thread.public_id) is None
    assert selectors.inbox_for(user=owner) == []
    with pytest.raises(Http404):
        send(owner, member)


def test_a_muted_member_disappears_from_my_inbox_and_notices_nothing(owner, member, thread):
    Mute.objects.create(muter=owner, muted=member)
    assert selectors.inbox_for(user=owner) == []
    assert selectors.unread_total(user=owner) == 0
    # They can still write, and see the conversation as before.
    message = services.message_reply(sender=member, conversation=thread, body="Still there?")
    assert not message.held
    assert [r.conversation for r in selectors.inbox_for(user=member)] == [thread]


def test_it_refuses_a_message_over_the_size_limit_and_keeps_nothing(owner, member):
    with pytest.raises(ValidationError) as caught:
        send(member, owner, "x" * (MAX_BODY + 1))
    assert "body" in caught.value.message_dict
    assert not Conversation.objects.exists()


def test_it_refuses_an_empty_message(owner, member):
    with pytest.raises(ValidationError):
        send(member, owner, "   ")


def test_one_cannot_write_to_oneself(owner):
    with pytest.raises(Http404):
        send(owner, owner)


def test_held_messages_are_seen_by_their_sender_only(owner, member):
    message = send(member, owner)
    Message.objects.filter(pk=message.pk).update(held=True)
    conversation = message.conversation
    assert [m.pk for m in selectors.recent_messages(user=member, conversation=conversation)] == [
        message.pk
    ]
    assert selectors.recent_messages(user=owner, conversation=conversation) == []


def test_unread_counts_rise_and_reset_on_read(owner, member, thread):
    side = selectors.side_for(user=member, public_id=thread.public_id)
    services.conversation_mark_read(side=side)
    services.message_reply(sender=owner, conversation=thread, body="One")
    services.message_reply(sender=owner, conversation=thread, body="Two")
    assert selectors.unread_total(user=member) == 2
    side = selectors.side_for(user=member, public_id=thread.public_id)
    services.conversation_mark_read(side=side)
    assert selectors.unread_total(user=member) == 0


def test_a_subject_conversation_is_created_once_and_skips_the_requests_inbox(owner, member):
    first = services.conversation_for_subject(
        a=member, b=owner, kind="stay_request", subject_id="abc-123"
    )
    again = services.conversation_for_subject(
        a=member, b=owner, kind="stay_request", subject_id="abc-123"
    )
    other = services.conversation_for_subject(
        a=member, b=owner, kind="stay_request", subject_id="def-456"
    )
    assert first == again != other
    assert first.status == Conversation.Status.ACTIVE
    row = selectors.row_for_subject(user=owner, kind="stay_request", subject_id="abc-123")
    assert row is not None and row.other == member
    outsider = make_member()
    assert (
        selectors.row_for_subject(user=outsider, kind="stay_request", subject_id="abc-123") is None
    )


def test_hiding_a_message_removes_it_and_its_unread_count(owner, member, thread):
    side = selectors.side_for(user=member, public_id=thread.public_id)
    services.conversation_mark_read(side=side)
    message = services.message_reply(sender=owner, conversation=thread, body="Something nasty")
    services.message_hide(str(message.public_id))
    assert message.pk not in [
        m.pk for m in selectors.recent_messages(user=member, conversation=thread)
    ]
    assert selectors.unread_total(user=member) == 0
