"""Delivery tasks: take ids, re-read, send once (see delivery.py)."""

from __future__ import annotations

from celery import shared_task

from travel.federation import delivery


@shared_task
def deliver(delivery_id: int) -> bool:
    return delivery.deliver(delivery_id=delivery_id)


@shared_task
def requeue_due() -> int:
    """Beat, every minute: queue deliveries whose backoff is over or whose claim ran out."""
    ids = delivery.due_ids()
    for delivery_id in ids:
        deliver.delay(delivery_id)
    return len(ids)


@shared_task
def resolve_handles(user_id: int) -> int:
    """A member's Fediverse contacts, each resolved by WebFinger (see handles.py)."""
    from travel.federation.handles import member_handles_resolve

    return member_handles_resolve(user_id=user_id)
