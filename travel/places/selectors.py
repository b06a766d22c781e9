from __future__ import annotations

import math
from collections.abc import Iterable

from django.db.models import QuerySet

from travel.places.geo import distance_km, normalise_name
from travel.places.grid import cells_within
from travel.places.models import Place, PlaceName

MAX_QUERY_LENGTH = 100
# Sorts after every character a normalised key can hold: key >= q and key < q + HIGH is
# a prefix match that both SQLite and PostgreSQL answer with an index range scan.
_HIGH = "\uffff"
# Prefixes shorter than this match tens of thousands of names; they are answered from
# the names of places of MAJOR people or more (a partial index) plus exact matches.
SHORT_PREFIX = 3
MAJOR = 15000
_KIND_ORDER = {"city": 0, "region": 1, "country": 2}


def _kinds(kind: str | Iterable[str] | None) -> list[str] | None:
    if kind is None or kind == "":
        return None
    listed = [kind] if isinstance(kind, str) else list(kind)
    return ["city" if k == "town" else k for k in listed]


def places_search(
    *,
    q: str,
    limit: int = 10,
    kind: str | Iterable[str] | None = None,
    country: str | None = None,
) -> list[Place]:
    """Places with any name (in any language, accents and case ignored) equal to or
    starting with q.

    Ranking: an exact match of any of its names first, then a prefix match; within each,
    the more populous first (by doublings of population), and among places of about the
    same size the reader's `country` first; then population.
    So "Lund" gives Lund, Sweden before Lund, England, and "Skåne" the region.
    """
    key = normalise_name(q[:MAX_QUERY_LENGTH])
    if not key:
        return []
    kinds = _kinds(kind)
    names = PlaceName.objects.all()
    own = Place.objects.all()
    if kinds:
        names = names.filter(place__kind__in=kinds)
        own = own.filter(kind__in=kinds)
    read = max(limit * 10, 60)
    matched: dict[int, set[str]] = {}
    # Every place one of whose names is exactly q, however small ("Boden", "Fauske").
    exact = names.filter(key=key).order_by("-population").values_list("place_id", "key")
    for pid, k in exact[:read]:
        matched.setdefault(pid, set()).add(k)
    if len(key) < SHORT_PREFIX:
        # "S", "Os": tens of thousands of names start so. The places of MAJOR people or
        # more whose own name does (a small partial index) are what a reader expects.
        own_prefix = own.filter(
            ascii_name__gte=key, ascii_name__lt=key + _HIGH, population__gte=MAJOR
        ).order_by("-population")
        for pid in own_prefix.values_list("id", flat=True)[: limit * 2]:
            matched.setdefault(pid, set())
    else:
        # Two index ranges, no big sort: the most populous places with a name starting
        # so (the partial index of places of MAJOR people or more), and the first names
        # in alphabetical order, however small the place ("Lund" among the "Lun…").
        # Ranked in Python below: a big city matched through an odd alternate name does
        # not beat a smaller one whose own name is what was typed.
        prefix = names.filter(key__gte=key, key__lt=key + _HIGH)
        big = prefix.filter(population__gte=MAJOR).order_by("-population")
        for pid, k in big.values_list("place_id", "key")[:read]:
            matched.setdefault(pid, set()).add(k)
        for pid, k in prefix.order_by("key").values_list("place_id", "key")[: read * 3]:
            matched.setdefault(pid, set()).add(k)
    places = Place.objects.select_related("region").in_bulk(list(matched))
    reader = (country or "").upper()

    def rank(place: Place) -> tuple[int, int, int, int, int]:
        keys = matched[place.pk]
        main = place.ascii_name
        exact = main == key or key in keys  # "Lund", "Goteborg", "Scania"
        # Among prefix matches a place's own name counts as 16 times the population,
        # so "Lun" finds Lund before a city one of whose many other names starts so,
        # while "Gote" still finds Gothenburg (Göteborg) before Götene.
        size = int(math.log2(place.population + 1)) + (4 if main.startswith(key) else 0)
        # A region counts a quarter of its population (the sum of its towns', districts
        # included), and a town comes first among places of one size: the city-state
        # towns Oslo, Hamburg and Berlin come before the regions of the same name.
        if place.kind == Place.Kind.REGION:
            size -= 2
        return (
            0 if exact else 1,
            -size,
            0 if place.country_code == reader else 1,
            _KIND_ORDER.get(place.kind, 3),
            -place.population,
        )

    return sorted(places.values(), key=rank)[:limit]


def place_get(*, place_id: int) -> Place | None:
    return Place.objects.filter(pk=place_id).first()


def places_near(*, lat: float, lon: float, radius_km: float) -> list[tuple[Place, float]]:
    """Towns within radius_km of a point, nearest first, with their distance in km."""
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
