"""The dashboard's messages panel: unread messages and waiting requests."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from travel.messaging.selectors import requests_count, unread_total


def messages_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.is_authenticated:
        return None
    return {
        "template": "messaging/_panel.html",
        "unread": unread_total(user=request.user),  # type: ignore[arg-type]
        "requests": requests_count(user=request.user),  # type: ignore[arg-type]
    }
