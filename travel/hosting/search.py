"""Find a host on the map: one query for the map and the list under it, so they agree.

Searches the map's own box (or a corridor along a leg of a trip) on PUBLIC fuzzed points
only (P2), then keeps the offers open on every chosen night with room for the guests, of
the chosen kinds. Every bad parameter raises SearchError naming its field (a 4xx).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from travel.hosting.models import (
    MAX_GUESTS,
    MAX_STAY_NIGHTS,
    Availability,
    HostOffer,
    Spot,
    StayRequest,
    nights,
)
from travel.hosting.selectors import (
    MAX_BBOX_RESULTS,
    BBox,
    BBoxError,
    Viewer,
    offers_in_bbox,
    spots_in_bbox,
)
from travel.places.geo import distance_km
from travel.trips.models import PlaceKind

MAX_CORRIDOR_KM = 100
KM_PER_DEGREE = 111.32


class SearchError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Corridor:
    """Everything within `km` of the straight leg from a to b (lat, lon)."""

    a: tuple[float, float]
    b: tuple[float, float]
    km: float

    def bbox(self) -> BBox:
        pad_lat = self.km / KM_PER_DEGREE
        mid = math.radians((self.a[0] + self.b[0]) / 2)
        pad_lon = self.km / (KM_PER_DEGREE * max(math.cos(mid), 0.05))
        return BBox(
            max(min(self.a[1], self.b[1]) - pad_lon, -180.0),
            max(min(self.a[0], self.b[0]) - pad_lat, -90.0),
            min(max(self.a[1], self.b[1]) + pad_lon, 180.0),
            min(max(self.a[0], self.b[0]) + pad_lat, 90.0),
        )

    def distance_km(self, point: tuple[float, float]) -> float:
        """Distance from the point to the leg, on a local flat projection (fine at these
        lengths), then great-circle to the nearest point of the leg."""
        scale = math.cos(math.radians((self.a[0] + self.b[0]) / 2))
        ax, ay = self.a[1] * scale, self.a[0]
        bx, by = self.b[1] * scale, self.b[0]
        px, py = point[1] * scale, point[0]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
        nearest = (ay + t * dy, (ax + t * dx) / scale if scale else self.a[1])
        return distance_km(point, nearest)


@dataclass(frozen=True)
class HostSearch:
    bbox: BBox
    kinds: list[str] = field(default_factory=list)
    start: date | None = None  # first night
    end: date | None = None  # the morning of leaving: nights start <= night < end
    guests: int = 1
    corridor: Corridor | None = None


@dataclass
class HostResults:
    offers: list[HostOffer]
    spots: list[Spot]
    truncated: bool


def _date(params: Mapping[str, str], name: str) -> date | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SearchError(name, _("Use a date like 2026-04-06.")) from None


def parse_host_search(
    params: Mapping[str, str], *, today: date, corridor: Corridor | None = None
) -> HostSearch:
    """Read and check the map's query; SearchError(field, message) on anything wrong."""
    if corridor is not None:
        bbox = corridor.bbox()
        if len(bbox.cells()) > 4 * 1200:
            raise SearchError("leg", _("This leg is too long to search along: pick a shorter one."))
    else:
        text = (params.get("bbox") or "").strip()
        if not text:
            raise SearchError("bbox", _("Give the map's box: minlon,minlat,maxlon,maxlat."))
        try:
            bbox = BBox.parse(text)
        except BBoxError as exc:
            raise SearchError("bbox", str(exc)) from None
    kinds = [k for k in (params.get("kinds") or "").split(",") if k.strip()]
    unknown = [k for k in kinds if k not in PlaceKind.values]
    if unknown:
        raise SearchError(
            "kinds",
            _("Unknown kind: %(kinds)s. Choose from %(known)s.")
            % {"kinds": ", ".join(unknown), "known": ", ".join(PlaceKind.values)},
        )
    start, end = _date(params, "start"), _date(params, "end")
    if (start is None) != (end is None):
        raise SearchError("end" if end is None else "start", _("Give both dates, or neither."))
    if start is not None and end is not None:
        if end <= start:
            raise SearchError("end", _("The day you leave comes after the day you arrive."))
        if (end - start).days > MAX_STAY_NIGHTS:
            raise SearchError(
                "end", _("Search at most %(n)s nights at a time.") % {"n": MAX_STAY_NIGHTS}
            )
        if start < today:
            raise SearchError("start", _("The arrival date is in the past."))
    guests_text = (params.get("guests") or "1").strip()
    if not guests_text.isdigit() or not 1 <= int(guests_text) <= MAX_GUESTS:
        raise SearchError(
            "guests", _("Guests: a whole number from 1 to %(n)s.") % {"n": MAX_GUESTS}
        )
    return HostSearch(
        bbox=bbox,
        kinds=kinds,
        start=start,
        end=end,
        guests=int(guests_text),
        corridor=corridor,
    )


def _open_on_nights(offers: list[HostOffer], *, start: date, end: date, guests: int) -> set[int]:
    """Ids of the offers with room for `guests` on every night start <= night < end:
    two queries for any number of offers."""
    ids = [o.pk for o in offers]
    windows: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for offer_id, s, e in Availability.objects.filter(
        offer_id__in=ids, start__lte=end, end__gte=start
    ).values_list("offer_id", "start", "end"):
        windows[offer_id].append((s, e))
    booked: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for offer_id, arrive, depart, count in StayRequest.objects.filter(
        offer_id__in=ids,
        status=StayRequest.Status.ACCEPTED,
        arrive__lt=end,
        arrive__gte=start - timedelta(days=MAX_STAY_NIGHTS),
        depart__gt=start,
    ).values_list("offer_id", "arrive", "depart", "guests"):
        for night in nights(max(arrive, start), min(depart, end)):
            booked[offer_id][night] += count
    wanted = list(nights(start, end))
    return {
        o.pk
        for o in offers
        if all(
            any(s <= night <= e for s, e in windows[o.pk])
            and o.capacity - booked[o.pk][night] >= guests
            for night in wanted
        )
    }


def search_hosts(*, viewer: Viewer, query: HostSearch) -> HostResults:
    """The offers and spots of the map and its list, from one search."""
    offers = offers_in_bbox(viewer=viewer, bbox=query.bbox, kinds=query.kinds or None)
    truncated = len(offers) >= MAX_BBOX_RESULTS
    offers = [o for o in offers if o.status == HostOffer.Status.OPEN and o.host_id != viewer.pk]
    offers = [o for o in offers if o.capacity >= query.guests]
    if query.start is not None and query.end is not None:
        keep = _open_on_nights(offers, start=query.start, end=query.end, guests=query.guests)
        offers = [o for o in offers if o.pk in keep]
    spots = spots_in_bbox(viewer=viewer, bbox=query.bbox)
    if query.kinds:
        spots = [s for s in spots if set(s.kinds.split(",")) & set(query.kinds)]
    if query.corridor is not None:
        corridor = query.corridor
        offers = [o for o in offers if corridor.distance_km(o.public_point) <= corridor.km]
        spots = [s for s in spots if corridor.distance_km((s.lat, s.lon)) <= corridor.km]
    return HostResults(offers=offers, spots=spots, truncated=truncated)
