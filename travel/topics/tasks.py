from celery import shared_task

from travel.topics.services import topic_weights_refresh


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def refresh_topic_weights() -> int:
    """Recompute every topic's rarity weight. Idempotent: same data, same weights."""
    return topic_weights_refresh()
