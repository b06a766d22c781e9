"""Meet-up emails and periodic jobs. Tasks take ids, re-read, and are safe to run twice:
each email has a unique MeetupMail key written with its outbox row (travel/outbox
delivers it once), and the periodic jobs claim each meet-up with a conditional UPDATE."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from travel.meetups.models import ATTENDING, RSVP, Invitation, Meetup, MeetupMail
from travel.meetups.services import meetup_connections_make
from travel.outbox.services import outbox_enqueue

log = logging.getLogger(__name__)
REMINDER_BEFORE = timedelta(hours=24)
# Meet-ups without an end time count as ended this long after they start.
DEFAULT_LENGTH = timedelta(hours=3)
CONNECT_WITHIN = timedelta(days=7)


def _send_once(key: str, user: User, template: str, context: dict) -> bool:
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
        context = {**context, "user": user, "site_url": settings.SITE_URL}
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(
            render_to_string(f"emails/meetups/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"emails/meetups/{template}_body.txt", context)
        outbox_enqueue(key=f"meetups:{key}", to=user, subject=subject, body=body)
    return True


def _url(meetup: Meetup) -> str:
    return settings.SITE_URL + reverse("meetups:detail", args=[meetup.public_id])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> bool:
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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_cancellation_emails(meetup_id: int) -> int:
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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_meetup_reminders(meetup_id: int) -> int:
    """Remind everyone who said yes or maybe. The key holds the start time, so a meet-up
    moved to another day gets a fresh reminder, and a task run twice sends once."""
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


@shared_task
def queue_due_reminders() -> int:
    """Beat: claim meet-ups starting within 24 hours and write their reminders."""
    now = timezone.now()
    due = Meetup.objects.filter(
        status=Meetup.Status.SCHEDULED,
        reminders_claimed__isnull=True,
        starts__gt=now,
        starts__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    queued = 0
    for meetup_id in list(due[:500]):
        # The claim and the reminders' outbox rows commit together: a broker that is
        # away cannot leave a claimed meet-up without its reminders.
        with transaction.atomic():
            claimed = Meetup.objects.filter(pk=meetup_id, reminders_claimed__isnull=True).update(
                reminders_claimed=now
            )
            if claimed:
                send_meetup_reminders(meetup_id)
                queued += 1
    return queued


@shared_task
def connect_meetup_attendees() -> int:
    """Beat: people who both went to a meet-up (answered yes) become connections."""
    now = timezone.now()
    ended = Meetup.objects.filter(
        Q(ends__lte=now, ends__gte=now - CONNECT_WITHIN)
        | Q(
            ends__isnull=True,
            starts__lte=now - DEFAULT_LENGTH,
            starts__gte=now - CONNECT_WITHIN - DEFAULT_LENGTH,
        ),
        status=Meetup.Status.SCHEDULED,
        connections_claimed__isnull=True,
    ).values_list("pk", flat=True)
    done = 0
    for meetup_id in list(ended[:500]):
        if Meetup.objects.filter(pk=meetup_id, connections_claimed__isnull=True).update(
            connections_claimed=now
        ):
            meetup_connections_make(meetup_id=meetup_id)
            done += 1
    return done
