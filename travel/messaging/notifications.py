"""Batched email about unread messages: one email per recipient per batch, sent once.

Never for requests-inbox messages (P7), never for held or hidden ones, never for what
the recipient already read or for muted senders, and the text of a message only when
the sender is a connection of the recipient.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Mute, User
from accounts.selectors import connected_user_ids, is_blocked_between
from travel.messaging.models import Conversation, Message, Participant
from travel.outbox.services import queue_email

# Messages younger than this wait for the next batch: the recipient may be reading live.
GRACE = timedelta(minutes=2)
# Older unnotified messages are not worth an email any more.
MAX_AGE = timedelta(days=3)


def _pending() -> Q:
    now = timezone.now()
    return Q(
        notify_batch__isnull=True,
        held=False,
        hidden=False,
        recipient__isnull=False,
        created__lte=now - GRACE,
        created__gte=now - MAX_AGE,
    )


def recipients_due() -> list[int]:
    return list(
        Message.objects.filter(_pending())
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def notify_recipient(*, recipient_id: int) -> bool:
    """Claim `recipient_id`'s pending messages for one batch and email them once.

    The claim (a conditional UPDATE of notify_batch) and the email's outbox row share a
    transaction: a second run finds nothing to claim, and the outbox delivers the email
    after commit, once (retrying a failed send itself).
    """
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    batch = uuid.uuid4()
    with transaction.atomic():
        claimed = Message.objects.filter(_pending(), recipient_id=recipient_id).update(
            notify_batch=batch
        )
        if not claimed or recipient is None or recipient.is_suspended:
            return False
        messages = list(
            Message.objects.filter(notify_batch=batch)
            .select_related("sender", "conversation")
            .order_by("created", "id")
        )
        read_up_to = dict(
            Participant.objects.filter(
                user_id=recipient_id, conversation_id__in={m.conversation_id for m in messages}
            ).values_list("conversation_id", "last_read_at")
        )
        muted = set(Mute.objects.filter(muter_id=recipient_id).values_list("muted_id", flat=True))
        connected = set(connected_user_ids(user=recipient).values_list("other", flat=True))
        by_conversation: dict[int, list[Message]] = defaultdict(list)
        for message in messages:
            conversation = message.conversation
            last_read = read_up_to.get(conversation.pk)
            if (
                conversation.status != Conversation.Status.ACTIVE  # requests: never (P7)
                or conversation.pk not in read_up_to  # their side is gone
                or message.sender is None
                or message.sender.is_suspended
                or message.sender_id in muted
                or (last_read is not None and message.created <= last_read)
                or is_blocked_between(recipient, message.sender)
            ):
                continue
            by_conversation[conversation.pk].append(message)
        if not by_conversation:
            return False
        _enqueue(recipient, list(by_conversation.values()), connected, batch)
        return True


def _enqueue(
    recipient: User, threads: list[list[Message]], connected: set[int], batch: uuid.UUID
) -> None:
    """Write the batch's email to the outbox, in the claim's transaction: both commit
    or neither, and the outbox delivers it once after commit."""
    site = settings.SITE_URL
    items: list[dict[str, Any]] = []
    for thread in threads:
        sender = thread[-1].sender
        assert sender is not None
        items.append(
            {
                "sender_name": sender.name,
                "count": len(thread),
                # The words of a message only from a connection; otherwise just that
                # someone wrote (a stranger's text could be abuse or phishing).
                "texts": [m.body for m in thread[-3:]] if sender.pk in connected else [],
                "url": site
                + reverse("messaging:conversation", args=[thread[-1].conversation.public_id]),
            }
        )
    total = sum(len(thread) for thread in threads)
    queue_email(
        recipient=recipient,
        template="emails/messaging/unread",
        context={"items": items, "total": total, "inbox_url": site + reverse("messaging:inbox")},
        key=f"messages:{batch}",
    )
