from celery import shared_task

from travel.messaging import notifications, references


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_recipient(recipient_id: int) -> bool:
    """Email one recipient about their unread messages; a second run sends nothing."""
    return notifications.notify_recipient(recipient_id=recipient_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_message_notifications() -> int:
    """The periodic batch: one task per recipient with pending messages."""
    due = notifications.recipients_due()
    for recipient_id in due:
        notify_recipient.delay(recipient_id)
    return len(due)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def publish_due_references() -> int:
    """Publish references whose blind period is over. Idempotent."""
    return references.references_publish_due()
