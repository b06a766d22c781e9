"""Demo conversations: Ada and Sindre planning Oslo, a request from Tariq waiting in
Ada's requests inbox, and references between Maja and Ada after an earlier stay."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Connection, Reference
from accounts.services import connection_make
from travel.messaging import services
from travel.messaging.models import Conversation, Message
from travel.messaging.selectors import pair_key

SINDRE = [
    ("ada", "Hi Sindre! I'm coming through Oslo on my way south. Any union events that week?"),
    ("sindre", "Welcome! Our branch meets on Wednesday at the Folkets hus, come along."),
    ("ada", "Perfect, I'll be there. Can I bring a few zines from Tromsø?"),
]


def load_messages(ctx: dict[str, Any]) -> None:
    people = ctx["people"]
    ada, sindre, tariq, maja = people["ada"], people["sindre"], people["tariq"], people["maja"]
    if not Conversation.objects.filter(pair_key=pair_key(ada, sindre)).exists():
        connection_make(a=ada, b=sindre, reason=Connection.Reason.CONVERSATION)
        conversation = None
        for key, body in SINDRE:
            sender = people[key]
            if conversation is None:
                conversation = services.message_send(
                    sender=sender, recipient=sindre, body=body
                ).conversation
            else:
                services.message_reply(sender=sender, conversation=conversation, body=body)
    if not Conversation.objects.filter(pair_key=pair_key(tariq, ada)).exists():
        services.message_send(
            sender=tariq,
            recipient=ada,
            body="Hi Ada, I'm heading north the same weeks. Share a table in Hamburg or Berlin?",
        )
    connection_make(a=maja, b=ada, reason=Connection.Reason.STAY)
    written = timezone.now() - timedelta(days=40)
    for author, subject, kind, text in [
        (maja, ada, Reference.Kind.HOSTED, "Ada stayed two nights, cooked for the whole co-op."),
        (ada, maja, Reference.Kind.STAYED_WITH, "Warm welcome and a great tour of the co-op."),
    ]:
        Reference.objects.get_or_create(
            author=author,
            subject=subject,
            kind=kind,
            occasion="demo-stay",
            defaults={"text": text, "created": written, "published_at": written},
        )
    # Demo people get no email about demo messages.
    Message.objects.filter(sender__in=list(people.values()), notify_batch__isnull=True).update(
        notify_batch=uuid.uuid4()
    )
