"""The dashboard panel: requests waiting for the host, and upcoming stays."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from travel.hosting import selectors


def dashboard_panel(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not user.is_authenticated:
        return None
    return {
        "template": "hosting/_panel.html",
        "pending": selectors.pending_count_for_host(user=user),  # type: ignore[arg-type]
        "stays": selectors.upcoming_stays(user=user, today=timezone.localdate()),  # type: ignore[arg-type]
        "has_offer": selectors.offers_of_host(user=user).exists(),  # type: ignore[arg-type]
    }
