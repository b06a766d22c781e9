"""Reads for the notification centre: each knows whose notifications it reads."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from travel.notifications.kinds import EMAIL_CHOICES, PREFERENCES
from travel.notifications.models import Notification, Preference, PushSubscription


def notifications_of(*, user: User, limit: int = 100, unread: bool = False) -> list[Notification]:
    rows = Notification.objects.filter(recipient=user)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return list(rows.order_by("-created", "-id")[:limit])


def notifications_by_day(*, user: User, limit: int = 100) -> list[tuple[date, list[Notification]]]:
    rows = notifications_of(user=user, limit=limit)
    return [
        (day, list(items))
        for day, items in groupby(rows, key=lambda n: timezone.localdate(n.created))
    ]


def unread_count(*, user: User) -> int:
    """One index-only count on notice_unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def badge_counts(*, user: User) -> dict[str, int]:
    """Unread notifications and unread messages in ONE query (the navigation's badges,
    polled): two indexed subqueries on the member's row.

    Messages count as the inbox does (messaging's unread_total, the same queryset):
    active conversations only, blocked and muted people's left out.
    """
    from travel.messaging.models import Conversation
    from travel.messaging.selectors import sides_visible_to

    notices = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    messages = (
        sides_visible_to(user, muted=True)
        .filter(conversation__status=Conversation.Status.ACTIVE)
        .order_by()
        .values("user")
        .annotate(n=Sum("unread_count"))
        .values("n")
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread_notices=Coalesce(Subquery(notices, output_field=IntegerField()), Value(0)),
            unread_messages=Coalesce(Subquery(messages, output_field=IntegerField()), Value(0)),
        )
        .values_list("unread_notices", "unread_messages")
        .first()
    )
    notices_n, messages_n = row or (0, 0)
    return {"notices": notices_n, "messages": messages_n}


def preferences_table(*, user: User) -> list[dict[str, Any]]:
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    table = []
    for slug, pref in PREFERENCES.items():
        row = chosen.get(slug)
        table.append(
            {
                "kind": slug,
                "label": pref.label,
                "help": pref.help,
                "email": row.email if row else pref.email,
                "push": row.push if row else pref.push,
                "default_email": pref.email,
                "default_push": pref.push,
            }
        )
    return table


EMAIL_VALUES = [value for value, _label in EMAIL_CHOICES]


def push_devices_of(*, user: User) -> list[PushSubscription]:
    return list(PushSubscription.objects.filter(user=user).order_by("-created"))
