"""The member's messaging data for export, and its erasure when they delete the account.

Export: the messages they sent, their conversations' metadata (never the other side's
messages or details), their mutes, the reports they filed, and references they wrote
and published ones about them.

Erase: their messages, references they wrote, and the details of reports they filed go
at once. Conversations stay for the other side, who keeps their own messages and sees
"deleted member"; reports stay (without reporter) so moderation can finish.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import Mute, Reference, Report, User
from travel.messaging.models import Conversation, Message, Participant


def export(user: User) -> dict[str, Any]:
    sides = Participant.objects.filter(user=user).select_related("conversation")
    conversations = [
        {
            "id": str(side.conversation.public_id),
            "started_by_me": side.conversation.starter_id == user.pk,
            "status": side.conversation.status,
            "subject_kind": side.conversation.subject_kind,
            "subject_id": side.conversation.subject_id,
            "created": side.conversation.created.isoformat(),
        }
        for side in sides
    ]
    sent = [
        {
            "id": str(m.public_id),
            "conversation": str(m.conversation.public_id),
            "body": m.body,
            "created": m.created.isoformat(),
            "held_for_moderation": m.held,
            "hidden_by_moderator": m.hidden,
        }
        for m in Message.objects.filter(sender=user).select_related("conversation")
    ]
    reports = [
        {
            "id": str(r.public_id),
            "kind": r.target_kind,
            "target": str(r.target_public_id),
            "reason": r.reason,
            "details": r.details,
            "status": r.status,
            "created": r.created.isoformat(),
        }
        for r in Report.objects.filter(reporter=user)
    ]

    def reference(r: Reference, *, about: User) -> dict[str, Any]:
        return {
            "id": str(r.public_id),
            "member": str(about.public_id),
            "kind": r.kind,
            "recommend": r.recommend,
            "text": r.text,
            "created": r.created.isoformat(),
            "published": r.published_at.isoformat() if r.published_at else None,
        }

    written = [
        reference(r, about=r.subject)
        for r in Reference.objects.filter(author=user).select_related("subject")
    ]
    received = [
        reference(r, about=r.author)
        for r in Reference.objects.filter(subject=user, published_at__isnull=False).select_related(
            "author"
        )
    ]
    mutes = [
        {"member": str(m.muted.public_id), "created": m.created.isoformat()}
        for m in Mute.objects.filter(muter=user).select_related("muted")
    ]
    return {
        "conversations": conversations,
        "messages_sent": sent,
        "reports_filed": reports,
        "references_written": written,
        "references_received": received,
        "mutes": mutes,
    }


@transaction.atomic
def erase(user: User) -> None:
    Message.objects.filter(sender=user).delete()
    Report.objects.filter(reporter=user).update(details="", reporter=None)
    Reference.objects.filter(author=user).delete()
    # Their public id is part of the pair key: clear it, the conversations stay.
    Conversation.objects.filter(participants__user=user).update(pair_key=None)
    Conversation.objects.filter(starter=user).update(starter=None)
    Conversation.objects.filter(recipient=user).update(recipient=None)
    Message.objects.filter(recipient=user).update(recipient=None)
