"""What apps above `trips` add to a trip (its plan per stop, the actions a viewer can
take on someone else's trip), through two hooks filled in travel/wiring/house.py.

`trips` shows the trip page and the trip API but may not read stays or meet-ups (they
live in apps at its layer and above); the plan is assembled in `travel.matching.plan`,
the one module that reads stays, RSVPs and saved spots together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# func(viewer, trip) -> {stop_pk: plan dict}; only the trip's owner gets a plan.
StopPlans = Callable[[Any, Any], dict[int, dict[str, Any]]]
# func(viewer, trip) -> context for the "act on this trip" box, or None.
TripActions = Callable[[Any, Any], dict[str, Any] | None]

_stop_plans: list[StopPlans] = []
_trip_actions: list[TripActions] = []


def register_stop_plans(func: StopPlans) -> None:
    _stop_plans[:] = [func]


def register_trip_actions(func: TripActions) -> None:
    _trip_actions[:] = [func]


def stop_plans(viewer: Any, trip: Any) -> dict[int, dict[str, Any]]:
    """The plan of each stop, keyed by stop pk ({} when nobody registered one)."""
    return _stop_plans[0](viewer, trip) if _stop_plans else {}


def trip_actions(viewer: Any, trip: Any) -> dict[str, Any] | None:
    return _trip_actions[0](viewer, trip) if _trip_actions else None
