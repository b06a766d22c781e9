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
