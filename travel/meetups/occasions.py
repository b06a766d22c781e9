"""Meet-ups as occasions for references (accounts.occasions): after a meet-up, its
organizer and each person who said yes may write one about the other."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Reference, User
from accounts.occasions import Occasion
from accounts.selectors import blocked_user_ids, is_blocked_between
from travel.meetups.models import RSVP, Meetup

ASK_DAYS = 30


def _attended(meetup: Meetup, user: Any) -> bool:
    return (
        meetup.organizer_id == user.pk
        or RSVP.objects.filter(meetup=meetup, user=user, answer=RSVP.Answer.YES).exists()
    )


def _label(meetup: Meetup) -> str:
    return f"{meetup.title}, {date_format(meetup.starts_local.date(), 'MONTH_DAY_FORMAT')}"


def _ended_by(today: date) -> datetime:
    return timezone.make_aware(datetime.combine(today, time.max))


def find_meetup(author: Any, occasion_id: str, subject: Any, today: date) -> Occasion | None:
    """A meet-up that is over, which `author` and `subject` both attended (the organizer
    counts as attending; the others said yes). Without a subject: its organizer."""
    meetup = (
        Meetup.objects.filter(public_id=uuid.UUID(occasion_id), status=Meetup.Status.SCHEDULED)
        .select_related("organizer", "place")
        .first()
    )
    if meetup is None or not meetup.has_ended(min(timezone.now(), _ended_by(today))):
        return None
    subject = subject if subject is not None else meetup.organizer
    if subject.pk == author.pk or is_blocked_between(author, subject):
        return None
    if not (_attended(meetup, author) and _attended(meetup, subject)):
        return None
    return Occasion("meetup", str(meetup.public_id), subject, Reference.Kind.MET, _label(meetup))


def meetups_due(user: Any, today: date) -> list[Occasion]:
    """Meet-ups ended in the last ASK_DAYS days: an attendee is asked about the
    organizer, the organizer about each attendee; minus what `user` already wrote."""
    now = min(timezone.now(), _ended_by(today))
    since = now - timedelta(days=ASK_DAYS)
    ended = Q(ends__lt=now, ends__gte=since) | Q(
        ends__isnull=True, starts__lt=now, starts__gte=since
    )
    meetups = list(
        Meetup.objects.filter(ended, status=Meetup.Status.SCHEDULED)
        .filter(Q(organizer=user) | Q(rsvps__user=user, rsvps__answer=RSVP.Answer.YES))
        .exclude(organizer__in=blocked_user_ids(user=user))
        .select_related("organizer", "place")
        .distinct()
        .order_by("-starts")[:20]
    )
    written = set(
        Reference.objects.filter(author=user, occasion__startswith="meetup:").values_list(
            "subject_id", "occasion"
        )
    )
    found = []
    for meetup in meetups:
        if meetup.organizer_id == user.pk:
            people = list(
                User.objects.filter(
                    meetup_rsvps__meetup=meetup, meetup_rsvps__answer=RSVP.Answer.YES
                )
                .exclude(pk=user.pk)
                .exclude(pk__in=blocked_user_ids(user=user))[:20]
            )
        else:
            people = [meetup.organizer]
        for person in people:
            occasion = Occasion(
                "meetup", str(meetup.public_id), person, Reference.Kind.MET, _label(meetup)
            )
            if (person.pk, occasion.key) not in written:
                found.append(occasion)
    return found
