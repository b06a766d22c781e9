"""The outbox: write a message in the state change's transaction, deliver it after.

Exactly once, as far as email allows:
- the row is written exactly once: its `key` is unique and it is written in the same
  transaction as the change it tells about (both commit, or neither);
- sending is at most once per row: a relay claims the row with a conditional UPDATE
  (unsent, and unclaimed or its claim expired) and marks `sent_at` after the send.

The one window left: a worker that dies after the mail server accepted the message but
before `sent_at` is written. The claim then expires and the message is sent again: at
least once there, never lost. Both copies carry the same Message-ID (derived from the
key), so mail servers and clients that deduplicate on it show one. SMTP has no
two-phase commit, so this window cannot be closed from our side, only made small.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from travel.outbox.models import OutboxMessage

log = logging.getLogger(__name__)

# How long one relay run may hold a row while it sends (SMTP timeouts are 10 s).
CLAIM = timedelta(minutes=2)
# Rows older than this and still unsent are re-queued by the beat task: their broker
# message was lost (Redis down at commit, a worker killed) or their send failed.
STUCK_AFTER = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)


def message_id(key: str) -> str:
    """The same Message-ID for every attempt at one message, so a repeat can be deduped."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}.outbox@{domain}>"


def outbox_enqueue(*, key: str, to: User, subject: str, body: str) -> bool:
    """Write one email to the outbox; True if it is new, False if the key exists.

    Call it inside the transaction of the change it tells about. Once that commits, the
    relay task is queued; if the broker is away, that is logged and the beat re-queue
    sends it later (the row is safe in the database).
    """
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={"recipient": to, "subject": subject[:255], "body": body},
    )
    if created:
        transaction.on_commit(lambda: _queue(message.pk))
    return created


def _queue(outbox_id: int) -> None:
    from travel.outbox.tasks import deliver

    try:
        # No publish retries: a dead broker must not hold up the request that committed.
        deliver.apply_async(args=[outbox_id], retry=False)
    except Exception as exc:
        log.warning(
            "outbox %s: could not queue delivery (%s); the re-queue job will send it",
            outbox_id,
            exc,
        )


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=1) * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def outbox_deliver(*, outbox_id: int) -> bool:
    """Send one outbox message unless it was sent or another run holds it; True if sent.

    A failed send is released with a backoff for the re-queue job; it never raises for
    a mail error, so a task running it needs no retries of its own.
    """
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=outbox_id, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.select_related("recipient").get(pk=outbox_id)
    recipient = message.recipient
    if not recipient.is_active or not recipient.email:
        OutboxMessage.objects.filter(pk=outbox_id).update(
            sent_at=now, claimed_until=None, last_error="not sent: recipient inactive"
        )
        return False
    email = EmailMessage(
        message.subject,
        message.body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers={"Message-ID": message_id(message.key)},
    )
    try:
        email.send()
    except Exception as exc:
        OutboxMessage.objects.filter(pk=outbox_id).update(
            claimed_until=None,
            next_attempt_at=timezone.now() + _backoff(message.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        log.warning("outbox %s (%s): send failed, will retry: %s", outbox_id, message.key, exc)
        return False
    OutboxMessage.objects.filter(pk=outbox_id).update(
        sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    log.info("outbox %s (%s) sent", outbox_id, message.key)
    return True


def outbox_due_ids(
    *, stuck_after: timedelta = STUCK_AFTER, backoff: bool = True, limit: int = 1000
) -> list[int]:
    """Unsent, unclaimed (or claim expired), older than `stuck_after`, and (with
    `backoff`) past their next attempt time."""
    now = timezone.now()
    due = OutboxMessage.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        sent_at__isnull=True,
        created__lte=now - stuck_after,
    )
    if backoff:
        due = due.filter(next_attempt_at__lte=now)
    return list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])


def outbox_flush() -> int:
    """Deliver every unsent message now, in this process, backoff or not (an operator
    after an outage: `manage.py outbox_relay`); the number sent."""
    ids = outbox_due_ids(stuck_after=timedelta(0), backoff=False, limit=100_000)
    return sum(outbox_deliver(outbox_id=pk) for pk in ids)
