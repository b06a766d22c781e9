"""Stay-request emails: written to the outbox (travel/outbox `queue_email`) in the
transition's transaction, in the recipient's language; names, dates and links only,
never an address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_date

from travel.hosting.models import StayNotification
from travel.outbox.services import queue_email


def stay_email_context(note: StayNotification) -> dict[str, Any]:
    """The templates' context for one note. A cancellation links to the inbox, since
    the request itself may be deleted with its offer in the same transaction."""
    ctx = dict(note.context)
    ctx["arrive"] = parse_date(ctx.get("arrive", ""))
    ctx["depart"] = parse_date(ctx.get("depart", ""))
    on_request_page = (
        note.stay_request_id is not None and note.kind != StayNotification.Kind.CANCELLED
    )
    path = (
        reverse("hosting:request_detail", args=[ctx["request"]])
        if on_request_page
        else reverse("hosting:inbox_host" if ctx.get("recipient_is_host") else "hosting:inbox_sent")
    )
    ctx.update(
        {"kind": note.kind, "recipient_name": note.recipient.name, "url": settings.SITE_URL + path}
    )
    return ctx


def stay_email_write(note: StayNotification) -> bool:
    """Write the note's email to the outbox (inside the transition's transaction)."""
    return queue_email(
        recipient=note.recipient,
        template="emails/hosting/stay_request",
        context=stay_email_context(note),
        key=note.key,
    )
