"""The organizer's dashboard panel: their collectives, pending join requests, and a
Passing through search from each collective's home city."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from travel.collectives.selectors import organizer_collectives


def organizer_panel(request: Any) -> dict[str, Any] | None:
    if not request.user.is_authenticated:
        return None
    rows = organizer_collectives(user=request.user)
    if not rows:
        return None
    today = timezone.localdate()
    return {
        "template": "collectives/_panel.html",
        "collectives": rows,
        "today": today,
        "until": today + timedelta(days=28),
    }
