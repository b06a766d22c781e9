"""The dashboard's messages panel: unread messages and waiting requests."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from accounts.occasions import occasions_due
from travel.messaging.selectors import requests_count, unread_total


def messages_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.is_authenticated:
        return None
    return {
        "template": "messaging/_panel.html",
        "unread": unread_total(user=request.user),  # type: ignore[arg-type]
        "requests": requests_count(user=request.user),  # type: ignore[arg-type]
    }


def references_panel(request: HttpRequest) -> dict[str, Any] | None:
    """References to write: stays whose last night is over, meet-ups attended together."""
    if not request.user.is_authenticated:
        return None
    due = occasions_due(user=request.user, today=timezone.localdate())
    if not due:
        return None
    return {"template": "messaging/_references_panel.html", "occasions": due[:10]}
