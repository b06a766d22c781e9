"""Batched email about unread messages: once, never for requests, no stranger's text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Mute
from tests.messaging.conftest import connect, send
from travel.messaging import tasks
from travel.messaging.models import Message


def age(minutes: int = 5) -> None:
    Message.objects.update(created=timezone.now() - timedelta(minutes=minutes))


def test_it_sends_one_email_per_recipient_once_even_when_run_twice(
    owner, member, outsider, mailoutbox
):
    connect(owner, member)
    connect(owner, outsider)
    send(member, owner, "First from Mel")
    send(member, owner, "Second from Mel")
    send(outsider, owner, "Hi from Otto")
    age()
    tasks.send_message_notifications()
    tasks.send_message_notifications()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["owner@example.org"]
    assert "3 new messages" in mail.subject
    assert "First from Mel" in mail.body and "Hi from Otto" in mail.body


def test_it_never_emails_about_requests(owner, member, mailoutbox):
    send(member, owner, "A first message from a stranger")
    age()
    tasks.send_message_notifications()
    assert mailoutbox == []


def test_it_never_includes_a_non_connections_text(owner, member, mailoutbox):
    from travel.messaging import services

    conversation = services.conversation_for_subject(
        a=member, b=owner, kind="stay_request", subject_id="r1"
    )
    services.message_reply(sender=member, conversation=conversation, body="SECRET-TEXT here")
    age()
    tasks.send_message_notifications()
    assert len(mailoutbox) == 1
    assert "SECRET-TEXT" not in mailoutbox[0].body
    assert "Mel Member wrote you a message" in mailoutbox[0].body


def test_it_waits_for_a_grace_period_and_skips_read_messages(owner, member, mailoutbox, thread):
    from travel.messaging import selectors, services

    services.message_reply(sender=member, conversation=thread, body="Just now")
    tasks.send_message_notifications()
    assert mailoutbox == []  # too fresh: they may be reading live
    age()
    services.conversation_mark_read(side=selectors.side_for(user=owner, public_id=thread.public_id))
    tasks.send_message_notifications()
    # The owner read it; Mel's own earlier message was read when Mel replied.
    assert mailoutbox == []


def test_it_skips_held_messages_and_muted_senders(owner, member, outsider, mailoutbox):
    connect(owner, member)
    connect(owner, outsider)
    held = send(member, owner, "Held one")
    Message.objects.filter(pk=held.pk).update(held=True)
    Mute.objects.create(muter=owner, muted=outsider)
    send(outsider, owner, "From a muted member")
    age()
    tasks.send_message_notifications()
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_retried_later(owner, member, mailoutbox, monkeypatch):
    from travel.messaging import notifications

    connect(owner, member)
    send(member, owner, "Will be retried")
    age()

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with pytest.raises(OSError):
        notifications.notify_recipient(recipient_id=owner.pk)
    monkeypatch.undo()
    assert notifications.notify_recipient(recipient_id=owner.pk)
    assert len(mailoutbox) == 1
