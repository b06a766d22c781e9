"""The relay: deliver one outbox message; a beat job re-queues what is stuck."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from travel.outbox.services import outbox_deliver, outbox_due_ids

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def deliver(outbox_id: int) -> bool:
    """Send one message at most once (claimed with a conditional UPDATE; see services)."""
    return outbox_deliver(outbox_id=outbox_id)


@shared_task
def requeue_stuck() -> int:
    """Beat, every minute: queue delivery of unsent messages older than a minute."""
    ids = outbox_due_ids()
    for outbox_id in ids:
        deliver.delay(outbox_id)
    if ids:
        log.info("outbox: re-queued %s unsent messages", len(ids))
    return len(ids)
