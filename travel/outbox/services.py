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
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template import Context, engines
from django.utils import timezone, translation

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


class Undeliverable(Exception):
    """A channel's sender says this message can never be delivered (not worth a retry)."""


# Senders of the channels other than email, registered by the app that owns them
# (travel/wiring/house.py): each takes the claimed row and raises to retry later or
# Undeliverable to give up.
CHANNEL_SENDERS: dict[str, Callable[[OutboxMessage], None]] = {}


def register_channel(channel: str, sender: Callable[[OutboxMessage], None]) -> None:
    CHANNEL_SENDERS[channel] = sender


# Asked before an email is written: policy(recipient, template) returns extra headers
# (List-Unsubscribe), or None when the member chose not to get this kind by email. The
# notification centre registers its preferences here (travel/wiring/house.py).
EmailPolicy = Callable[[User, str], "dict[str, Any] | None"]
EMAIL_POLICIES: list[EmailPolicy] = []


def register_email_policy(policy: EmailPolicy) -> None:
    if policy not in EMAIL_POLICIES:
        EMAIL_POLICIES.append(policy)


# Every subject starts with this (the same for every kind of email).
SUBJECT_PREFIX = f"[{settings.SITE_NAME}] "


def _render_text(name: str, context: dict[str, Any]) -> str:
    """A template rendered as plain text: no HTML escaping (an apostrophe stays one)."""
    template = engines["django"].engine.get_template(name)  # type: ignore[attr-defined]
    return template.render(Context(context, autoescape=False))


def recipient_language(recipient: User) -> str:
    """The language a member reads their email in: the one they chose on the site."""
    chosen = getattr(recipient, "language", "") or ""
    known = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in known else settings.LANGUAGE_CODE


def queue_email(
    *,
    recipient: User,
    template: str,
    context: dict[str, Any],
    key: str,
    headers: dict[str, Any] | None = None,
) -> bool:
    """Write one email to the outbox, rendered for `recipient`; True if new, False if
    `key` was used before (then nothing is written: the email goes at most once).

    This is the one way Stopover writes an email. Call it inside the transaction of the
    change the email tells about (the row commits or rolls back with it).

    - `template` names two templates by their common stem: `f"{template}_subject.txt"`
      (one line, whitespace folded) and `f"{template}_body.txt"`, e.g.
      `template="emails/meetups/invitation"`. Both are rendered as plain text (no HTML
      escaping) in the RECIPIENT's language (`recipient.language`, else
      settings.LANGUAGE_CODE), so dates and translated strings follow them, whoever
      triggered the email.
    - `context` is the templates' context; `recipient` and `site_url`/`site_name` are
      added. Never put an exact address in it (DESIGN P2).
    - `key` is unique per email ("stay:12:accepted"): writing twice writes once.
    - The subject gets the one prefix, SUBJECT_PREFIX ("[Stopover] ").
    - `headers`: extra email headers (List-Unsubscribe for notifications).
    - Registered email policies (the member's notification preferences) may add headers
      or decline the email: then nothing is written and False is returned.
    """
    if OutboxMessage.objects.filter(key=key).exists():
        return False
    headers = dict(headers or {})
    for policy in EMAIL_POLICIES:
        extra = policy(recipient, template)
        if extra is None:
            return False  # the member does not want this kind by email (now)
        headers.update(extra)
    context = {
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        **context,
        "recipient": recipient,
    }
    with translation.override(recipient_language(recipient)):
        subject = " ".join(_render_text(f"{template}_subject.txt", context).split())
        body = _render_text(f"{template}_body.txt", context)
    return outbox_enqueue(
        key=key, to=recipient, subject=SUBJECT_PREFIX + subject, body=body, headers=headers
    )


def outbox_enqueue(
    *,
    key: str,
    to: User,
    subject: str,
    body: str,
    channel: str = OutboxMessage.Channel.EMAIL,
    headers: dict[str, Any] | None = None,
) -> bool:
    """Write one already rendered message to the outbox; True if new, False if the key
    exists. Apps write emails with `queue_email` (which renders and then calls this).

    Call it inside the transaction of the change it tells about. Once that commits, the
    relay task is queued; if the broker is away, that is logged and the beat re-queue
    sends it later (the row is safe in the database).
    """
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "recipient": to,
            "subject": subject[:255],
            "body": body,
            "channel": channel,
            "headers": headers or {},
        },
    )
    if created:
        transaction.on_commit(lambda: _queue(message.pk))
    return created


def outbox_enqueue_many(rows: list[OutboxMessage]) -> int:
    """Write many messages in two queries (an insert and a read of the new ids); rows
    whose key exists are skipped. Each new one is queued after commit. Returns how many
    were new."""
    if not rows:
        return 0
    keys = [row.key for row in rows]
    existing = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [row for row in rows if row.key not in existing]
    OutboxMessage.objects.bulk_create(fresh, ignore_conflicts=True)
    ids = list(
        OutboxMessage.objects.filter(key__in=[r.key for r in fresh]).values_list("pk", flat=True)
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: _queue(pk))  # type: ignore[misc]
    return len(ids)


# The relay task (travel/outbox/tasks.py imports this module, so it is handed over by
# the wiring, travel/wiring/house.py, rather than imported back).
_deliver_task: Any = None


def use_delivery_task(task: Any) -> None:
    global _deliver_task
    _deliver_task = task


def _queue(outbox_id: int) -> None:
    deliver = _deliver_task
    if deliver is None:
        log.warning("outbox %s: no delivery task wired; the re-queue job will send it", outbox_id)
        return
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
    try:
        if message.channel == OutboxMessage.Channel.EMAIL:
            EmailMessage(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
                headers={**message.headers, "Message-ID": message_id(message.key)},
            ).send()
        else:
            CHANNEL_SENDERS[message.channel](message)
    except Undeliverable as exc:
        OutboxMessage.objects.filter(pk=outbox_id).update(
            sent_at=timezone.now(), claimed_until=None, last_error=f"not sent: {exc}"[:500]
        )
        return False
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
