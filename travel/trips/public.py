"""What trips add to the home page (aggregates, never a person: P3) and the dashboard."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from travel.trips.selectors import travellers_per_city, trips_of


def _month(today: date) -> tuple[date, date]:
    last = calendar.monthrange(today.year, today.month)[1]
    return today.replace(day=1), today.replace(day=last)


def travellers_this_month() -> list[dict[str, Any]]:
    """Lines like "9 travellers pass through Oslo this month"."""
    start, end = _month(timezone.localdate())
    return [
        {
            "text": ngettext(
                "%(count)s traveller passes through %(city)s this month",
                "%(count)s travellers pass through %(city)s this month",
                row["travellers"],
            )
            % {"count": row["travellers"], "city": row["city"]}
        }
        for row in travellers_per_city(start=start, end=end)
    ]


def your_trips_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    trips = list(trips_of(request.user).filter(ends__gte=today)[:5])  # type: ignore[arg-type]
    return {"template": "trips/_panel.html", "trips": trips}
