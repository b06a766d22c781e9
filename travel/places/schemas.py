"""The API's one description of a place (every router that shows a place uses these)."""

from __future__ import annotations

from ninja import Schema


class PlaceRef(Schema):
    """A place as other things name it (a trip's stop, a meet-up's city)."""

    id: int
    name: str
    label: str
    kind: str
    country_code: str
    lat: float | None
    lon: float | None


class PlaceOut(PlaceRef):
    """A place found by the place search, with what a picker shows beside it."""

    population: int
    timezone: str
