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


@pytest.fixture
def run_batch(django_capture_on_commit_callbacks):
    """The periodic batch, with what it commits run (the outbox sends on commit)."""

    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.send_message_notifications()

    return run


def test_it_sends_one_email_per_recipient_once_even_when_run_twice(
    owner, member, outsider, mailoutbox, run_batch
):
    connect(owner, member)
    connect(owner, outsider)
    send(member, owner, "First from Mel")
    send(member, owner, "Second from Mel")
    send(outsider, owner, "Hi from Otto")
    age()
    run_batch()
    run_batch()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["owner@example.org"]
    assert "3 new messages" in mail.subject
    assert "First from Mel" in mail.body and "Hi from Otto" in mail.body


def test_it_never_emails_about_requests(owner, member, mailoutbox, run_batch):
    send(member, owner, "A first message from a stranger")
    age()
    run_batch()
    assert mailoutbox == []


def test_it_never_includes_a_non_connections_text(owner, member, mailoutbox, run_batch):
    from travel.messaging import services

    conversation = services.conversation_for_subject(
        a=member, b=owner, kind="stay_request", subject_id="r1"
    )
    services.message_reply(sender=member, conversation=conversation, body="SECRET-TEXT here")
    age()
    run_batch()
    assert len(mailoutbox) == 1
    assert "SECRET-TEXT" not in mailoutbox[0].body
    assert "Mel Member wrote you a message" in mailoutbox[0].body


def test_it_waits_for_a_grace_period_and_skips_read_messages(
    owner, member, mailoutbox, run_batch, thread
):
    from travel.messaging import selectors, services

    services.message_reply(sender=member, conversation=thread, body="Just now")
    run_batch()
    assert mailoutbox == []  # too fresh: they may be reading live
    age()
    services.conversation_mark_read(side=selectors.side_for(user=owner, public_id=thread.public_id))
    run_batch()
    # The owner read it; Mel's own earlier message was read when Mel replied.
    assert mailoutbox == []


def test_it_skips_held_messages_and_muted_senders(owner, member, outsider, mailoutbox, run_batch):
    connect(owner, member)
    connect(owner, outsider)
    held = send(member, owner, "Held one")
    Message.objects.filter(pk=held.pk).update(held=True)
    Mute.objects.create(muter=owner, muted=outsider)
    send(outsider, owner, "From a muted member")
    age()
    run_batch()
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_retried_later(owner, member, mailoutbox, monkeypatch):
    from travel.messaging import notifications
    from travel.outbox.services import outbox_flush

    connect(owner, member)
    send(member, owner, "Will be retried")
    age()

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("travel.outbox.services.EmailMessage.send", broken)
    assert notifications.notify_recipient(recipient_id=owner.pk)  # claimed, in the outbox
    assert mailoutbox == []
    monkeypatch.undo()
    assert not notifications.notify_recipient(recipient_id=owner.pk)  # nothing new
    assert outbox_flush() == 1  # the relay's next attempt
    assert outbox_flush() == 0
    assert len(mailoutbox) == 1
