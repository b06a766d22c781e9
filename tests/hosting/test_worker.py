"""Through a real worker and Redis: a transition's email arrives once, after commit."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import wait_for
from travel.hosting import services
from travel.hosting.models import StayNotification
from travel.outbox.models import OutboxMessage
from travel.outbox.tasks import deliver

from .conftest import ask, make_offer


@pytest.mark.worker
def test_the_worker_sends_each_stay_email_once(real_worker, owner, member):
    offer = make_offer(owner)
    stay = ask(member, offer)
    wait_for(lambda: len(mail.outbox) == 1)
    services.stay_request_accept(stay_request=stay, by=owner)
    wait_for(lambda: len(mail.outbox) == 2)
    # A redelivery of every message changes nothing.
    for note in StayNotification.objects.all():
        deliver.delay(OutboxMessage.objects.get(key=note.key).pk)
    wait_for(lambda: OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0)
    import time

    time.sleep(1)
    assert [m.to for m in mail.outbox] == [[owner.email], [member.email]]
