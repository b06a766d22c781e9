"""Meet-up emails, written to the outbox (travel/outbox `queue_email`) in the caller's
transaction, in each recipient's language. Each email has a unique MeetupMail key, so
writing it twice (a retry, a redelivered task) writes it once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from travel.meetups.models import ATTENDING, RSVP, Invitation, Meetup, MeetupMail
from travel.outbox.services import queue_email


def _send_once(key: str, user: User, template: str, context: dict[str, Any]) -> bool:
    """Write one email to the outbox unless its key was used before; True if written.

    The key row and the outbox row commit together (with the caller's transaction when
    there is one); the outbox delivers the email after commit, once.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                MeetupMail.objects.create(key=key)
        except IntegrityError:
            return False
        return queue_email(
            recipient=user,
            template=f"emails/meetups/{template}",
            context={**context, "user": user},
            key=f"meetups:{key}",
        )


def _url(meetup: Meetup) -> str:
    return settings.SITE_URL + reverse("meetups:detail", args=[meetup.public_id])


def invitation_email_write(invitation_id: int) -> bool:
    invitation = (
        Invitation.objects.filter(pk=invitation_id, status=Invitation.Status.PENDING)
        .select_related("meetup", "meetup__place", "invitee", "invited_by")
        .first()
    )
    if invitation is None or invitation.meetup.is_cancelled or not invitation.invitee.is_active:
        return False
    return _send_once(
        f"invitation:{invitation.pk}",
        invitation.invitee,
        "invitation",
        {"meetup": invitation.meetup, "invitation": invitation, "url": _url(invitation.meetup)},
    )


def cancellation_emails_write(meetup_id: int) -> int:
    meetup = Meetup.objects.filter(pk=meetup_id, status=Meetup.Status.CANCELLED).first()
    if meetup is None:
        return 0
    sent = 0
    for rsvp in RSVP.objects.filter(
        meetup=meetup, answer__in=ATTENDING, user__is_active=True
    ).select_related("user"):
        if rsvp.user_id == meetup.organizer_id:
            continue
        sent += _send_once(
            f"cancelled:{meetup.pk}:{rsvp.user_id}",
            rsvp.user,
            "cancelled",
            {"meetup": meetup, "url": _url(meetup)},
        )
    return sent


def reminder_emails_write(meetup_id: int) -> int:
    """Remind everyone who said yes or maybe. The key holds the start time, so a meet-up
    moved to another day gets a fresh reminder, and a run twice writes once."""
    meetup = (
        Meetup.objects.filter(pk=meetup_id, status=Meetup.Status.SCHEDULED)
        .select_related("place")
        .first()
    )
    if meetup is None or meetup.starts <= timezone.now():
        return 0
    stamp = int(meetup.starts.timestamp())
    sent = 0
    for rsvp in RSVP.objects.filter(
        meetup=meetup, answer__in=ATTENDING, user__is_active=True
    ).select_related("user"):
        sent += _send_once(
            f"reminder:{meetup.pk}:{rsvp.user_id}:{stamp}",
            rsvp.user,
            "reminder",
            # Attendees see the venue on the page, so the reminder may carry it.
            {"meetup": meetup, "url": _url(meetup), "rsvp": rsvp},
        )
    return sent
