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
    # Read generously by population, then rank in Python: a big city matched through an
    # odd alternate name ("Lun…" for Lusaka) must not beat a smaller city whose own
    # name is what was typed.
    rows = list(
        names.order_by("-population").values_list("place_id", "key")[: max(limit * 20, 100)]
    )
    matched: dict[int, set[str]] = {}
    for pid, k in rows:
        matched.setdefault(pid, set()).add(k)
    # And the places whose own name starts so, however small (Lund among the "Lun…").
    own = Place.objects.filter(ascii_name__gte=key, ascii_name__lt=key + _HIGH)
    if kind:
        own = own.filter(kind=kind)
    for pid in own.order_by("-population").values_list("id", flat=True)[: limit * 2]:
        matched.setdefault(pid, set())
    places = Place.objects.in_bulk(list(matched))

    def rank(place: Place) -> tuple[int, int]:
        keys = matched[place.pk]
        main = place.ascii_name
        if main == key:
            tier = 0  # the place's own name, exactly
        elif key in keys:
            tier = 1  # another of its names, exactly ("Goteborg", "Kobenhavn")
        elif main.startswith(key):
            tier = 2  # its own name starts so
        else:
            tier = 3  # only an alternate name starts so
        return (tier, -place.population)

    return sorted(places.values(), key=rank)[:limit]


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
