from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import User


@transaction.atomic
def profile_update(*, user: User, data: dict[str, Any]) -> User:
    """Save profile fields. `data` comes from a validated form or API schema."""
    topics = data.pop("topics", None)
    for field, value in data.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=[*data.keys()])
    if topics is not None:
        user.topics.set(topics)
    return user


def connection_make(*, a: User, b: User, reason: str) -> None:
    """Record that two members have met (an accepted stay, a meet-up, a reply).

    Idempotent: the first reason is kept. Connections widen what each sees of the other
    (contacts and things shared with "people I have connected with").
    """
    from accounts.models import Connection

    if a.pk == b.pk:
        return
    low, high = sorted([a.pk, b.pk])
    Connection.objects.get_or_create(
        user_low_id=low, user_high_id=high, defaults={"reason": reason}
    )
