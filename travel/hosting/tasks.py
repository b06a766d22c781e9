"""Hosting emails and tasks. Tasks take ids only (never an address), re-read, and are safe
to run twice; emails go through the outbox (travel/outbox)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from travel.hosting.models import StayNotification
from travel.hosting.services import stay_requests_expire
from travel.outbox.models import OutboxMessage
from travel.outbox.services import outbox_deliver, outbox_enqueue

log = logging.getLogger(__name__)

SUBJECTS = {
    StayNotification.Kind.NEW: gettext_noop("%(name)s asks to stay with you"),
    StayNotification.Kind.ACCEPTED: gettext_noop("%(name)s accepted your stay request"),
    StayNotification.Kind.DECLINED: gettext_noop("%(name)s can't host you this time"),
    StayNotification.Kind.CANCELLED: gettext_noop("%(name)s cancelled a stay"),
    StayNotification.Kind.EXPIRED: gettext_noop("Your stay request with %(name)s expired"),
}


def _subject(note: StayNotification) -> str:
    return _(SUBJECTS[StayNotification.Kind(note.kind)]) % {
        "name": note.context.get("other_name", "")
    }


def render_stay_notification(note: StayNotification) -> tuple[str, str]:
    """The subject and text of one stay-request email (names, dates, links; no address).

    Rendered in the transition's transaction. A cancellation links to the inbox, since
    the request itself may be deleted with its offer in the same transaction.
    """
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
        {
            "kind": note.kind,
            "recipient_name": note.recipient.name,
            "url": settings.SITE_URL + path,
            "site_name": settings.SITE_NAME,
        }
    )
    with override(settings.LANGUAGE_CODE):
        body = render_to_string("emails/hosting/stay_request.txt", ctx)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _subject(note)
    return subject, body


def stay_notification_enqueue(note: StayNotification) -> None:
    """Write the note's email to the outbox (call inside the transition's transaction)."""
    subject, body = render_stay_notification(note)
    outbox_enqueue(key=note.key, to=note.recipient, subject=subject, body=body)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_stay_notification(notification_id: int) -> bool:
    """Deliver one stay-request email now, at most once; True if it was sent.

    Transitions write the email to the outbox themselves (travel/outbox), which
    delivers it. This task stays for messages queued before the outbox: a row from then
    (`sent` empty) is written to the outbox first, then delivered through it.
    """
    note = StayNotification.objects.select_related("recipient").filter(pk=notification_id).first()
    if note is None:
        return False
    with transaction.atomic():
        if StayNotification.objects.filter(pk=note.pk, sent__isnull=True).update(
            sent=timezone.now()
        ):
            stay_notification_enqueue(note)
    outbox_id = OutboxMessage.objects.filter(key=note.key).values_list("pk", flat=True).first()
    return outbox_id is not None and outbox_deliver(outbox_id=outbox_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def expire_stay_requests() -> int:
    """Expire pending requests that reached their arrival date or waited 7 days."""
    return stay_requests_expire()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def ask_stay_references() -> int:
    from travel.hosting.services import stays_ask_references

    return stays_ask_references()
