from __future__ import annotations

from django.db.models import QuerySet

from travel.places.geo import distance_km, normalise_name
from travel.places.grid import cells_within
from travel.places.models import Place, PlaceName

MAX_QUERY_LENGTH = 100
# Sorts after every character a normalised key can hold: key >= q and key < q + HIGH is
# a prefix match that both SQLite and PostgreSQL answer with an index range scan.
_HIGH = "\uffff"


def places_search(*, q: str, limit: int = 10, kind: str | None = None) -> list[Place]:
    """Places whose any name starts with q (accent/case-insensitive), most populous first.

    An exact name match ranks before a prefix match, so "Lund" finds Lund before Lundby.
    """
    key = normalise_name(q[:MAX_QUERY_LENGTH])
    if not key:
        return []
    names = PlaceName.objects.filter(key__gte=key, key__lt=key + _HIGH)
    if kind:
        names = names.filter(place__kind=kind)
    rows = list(names.order_by("-population").values_list("place_id", "key")[: limit * 8])
    exact = [pid for pid, k in rows if k == key]
    ordered: list[int] = []
    for pid in exact + [pid for pid, _ in rows]:
        if pid not in ordered:
            ordered.append(pid)
    ordered = ordered[:limit]
    places = Place.objects.in_bulk(ordered)
    return [places[pid] for pid in ordered if pid in places]


def place_get(*, place_id: int) -> Place | None:
    return Place.objects.filter(pk=place_id).first()


def places_near(*, lat: float, lon: float, radius_km: float) -> list[tuple[Place, float]]:
    """Cities within radius_km of a point, nearest first, with their distance in km."""
    candidates: QuerySet[Place] = Place.objects.filter(
        kind=Place.Kind.CITY, cell__in=cells_within(lat, lon, radius_km)
    )
    found = []
    for place in candidates:
        assert place.point is not None
        d = distance_km((lat, lon), place.point)
        if d <= radius_km:
            found.append((place, d))
    found.sort(key=lambda pair: pair[1])
    return found
