from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from travel.topics.models import Topic

MAX_TOPIC_NAME = 60


def topic_get_or_create(*, name: str, created_by: Any = None) -> Topic:
    """The topic with this name (by slug), creating it when a member adds a new one."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError({"name": _("Give the topic a name.")})
    if len(clean) > MAX_TOPIC_NAME:
        raise ValidationError(
            {"name": _("Topic names are at most %(n)d characters.") % {"n": MAX_TOPIC_NAME}}
        )
    slug = slugify(clean, allow_unicode=False)[:60]
    if not slug:
        raise ValidationError({"name": _("Use at least one letter or digit in the topic name.")})
    existing = Topic.objects.filter(slug=slug).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Topic.objects.create(slug=slug, name=clean, created_by=created_by)
    except IntegrityError:  # created meanwhile by someone else
        return Topic.objects.get(slug=slug)


def topic_weights_refresh() -> int:
    """Set each topic's weight to ln(N / members with it), N = members with any topic.

    A topic nobody has yet gets the weight of a topic held by one member. Returns the
    number of topics whose weight changed.
    """
    import math

    from django.contrib.auth import get_user_model
    from django.db.models import Count

    user_model = get_user_model()
    total = max(user_model.objects.filter(topics__isnull=False).distinct().count(), 1)
    changed = []
    for topic in Topic.objects.annotate(n=Count("members")):
        weight = math.log(total / max(topic.n, 1)) + 1e-9 if total > 1 else 1.0
        weight = round(max(weight, 0.0), 6)
        if topic.member_count != topic.n or topic.weight != weight:
            topic.member_count, topic.weight = topic.n, weight
            changed.append(topic)
    Topic.objects.bulk_update(changed, ["member_count", "weight"])
    return len(changed)
