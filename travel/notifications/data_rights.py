"""A member's notifications, preferences and push devices in their export; erasure (P8)."""

from __future__ import annotations

from typing import Any

from travel.notifications.models import Notification, Preference, PushSubscription
from travel.notifications.services import notifications_erase


def export(user: Any) -> dict[str, Any]:
    return {
        "notifications": [
            {"kind": n.kind, "text": n.text, "created": n.created, "read": n.read_at}
            for n in Notification.objects.filter(recipient=user).order_by("created")
        ],
        "preferences": [
            {"kind": p.kind, "email": p.email, "push": p.push}
            for p in Preference.objects.filter(user=user)
        ],
        "push_devices": [
            {"label": s.label, "created": s.created}
            for s in PushSubscription.objects.filter(user=user)
        ],
    }


def erase(user: Any) -> None:
    notifications_erase(user=user)
