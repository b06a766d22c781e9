from celery import shared_task

from travel.messaging import references


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def publish_due_references() -> int:
    """Publish references whose blind period is over. Idempotent."""
    return references.references_publish_due()
