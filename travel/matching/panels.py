from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from travel.trips.models import Trip


def suggestions_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Upcoming trips with how many suggestions each has, new ones first (one query)."""
    trips = list(
        Trip.objects.filter(owner=request.user.pk, ends__gte=timezone.localdate())
        .annotate(
            new=Count("suggestions", filter=Q(suggestions__state="new")),
            total=Count("suggestions", filter=~Q(suggestions__state="dismissed")),
        )
        .order_by("starts")[:5]
    )
    if not trips:
        return None
    return {"template": "matching/_panel.html", "trips": trips}
