"""The dashboard's "your profile" panel: how complete the profile is, what is missing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.selectors import profile_completeness

MISSING_LABELS = {
    "display_name": _("a display name"),
    "home_place": _("your home place"),
    "topics": _("topics you care about"),
    "bio": _("a few words about you"),
    "languages": _("the languages you speak"),
    "contacts": _("a way to reach you"),
}


def profile_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.is_authenticated:
        return None
    completeness = profile_completeness(user=request.user)  # type: ignore[arg-type]
    return {
        "template": "accounts/_panel_profile.html",
        "percent": completeness["percent"],
        "missing": [MISSING_LABELS[name] for name in completeness["missing"]],
    }
