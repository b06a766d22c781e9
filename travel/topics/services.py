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
            topic = Topic(slug=slug, name=clean, created_by=created_by, approved=False)
            topic.full_clean(exclude=["parent", "created_by"])
            topic.save()
            return topic
    except IntegrityError:  # created meanwhile by someone else
        return Topic.objects.get(slug=slug)


def topic_usage_refresh(*, topic_ids: list[int]) -> None:
    """Recount who uses these topics; a topic used by PUBLIC_AFTER_MEMBERS members is
    approved for everyone's pickers (the community vouched for it)."""
    from django.db.models import Count

    from travel.topics.selectors import PUBLIC_AFTER_MEMBERS

    for topic in Topic.objects.filter(pk__in=topic_ids).annotate(n=Count("members")):
        fields = {"member_count": topic.n}
        if topic.n >= PUBLIC_AFTER_MEMBERS and not topic.approved:
            fields["approved"] = True
        Topic.objects.filter(pk=topic.pk).update(**fields)


@transaction.atomic
def topic_approve(*, topic: Topic) -> None:
    """A moderator lets a member's topic into everyone's pickers."""
    Topic.objects.filter(pk=topic.pk).update(approved=True)
    topic.approved = True


@transaction.atomic
def topic_merge(*, source: Topic, into: Topic) -> Topic:
    """A moderator folds a member's topic into an existing one: every member, trip,
    meet-up and collective that had `source` gets `into` instead, and `source` goes.

    Walks every relation to Topic, so an app added later is merged too.
    """
    if source.pk == into.pk:
        raise ValidationError({"into": _("A topic cannot be merged into itself.")})
    for relation in Topic._meta.related_objects:
        if relation.many_to_many:
            through = relation.through  # type: ignore[attr-defined]
            topic_column = relation.field.m2m_reverse_field_name()  # type: ignore[attr-defined]
            owner_column = relation.field.m2m_field_name()  # type: ignore[attr-defined]
            rows = through.objects.filter(**{topic_column: source})
            already = through.objects.filter(**{topic_column: into}).values(owner_column)
            rows.filter(**{f"{owner_column}__in": already}).delete()
            rows.update(**{topic_column: into})
        elif relation.one_to_many and relation.related_model is not Topic:
            relation.related_model._default_manager.filter(**{relation.field.name: source}).update(
                **{relation.field.name: into}
            )
    Topic.objects.filter(parent=source).update(parent=into)
    source.delete()
    topic_usage_refresh(topic_ids=[into.pk])
    return into


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
