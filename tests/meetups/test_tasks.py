"""Emails and periodic jobs: each sent once even when a task runs twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Block, Connection
from accounts.services import connection_make
from tests.conftest import make_member, wait_for
from travel.meetups.models import Meetup
from travel.meetups.services import invitation_create, meetup_cancel, rsvp_set
from travel.meetups.tasks import (
    connect_meetup_attendees,
    queue_due_reminders,
    send_cancellation_emails,
    send_invitation_email,
    send_meetup_reminders,
)

pytestmark = pytest.mark.django_db


def test_reminders_go_to_attendees_once_when_the_job_runs_twice(
    owner, member, outsider, make_meetup, mailoutbox, django_capture_on_commit_callbacks
):
    meetup = make_meetup(owner, starts=timezone.now() + timedelta(hours=20))
    rsvp_set(meetup=meetup, user=member, answer="maybe")
    rsvp_set(meetup=meetup, user=outsider, answer="no")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        assert queue_due_reminders() == 1
        assert queue_due_reminders() == 0
        send_meetup_reminders(meetup.pk)  # a redelivered task
    assert sorted(m.to[0] for m in mailoutbox) == sorted([owner.email, member.email])
    assert "Union hall" in mailoutbox[0].body


def test_reminders_wait_until_a_day_before(owner, make_meetup, mailoutbox):
    make_meetup(owner, starts=timezone.now() + timedelta(hours=30))
    assert queue_due_reminders() == 0
    assert mailoutbox == []


def test_a_moved_meetup_is_reminded_again(
    owner, make_meetup, mailoutbox, django_capture_on_commit_callbacks
):
    from travel.meetups.services import meetup_update

    meetup = make_meetup(owner, starts=timezone.now() + timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        queue_due_reminders()
        meetup_update(
            meetup=meetup, actor=owner, data={"starts": timezone.now() + timedelta(hours=22)}
        )
        queue_due_reminders()
    assert len(mailoutbox) == 2


def test_invitation_email_once_and_only_from_people_the_invitee_knows(
    owner, member, outsider, meetup, mailoutbox, django_capture_on_commit_callbacks
):
    connection_make(a=owner, b=member, reason="meetup")
    with django_capture_on_commit_callbacks(execute=True):
        known = invitation_create(meetup=meetup, actor=owner, invitee=member)
        invitation_create(meetup=meetup, actor=owner, invitee=outsider)
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Union hall" not in mailoutbox[0].body
    send_invitation_email(known.pk)
    assert len(mailoutbox) == 1


def test_cancellation_emails_attendees_once(
    owner, member, meetup, mailoutbox, django_capture_on_commit_callbacks
):
    rsvp_set(meetup=meetup, user=member, answer="yes")
    with django_capture_on_commit_callbacks(execute=True):
        meetup_cancel(meetup=meetup, actor=owner)
    send_cancellation_emails(meetup.pk)
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "cancelled" in mailoutbox[0].subject.lower()


def test_publishing_changing_and_cancelling_say_so_with_the_id(owner, make_meetup):
    from travel import events
    from travel.meetups.services import meetup_cancel, meetup_update

    seen = []

    def published(sender, meetup_id, **kwargs):
        seen.append(("published", meetup_id))

    def changed(sender, meetup_id, change, fields, **kwargs):
        seen.append((change, meetup_id, fields))

    events.meetup_published.connect(published)
    events.meetup_changed.connect(changed)
    try:
        meetup = make_meetup(owner)
        meetup_update(meetup=meetup, actor=owner, data={"title": "Another title"})
        meetup_cancel(meetup=meetup, actor=owner)
    finally:
        events.meetup_published.disconnect(published)
        events.meetup_changed.disconnect(changed)
    assert seen == [
        ("published", meetup.pk),
        ("updated", meetup.pk, frozenset({"title"})),
        ("cancelled", meetup.pk, frozenset({"status", "listed_publicly"})),
    ]


def test_going_to_the_same_meetup_connects_people_once_it_ended(
    owner, member, outsider, make_meetup
):
    meetup = make_meetup(owner)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    rsvp_set(meetup=meetup, user=outsider, answer="maybe")
    assert connect_meetup_attendees() == 0  # not over yet
    Meetup.objects.filter(pk=meetup.pk).update(starts=timezone.now() - timedelta(hours=5))
    assert connect_meetup_attendees() == 1
    assert connect_meetup_attendees() == 0
    pairs = set(Connection.objects.values_list("user_low", "user_high", "reason"))
    assert pairs == {(*sorted([owner.pk, member.pk]), "meetup")}


def test_no_connection_across_a_block(owner, make_meetup):
    meetup = make_meetup(owner)
    a, b = make_member(), make_member()
    rsvp_set(meetup=meetup, user=a, answer="yes")
    rsvp_set(meetup=meetup, user=b, answer="yes")
    Block.objects.create(blocker=a, blocked=b)
    Meetup.objects.filter(pk=meetup.pk).update(starts=timezone.now() - timedelta(hours=5))
    connect_meetup_attendees()
    assert not Connection.objects.filter(
        user_low=min(a.pk, b.pk), user_high=max(a.pk, b.pk)
    ).exists()


@pytest.mark.worker
def test_a_real_worker_sends_each_reminder_once(
    real_worker, owner, member, make_meetup, mailoutbox
):
    meetup = make_meetup(owner, starts=timezone.now() + timedelta(hours=20))
    rsvp_set(meetup=meetup, user=member, answer="yes")
    send_meetup_reminders.delay(meetup.pk)
    send_meetup_reminders.delay(meetup.pk)
    from travel.meetups.models import MeetupMail

    wait_for(
        lambda: MeetupMail.objects.filter(key__startswith=f"reminder:{meetup.pk}:").count() == 2
    )
    wait_for(lambda: len(mailoutbox) >= 2)  # the outbox relays after commit
    import time

    time.sleep(1)
    assert MeetupMail.objects.filter(key__startswith=f"reminder:{meetup.pk}:").count() == 2
    assert len(mailoutbox) == 2
