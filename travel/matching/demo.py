"""After the community is loaded, run the matcher on every upcoming demo trip so a first
visitor sees suggestions of every kind (eager tasks in `make run`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from travel.matching.services import trip_suggestions_refresh
from travel.topics.services import topic_weights_refresh
from travel.trips.models import Trip


def load_suggestions(ctx: dict[str, Any]) -> None:
    topic_weights_refresh()
    for trip_id in Trip.objects.filter(ends__gte=timezone.localdate()).values_list("id", flat=True):
        trip_suggestions_refresh(trip_id=trip_id)
