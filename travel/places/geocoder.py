"""An offline geocoder over our gazetteer, with geopy's Geocoder interface.

Production may put Nominatim behind the same interface; the app only ever talks to a
geopy `Geocoder`, and gets geopy `Location`s back.
"""

from __future__ import annotations

from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from travel.places.models import Place
from travel.places.selectors import places_near, places_search

_MAX_REVERSE_KM = 100.0


def _location(place: Place) -> Location:
    raw = {
        "id": place.pk,
        "geonameid": place.geonameid,
        "kind": place.kind,
        "country_code": place.country_code,
        "timezone": place.timezone,
        "population": place.population,
    }
    point = Point(place.lat or 0.0, place.lon or 0.0)
    return Location(place.label, point, raw)


class GazetteerGeocoder(Geocoder):
    """Looks names up in the Place table: any alternate name, accents and case ignored."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def geocode(  # type: ignore[override]
        self, query: str, *, exactly_one: bool = True, limit: int = 10, **kwargs: Any
    ) -> Location | list[Location] | None:
        found = places_search(q=str(query), limit=1 if exactly_one else limit)
        if not found:
            return None
        locations = [_location(place) for place in found]
        return locations[0] if exactly_one else locations

    def reverse(  # type: ignore[override]
        self, query: Any, *, exactly_one: bool = True, **kwargs: Any
    ) -> Location | list[Location] | None:
        point = Point(query)
        near = places_near(lat=point.latitude, lon=point.longitude, radius_km=_MAX_REVERSE_KM)
        if not near:
            return None
        locations = [_location(place) for place, _ in near]
        return locations[0] if exactly_one else locations
