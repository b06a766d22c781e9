"""The notification centre's jobs: batched emails, the daily digest. Each takes ids,
claims its rows with a conditional UPDATE, and is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from travel.notifications import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_due_emails_to(recipient_id: int) -> int:
    return services.emails_send_due(recipient_id=recipient_id)


@shared_task
def send_due_emails() -> int:
    """Beat, every few seconds: one email per member whose waiting rows are due (the
    batching lives in the service). Runs inline: each member is one short transaction,
    and queueing a task per member would only add latency to "immediately"."""
    sent = 0
    for recipient_id in services.recipients_with_due_emails():
        sent += services.emails_send_due(recipient_id=recipient_id)
    return sent


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_digest(user_id: int) -> bool:
    return services.digest_send(user_id=user_id)


@shared_task
def send_digests() -> int:
    """Beat: one digest per member with waiting daily rows (at most one a day each)."""
    user_ids = services.users_with_pending_digest()
    for user_id in user_ids:
        send_digest.delay(user_id)
    return len(user_ids)
