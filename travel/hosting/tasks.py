"""Hosting tasks. They take ids only (never an address), re-read, and are safe to run twice."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from travel.hosting.models import StayNotification
from travel.hosting.services import stay_requests_expire

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


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_stay_notification(notification_id: int) -> bool:
    """Send one stay-request email, at most once.

    The row is claimed with a conditional UPDATE (sent IS NULL -> now): a second run, or
    a second worker, updates nothing and sends nothing. If sending fails the claim is
    released, so the retry can send it.
    """
    now = timezone.now()
    claimed = StayNotification.objects.filter(pk=notification_id, sent__isnull=True).update(
        sent=now
    )
    if not claimed:
        return False
    note = StayNotification.objects.select_related("recipient").get(pk=notification_id)
    if not note.recipient.is_active:
        return False
    ctx = dict(note.context)
    ctx["arrive"] = parse_date(ctx.get("arrive", ""))
    ctx["depart"] = parse_date(ctx.get("depart", ""))
    exists = note.stay_request_id is not None
    path = (
        reverse("hosting:request_detail", args=[ctx["request"]])
        if exists
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
    try:
        with override(settings.LANGUAGE_CODE):
            body = render_to_string("emails/hosting/stay_request.txt", ctx)
            subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _subject(note)
        send_mail(subject, body, None, [note.recipient.email])
    except Exception:
        StayNotification.objects.filter(pk=notification_id, sent=now).update(sent=None)
        raise
    log.info("stay notification %s sent (%s)", note.pk, note.kind)
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def expire_stay_requests() -> int:
    """Expire pending requests that reached their arrival date or waited 7 days."""
    return stay_requests_expire()
