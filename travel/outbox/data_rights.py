"""The outbox and a member's data (P8).

Emails addressed to the member go with their account (the rows cascade). Emails to
other people that name the member, such as "Ada cancelled a stay", stay deliverable,
but their name and address are replaced at once by a neutral phrase.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from travel.outbox.models import OutboxMessage


def export(user: Any) -> list[dict[str, Any]]:
    return [
        {"subject": row.subject, "created": row.created, "sent": row.sent_at}
        for row in OutboxMessage.objects.filter(recipient=user).order_by("created")
    ]


def erase(user: Any) -> None:
    marks = [m for m in {str(user.name), user.display_name.strip(), user.email} if len(m) >= 3]
    if not marks:
        return
    anyone = Q()
    for mark in marks:
        anyone |= Q(subject__contains=mark) | Q(body__contains=mark)
    neutral = _("a former member")
    for row in OutboxMessage.objects.filter(anyone).exclude(recipient=user):
        for mark in marks:
            row.subject = row.subject.replace(mark, neutral)
            row.body = row.body.replace(mark, neutral)
        row.save(update_fields=["subject", "body"])
