"""The notification centre's two costs: the unread badge, and telling 500 attendees of
a changed meet-up. Both run inside a transaction that is rolled back, so the bench
database is left as it was."""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

ATTENDEES = 500


class _Rollback(Exception):
    pass


def measure(report) -> None:  # type: ignore[no-untyped-def]
    from accounts.models import User
    from travel.meetups.models import RSVP, Meetup
    from travel.meetups.services import meetup_update
    from travel.notifications.models import Notification
    from travel.notifications.selectors import badge_counts, unread_count
    from travel.outbox.models import OutboxMessage

    people = list(User.objects.filter(is_active=True).order_by("pk")[: ATTENDEES + 1])
    meetup = (
        Meetup.objects.filter(status=Meetup.Status.SCHEDULED).select_related("organizer").first()
    )
    if len(people) < ATTENDEES + 1 or meetup is None:
        report.notes.append("notifications: not enough members or meet-ups to measure")
        return
    try:
        with transaction.atomic():
            organizer = meetup.organizer
            attendees = [p for p in people if p.pk != organizer.pk][:ATTENDEES]
            RSVP.objects.filter(meetup=meetup).delete()
            RSVP.objects.bulk_create([RSVP(meetup=meetup, user=p, answer="yes") for p in attendees])
            starts = timezone.now() + timedelta(days=5)
            Meetup.objects.filter(pk=meetup.pk).update(
                starts=starts, ends=starts + timedelta(hours=2), capacity=None
            )
            meetup.refresh_from_db()
            before = OutboxMessage.objects.count()
            with CaptureQueriesContext(connection) as fanout:
                started = time.perf_counter()
                meetup_update(meetup=meetup, actor=organizer, data={"venue": "Another hall"})
                report.fanout_ms = (time.perf_counter() - started) * 1000
            report.fanout_queries = len(fanout.captured_queries)
            report.fanout_outbox = OutboxMessage.objects.count() - before
            report.fanout_rows = Notification.objects.filter(
                kind="meetup_changed", subject_id=str(meetup.public_id)
            ).count()
            reader = attendees[0]
            for _ in range(5):
                unread_count(user=reader)
            timings = []
            for _ in range(50):
                with CaptureQueriesContext(connection) as badge:
                    started = time.perf_counter()
                    badge_counts(user=reader)
                    timings.append((time.perf_counter() - started) * 1000)
            report.unread_ms = timings
            report.unread_queries = len(badge.captured_queries)
            raise _Rollback
    except _Rollback:
        pass
