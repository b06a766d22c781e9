"""A member's trips in their data export, and gone with their account (P8)."""

from __future__ import annotations

from typing import Any

from travel.trips import services
from travel.trips.selectors import trips_of


def export_trips(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": str(trip.public_id),
            "title": trip.title,
            "description": trip.description,
            "topics": [topic.slug for topic in trip.topics.all()],
            "needs": trip.need_list,
            "visibility": trip.visibility,
            "collective": trip.collective.name if trip.collective else None,
            "discoverable": trip.discoverable,
            "support_link": trip.support_link,
            "created": trip.created.isoformat(),
            "stops": [
                {
                    "id": str(stop.public_id),
                    "place": stop.place.label,
                    "place_id": stop.place_id,
                    "whole_country": stop.is_country,
                    "label": stop.label,
                    "radius_km": stop.radius_km,
                    "arrive": stop.arrive.isoformat(),
                    "depart": stop.depart.isoformat(),
                    "tentative": stop.tentative,
                }
                for stop in trip.stops.all()
            ],
        }
        for trip in trips_of(user)
    ]


def erase_trips(user: Any) -> None:
    services.trips_erase_of(user=user)
