"""New strong suggestions notify once; digests go out at most once a day; hosts get at
most five traveller notifications a week."""

import pytest
from django.core import mail

from tests.conftest import make_member
from tests.matching.factories import local, offer, trip
from travel.matching.services import trip_suggestions_refresh
from travel.notifications import tasks as notification_tasks
from travel.notifications.models import DigestSent as Digest
from travel.notifications.models import Notification
from travel.notifications.receivers import HOST_WEEKLY_LIMIT


@pytest.fixture
def matched(places, owner):
    host = make_member("host@example.org")
    local(host, places("Oslo"), "unions")
    offer(host, places("Oslo"))
    mine = trip(owner, [(places("Oslo"), 1, 3)], needs="hammock")
    trip_suggestions_refresh(trip_id=mine.pk)
    return mine, host


def test_strong_new_suggestions_notify_the_traveller_and_the_host(matched, owner):
    _trip, host = matched
    assert Notification.objects.filter(recipient=owner, kind="suggestion").exists()
    assert Notification.objects.filter(recipient=host, kind="traveller_near").count() == 1


def test_running_the_matcher_twice_notifies_once(matched, owner):
    mine, _ = matched
    before = Notification.objects.count()
    trip_suggestions_refresh(trip_id=mine.pk)
    assert Notification.objects.count() == before


def test_a_digest_goes_out_once_a_day_even_when_the_task_runs_twice(
    matched, owner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        notification_tasks.send_digests()
        notification_tasks.send_digests()
    to_owner = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(to_owner) == 1
    assert "Oslo" in to_owner[0].body
    assert Digest.objects.filter(user=owner).count() == 1
    # A new notification the same day waits for tomorrow.
    other = make_member()
    trip(other, [(owner.trips.get().stops.get().place, 1, 3)], needs="hammock")
    trip_suggestions_refresh(trip_id=owner.trips.get().pk)
    with django_capture_on_commit_callbacks(execute=True):
        notification_tasks.send_digests()
    assert len([m for m in mail.outbox if m.to == [owner.email]]) == 1


def test_digest_emails_never_carry_an_address(matched, owner, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notification_tasks.send_digests()
    assert mail.outbox
    assert all("Secret street" not in m.body for m in mail.outbox)


def test_a_host_hears_of_at_most_five_travellers_a_week(places):
    host = make_member("host@example.org")
    offer(host, places("Oslo"), capacity=20)
    for _ in range(HOST_WEEKLY_LIMIT + 3):
        t = trip(make_member(), [(places("Oslo"), 1, 3)], needs="hammock")
        trip_suggestions_refresh(trip_id=t.pk)
    assert (
        Notification.objects.filter(recipient=host, kind="traveller_near").count()
        == HOST_WEEKLY_LIMIT
    )


def test_a_collective_hears_weekly_who_passes_through_once(
    places, django_capture_on_commit_callbacks
):
    from tests.matching.factories import TODAY
    from travel.collectives.models import Collective, Membership
    from travel.matching.digests import collective_digest_send

    admin = make_member("admin@example.org")
    branch = Collective.objects.create(name="Oslo Branch", home_place=places("Oslo"))
    branch.topics.set(admin.topics.model.objects.filter(slug="unions"))
    Membership.objects.create(collective=branch, user=admin, role="admin")
    trip(make_member("t@example.org", display_name="Tove"), [(places("Oslo"), 3, 5)])
    trip(make_member("x@example.org"), [(places("Oslo"), 3, 5)], topic_slugs=("solarpunk",))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        assert collective_digest_send(collective_id=branch.pk, today=TODAY)
        assert not collective_digest_send(collective_id=branch.pk, today=TODAY)
    [message] = mail.outbox
    assert message.to == ["admin@example.org"]
    assert "1 traveller passing through" in message.subject
    assert "Tove" not in message.body  # names only on the signed-in page
