"""The matching and digest tasks through a real Celery worker and Redis (CI's PostgreSQL
pass): each runs twice, each email goes out once."""

import pytest
from django.core import mail

from tests.conftest import make_member, wait_for
from tests.matching.factories import local, offer, trip
from travel.matching import tasks
from travel.matching.models import Suggestion
from travel.notifications import tasks as notification_tasks
from travel.notifications.models import DigestSent as Digest
from travel.notifications.models import Notification

pytestmark = pytest.mark.worker


def test_matching_and_digests_twice_send_each_email_once(real_worker, places):
    from tests.conftest import JOURNEY_COUNTRIES  # noqa: F401  (places are loaded)

    ada = make_member("ada@example.org")
    host = make_member("host@example.org")
    local(host, places("Oslo"), "unions")
    offer(host, places("Oslo"))
    mine = trip(ada, [(places("Oslo"), 1, 3)], needs="hammock")
    mail.outbox.clear()

    tasks.refresh_trip.delay(mine.pk)
    tasks.refresh_trip.delay(mine.pk)
    wait_for(lambda: Suggestion.objects.filter(trip=mine, kind="host").exists())
    wait_for(lambda: Notification.objects.filter(recipient=host).exists())

    notification_tasks.send_digests.delay()
    notification_tasks.send_digests.delay()
    wait_for(lambda: Digest.objects.filter(user=ada, sent_at__isnull=False).count() == 1)
    wait_for(lambda: Digest.objects.filter(user=host, sent_at__isnull=False).count() == 1)
    # Let any duplicate deliveries finish before counting.
    notification_tasks.send_digests.delay()
    wait_for(lambda: len(mail.outbox) >= 2)
    import time

    time.sleep(1.5)
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "host@example.org"]
    assert Notification.objects.filter(recipient=host, kind="traveller_near").count() == 1
