"""Meet-up periodic jobs and email tasks. Tasks take ids, re-read, and are safe to run
twice: the emails (travel/meetups/emails.py) have unique keys written with their outbox
rows, and the periodic jobs claim each meet-up with a conditional UPDATE."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from travel import events
from travel.meetups import emails
from travel.meetups.models import Meetup
from travel.meetups.services import meetup_connections_make

log = logging.getLogger(__name__)
REMINDER_BEFORE = timedelta(hours=24)
# Meet-ups without an end time count as ended this long after they start.
DEFAULT_LENGTH = timedelta(hours=3)
CONNECT_WITHIN = timedelta(days=7)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> bool:
    return emails.invitation_email_write(invitation_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_cancellation_emails(meetup_id: int) -> int:
    return emails.cancellation_emails_write(meetup_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_meetup_reminders(meetup_id: int) -> int:
    return emails.reminder_emails_write(meetup_id)


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
                emails.reminder_emails_write(meetup_id)
                events.emit(events.meetup_reminder_due, meetup_id=meetup_id)
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
