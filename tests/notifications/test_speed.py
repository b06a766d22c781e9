"""The badge costs one query; telling 500 attendees of a changed meet-up costs the same
number of queries as telling 20, and one push outbox row per person."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests.meetups.conftest import make_meetup  # noqa: F401  (fixture)
from travel.meetups.models import RSVP
from travel.meetups.services import meetup_update
from travel.notifications import selectors
from travel.notifications.models import Notification, PushSubscription
from travel.notifications.services import emails_send_due
from travel.outbox.models import OutboxMessage

KEY = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"


def _attendees(meetup, n: int, tag: str) -> list[User]:
    people = User.objects.bulk_create(
        [User(email=f"{tag}{i}@example.org", display_name=f"A{i}") for i in range(n)]
    )
    RSVP.objects.bulk_create([RSVP(meetup=meetup, user=p, answer="yes") for p in people])
    PushSubscription.objects.bulk_create(
        [
            PushSubscription(
                user=p, endpoint=f"https://push.example.org/{tag}{i}", p256dh=KEY, auth="x" * 22
            )
            for i, p in enumerate(people)
        ]
    )
    return people


def _change(meetup, owner, venue: str) -> tuple[int, int]:
    """(queries, of which INSERTs). SQLite caps the parameters of one statement, so a
    bulk insert of many rows is split into batches there (one statement on PostgreSQL)."""
    with CaptureQueriesContext(connection) as ctx:
        meetup_update(meetup=meetup, actor=owner, data={"venue": venue})
    inserts = sum(q["sql"].lstrip().upper().startswith("INSERT") for q in ctx.captured_queries)
    return len(ctx.captured_queries), inserts


def test_the_badge_is_one_query(owner, member, django_assert_num_queries, make_meetup):  # noqa: F811
    from travel.meetups.services import rsvp_set

    rsvp_set(meetup=make_meetup(owner), user=member, answer="yes")
    with django_assert_num_queries(1):
        assert selectors.unread_count(user=owner) == 1
    # Notifications and messages together, for the navigation: still one query.
    with django_assert_num_queries(1):
        assert selectors.badge_counts(user=owner) == {"notices": 1, "messages": 0}


def test_500_attendees_cost_what_20_cost(owner, make_meetup):  # noqa: F811
    small = make_meetup(owner, title="Small")
    big = make_meetup(owner, title="Big")
    _attendees(small, 20, "s")
    people = _attendees(big, 500, "b")
    (few, few_inserts), (many, many_inserts) = (
        _change(small, owner, "Hall A"),
        _change(big, owner, "Hall B"),
    )
    if connection.vendor == "sqlite":
        # Everything but the batched inserts is the same; the inserts are batches of
        # hundreds of rows (two bulk inserts: notifications and push rows).
        assert few - few_inserts == many - many_inserts
        assert many_inserts <= few_inserts + 2 * (500 * 16 // 999 + 1)
    else:
        assert few == many
    assert (
        Notification.objects.filter(kind="meetup_changed", subject_id=str(big.public_id)).count()
        == 500
    )
    push = OutboxMessage.objects.filter(channel="push", recipient__in=people)
    assert push.count() == 500
    assert push.values("recipient").distinct().count() == 500
    # And one email per person, batched by the sweep.
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.now() + timedelta(minutes=1)
    for person in people[:50]:
        emails_send_due(recipient_id=person.pk, now=later)
    email = OutboxMessage.objects.filter(channel="email", recipient__in=people[:50])
    assert email.count() == 50
