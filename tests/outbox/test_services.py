"""The outbox: written once with the change, delivered at most once, never lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError, transaction
from django.utils import timezone

from tests.conftest import make_member
from travel.outbox import tasks
from travel.outbox.models import OutboxMessage
from travel.outbox.services import (
    message_id,
    outbox_deliver,
    outbox_due_ids,
    outbox_enqueue,
    outbox_flush,
)
from travel.wiring.house import BEAT_SCHEDULE as BEAT

pytestmark = pytest.mark.django_db


def enqueue(user, key="test:1", **fields):
    return outbox_enqueue(
        key=key, to=user, subject=fields.get("subject", "Hello"), body=fields.get("body", "Text")
    )


def test_it_writes_a_key_once_and_sends_after_commit(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert enqueue(member) is True
        assert enqueue(member, subject="Another") is False  # same key: nothing new
        assert mailoutbox == []  # nothing before commit
    assert len(callbacks) == 1
    assert OutboxMessage.objects.count() == 1
    [email] = mailoutbox
    assert email.to == [member.email]
    assert email.subject == "Hello"
    assert email.extra_headers["Message-ID"] == message_id("test:1")
    assert OutboxMessage.objects.get().sent_at is not None


def test_a_rolled_back_change_leaves_no_message(member, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(member)
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert outbox_flush() == 0
    assert mailoutbox == []


def test_delivering_twice_sends_once(member, mailoutbox):
    enqueue(member)
    message = OutboxMessage.objects.get()
    assert outbox_deliver(outbox_id=message.pk) is True
    assert outbox_deliver(outbox_id=message.pk) is False
    tasks.deliver.apply(args=[message.pk])  # as a redelivered broker message would
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1


def test_a_message_claimed_by_another_run_is_left_alone_until_the_claim_expires(member, mailoutbox):
    enqueue(member)
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.update(claimed_until=timezone.now() + timedelta(minutes=1))
    assert outbox_deliver(outbox_id=message.pk) is False
    assert outbox_due_ids(stuck_after=timedelta(0)) == []
    # The other run died after claiming: its claim expires and the message goes out.
    OutboxMessage.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox_due_ids(stuck_after=timedelta(0)) == [message.pk]
    assert outbox_deliver(outbox_id=message.pk) is True
    assert len(mailoutbox) == 1


def test_a_failed_send_is_released_with_a_backoff_and_sent_later(member, mailoutbox, monkeypatch):
    enqueue(member)
    message = OutboxMessage.objects.get()

    def refused(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("travel.outbox.services.EmailMessage.send", refused)
    assert outbox_deliver(outbox_id=message.pk) is False
    message.refresh_from_db()
    assert message.sent_at is None and message.claimed_until is None
    assert message.next_attempt_at > timezone.now()
    assert "mail server down" in message.last_error
    monkeypatch.undo()
    OutboxMessage.objects.update(created=timezone.now() - timedelta(minutes=5))
    assert outbox_due_ids() == []  # waiting for its backoff
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert outbox_due_ids() == [message.pk]
    assert tasks.requeue_stuck() == 1  # eager in tests: delivers
    assert len(mailoutbox) == 1
    assert tasks.requeue_stuck() == 0


def test_the_requeue_job_leaves_fresh_messages_to_their_own_task(member):
    enqueue(member)
    assert outbox_due_ids() == []
    OutboxMessage.objects.update(created=timezone.now() - timedelta(minutes=2))
    assert len(outbox_due_ids()) == 1


def test_a_broker_that_is_away_at_commit_is_logged_not_raised(
    member, mailoutbox, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.deliver, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(member)
    assert "could not queue delivery" in caplog.text
    assert mailoutbox == []
    assert OutboxMessage.objects.get().sent_at is None  # safe, for the re-queue job
    monkeypatch.undo()
    assert outbox_flush() == 1
    assert len(mailoutbox) == 1


def test_it_does_not_email_a_deactivated_member(member, mailoutbox):
    enqueue(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert outbox_flush() == 0
    assert mailoutbox == []
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None and "inactive" in message.last_error


def test_an_erased_member_takes_their_pending_mail_along(member):
    enqueue(member)
    member.delete()
    assert not OutboxMessage.objects.exists()


def test_it_reads_the_address_when_sending(member, mailoutbox):
    enqueue(member)
    member.email = "new@example.org"
    member.save(update_fields=["email"])
    outbox_flush()
    assert mailoutbox[0].to == ["new@example.org"]


def test_message_ids_are_stable_per_key_and_differ_between_keys():
    assert message_id("stay:1:new") == message_id("stay:1:new")
    assert message_id("stay:1:new") != message_id("stay:1:accepted")
    assert message_id("stay:1:new").startswith("<") and message_id("stay:1:new").endswith(">")


def test_the_requeue_job_runs_every_minute():
    entry = BEAT["outbox-requeue-stuck"]
    assert entry["task"] == tasks.requeue_stuck.name
    assert entry["schedule"] == timedelta(minutes=1)


def test_the_manual_relay_command_sends_what_is_waiting(member, mailoutbox):
    import io

    from django.core.management import call_command

    enqueue(member, key="a")
    enqueue(make_member(), key="b")
    out = io.StringIO()
    call_command("outbox_relay", stdout=out)
    assert out.getvalue().strip() == "2 sent"
    assert len(mailoutbox) == 2
