"""A member's notifications, preferences and push devices in their export; erasure (P8)."""

from __future__ import annotations

from typing import Any

from travel.notifications.models import Notification, Preference, PushSubscription
from travel.notifications.services import notifications_erase


def export(user: Any) -> dict[str, Any]:
    return {
        "notifications": [
            {
                "id": str(n.public_id),
                "kind": n.kind,
                "text": n.text,
                "created": n.created,
                "read": n.read_at,
            }
            for n in Notification.objects.filter(recipient=user).order_by("created")
        ],
        # Others were told of something the member did (their message, their RSVP):
        # which notices and when, not to whom nor what they said.
        "told_others": [
            {"id": str(n.public_id), "kind": n.kind, "created": n.created}
            for n in Notification.objects.filter(actor=user).order_by("created")
        ],
        "preferences": [
            {"kind": p.kind, "email": p.email, "push": p.push}
            for p in Preference.objects.filter(user=user)
        ],
        "push_devices": [
            {"id": str(s.public_id), "label": s.label, "created": s.created}
            for s in PushSubscription.objects.filter(user=user)
        ],
    }


def erase(user: Any) -> None:
    notifications_erase(user=user)
