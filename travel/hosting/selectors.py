"""Every read of hosting data, permission-aware.

The exact address and point of an offer leave the database only through
`exact_location_for()` (P1): pages, API, exports and emails ask it, nothing else reads
`HostOffer.address`, `exact_lat` or `exact_lon` for somebody other than the host.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import ContactChannel, User
from accounts.selectors import (
    blocked_user_ids,
    connected_user_ids,
    members_visible_to,
    visible_q,
)
from travel.collectives.selectors import collective_ids_of
from travel.hosting.models import (
    MAX_STAY_NIGHTS,
    REVEAL_DAYS_BEFORE,
    Availability,
    HostOffer,
    Spot,
    StayRequest,
    nights,
)
from travel.places.geo import distance_km, shown_km
from travel.places.grid import CELL_DEGREES, cells_within

Viewer = User | AnonymousUser

# Map boxes: at most this many grid cells (about 12 x 24 degrees), at most this many rows.
MAX_BBOX_CELLS = 1200
MAX_BBOX_RESULTS = 500


class BBoxError(ValueError):
    pass


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """'minlon,minlat,maxlon,maxlat' in degrees; raises BBoxError with a clear reason."""
        parts = text.split(",")
        if len(parts) != 4:
            raise BBoxError(_("Use four numbers: minlon,minlat,maxlon,maxlat."))
        try:
            min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
        except ValueError:
            raise BBoxError(_("Use four numbers: minlon,minlat,maxlon,maxlat.")) from None
        if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
            raise BBoxError(_("Use four finite numbers."))
        if not (-90 <= min_lat < max_lat <= 90):
            raise BBoxError(_("Latitudes go from -90 to 90, the minimum below the maximum."))
        if not (-180 <= min_lon < max_lon <= 180):
            raise BBoxError(_("Longitudes go from -180 to 180, the minimum below the maximum."))
        box = cls(min_lon, min_lat, max_lon, max_lat)
        if len(box.cells()) > MAX_BBOX_CELLS:
            raise BBoxError(_("The box is too large: zoom in."))
        return box

    def cells(self) -> list[int]:
        rows = range(
            int((self.min_lat + 90.0) / CELL_DEGREES),
            min(int((self.max_lat + 90.0) / CELL_DEGREES), int(180 / CELL_DEGREES) - 1) + 1,
        )
        columns = int(360 / CELL_DEGREES)
        cols = range(
            int((self.min_lon + 180.0) / CELL_DEGREES),
            min(int((self.max_lon + 180.0) / CELL_DEGREES), columns - 1) + 1,
        )
        return [r * columns + c for r in rows for c in cols]


# ---------------------------------------------------------------- offers


def offers_visible_to(viewer: Viewer) -> QuerySet[HostOffer]:
    """Offers `viewer` may see: their own (any status), and others' open offers that
    their visibility allows, without blocked or suspended hosts (P3, P5)."""
    if not viewer.is_authenticated:
        return HostOffer.objects.none()
    q = visible_q(
        viewer, owner="host", visibility="visibility", collective_ids=collective_ids_of(user=viewer)
    )
    others_open = Q(status=HostOffer.Status.OPEN) & ~Q(host=viewer)
    return HostOffer.objects.filter(q).filter(Q(host=viewer) | others_open, host__is_active=True)


def offer_for_viewer(*, viewer: Viewer, public_id: Any) -> HostOffer | None:
    """One offer by public id if `viewer` may see it; None looks like a missing one."""
    return (
        offers_visible_to(viewer)
        .select_related("host", "place")
        .filter(public_id=public_id)
        .first()
    )


def offer_for_host(*, user: Viewer, public_id: Any) -> HostOffer | None:
    """One of `user`'s own offers (editing, availability); None for anyone else's."""
    if not user.is_authenticated:
        return None
    return (
        HostOffer.objects.select_related("place", "host")
        .filter(host=user, public_id=public_id)
        .first()
    )


def offers_of_host(*, user: User) -> QuerySet[HostOffer]:
    return HostOffer.objects.filter(host=user).select_related("place").order_by("created")


def offers_in_bbox(
    *, viewer: Viewer, bbox: BBox, kinds: list[str] | None = None
) -> list[HostOffer]:
    """Visible offers whose PUBLIC point is in the box (P2): the grid cell first (an
    index scan on (cell, status)), then the stored public coordinates."""
    qs = (
        offers_visible_to(viewer)
        .filter(cell__in=bbox.cells())
        .filter(
            public_lat__gte=bbox.min_lat,
            public_lat__lte=bbox.max_lat,
            public_lon__gte=bbox.min_lon,
            public_lon__lte=bbox.max_lon,
        )
        .select_related("host", "place")
        .order_by("id")
    )
    if kinds:
        # Kinds are stored comma-separated; no kind name is part of another.
        any_kind = Q()
        for kind in kinds:
            any_kind |= Q(kinds__contains=kind)
        qs = qs.filter(any_kind)
    return list(qs[:MAX_BBOX_RESULTS])


def offers_near(
    *, viewer: Viewer, lat: float, lon: float, radius_km: float
) -> list[tuple[HostOffer, int]]:
    """Visible offers whose public point is within radius_km, nearest first, each with
    its distance in whole kilometres (the only distance ever shown, P2)."""
    qs = (
        offers_visible_to(viewer)
        .filter(cell__in=cells_within(lat, lon, radius_km))
        .select_related("host", "place")
    )
    found = []
    for offer in qs:
        d = distance_km((lat, lon), offer.public_point)
        if d <= radius_km:
            found.append((offer, shown_km(d)))
    found.sort(key=lambda pair: pair[1])
    return found


@dataclass(frozen=True)
class ExactLocation:
    address: str
    lat: float
    lon: float


def exact_location_for(*, viewer: Viewer, offer: HostOffer, today: date) -> ExactLocation | None:
    """The one place that decides who sees an offer's exact address and point (P1).

    The host always; a traveller with an ACCEPTED stay request from 7 days before its
    arrival until its departure morning, unless a block now stands between them.
    Everyone else: None.
    """
    if not viewer.is_authenticated:
        return None
    if offer.host_id == viewer.pk:
        return ExactLocation(offer.address, offer.exact_lat, offer.exact_lon)
    allowed = (
        StayRequest.objects.filter(
            offer=offer,
            traveller=viewer,
            status=StayRequest.Status.ACCEPTED,
            arrive__lte=today + timedelta(days=REVEAL_DAYS_BEFORE),
            depart__gte=today,
        )
        .exclude(offer__host__in=blocked_user_ids(user=viewer))  # type: ignore[misc]
        .exists()
    )
    if not allowed:
        return None
    return ExactLocation(offer.address, offer.exact_lat, offer.exact_lon)


def availability_of(*, offer: HostOffer, since: date | None = None) -> QuerySet[Availability]:
    qs = offer.availability.all()
    if since is not None:
        qs = qs.filter(end__gte=since)
    return qs.order_by("start")


def is_available(*, offer: HostOffer, arrive: date, depart: date) -> bool:
    """Every night arrive <= night < depart falls inside one of the offer's windows."""
    windows = list(
        offer.availability.filter(start__lte=depart, end__gte=arrive).values_list("start", "end")
    )
    return all(any(s <= night <= e for s, e in windows) for night in nights(arrive, depart))


def nights_within_windows(
    *, offer: HostOffer, arrive: date, depart: date
) -> tuple[date, date] | None:
    """The first run of nights in arrive <= night < depart that the offer's windows
    cover, as (arrive, depart), or None: what a request or invitation form proposes for
    a stop."""
    windows = offer.availability.filter(start__lt=depart, end__gte=arrive).order_by("start")
    for start, end in windows.values_list("start", "end"):
        first, leave = max(arrive, start), min(depart, end + timedelta(days=1))
        if first < leave:
            return first, leave
    return None


def guests_per_night(
    *, offer: HostOffer, start: date, end: date, exclude_id: int | None = None
) -> dict[date, int]:
    """Accepted guests per night for nights start <= night < end."""
    return guests_per_night_of(
        offer_ids=[offer.pk], start=start, end=end, exclude_id=exclude_id
    ).get(offer.pk, {})


def guests_per_night_of(
    *, offer_ids: Iterable[int], start: date, end: date, exclude_id: int | None = None
) -> dict[int, dict[date, int]]:
    """{offer id: {night: accepted guests}} for nights start <= night < end, for many
    offers in one query (the matcher reads it for every offer near a trip)."""
    qs = StayRequest.objects.filter(
        offer_id__in=list(offer_ids),
        status=StayRequest.Status.ACCEPTED,
        arrive__lt=end,
        arrive__gte=start - timedelta(days=MAX_STAY_NIGHTS),
        depart__gt=start,
    )
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    booked: dict[int, dict[date, int]] = {}
    for offer_id, arrive, depart, guests in qs.values_list(
        "offer_id", "arrive", "depart", "guests"
    ):
        per_night = booked.setdefault(offer_id, defaultdict(int))
        for night in nights(max(arrive, start), min(depart, end)):
            per_night[night] += guests
    return {offer_id: dict(per_night) for offer_id, per_night in booked.items()}


@dataclass(frozen=True)
class CalendarDay:
    day: date
    state: str  # "past", "closed", "free", "full", "outside" (not in this month)
    places_left: int


def calendar_for(*, offer: HostOffer, today: date, months: int = 2) -> list[dict[str, Any]]:
    """Month grids (Monday first) of nights: free (with places left), full or closed.

    Shows counts of free places only, never who stays (3 queries for any size).
    """
    first = today.replace(day=1)
    last_month = first
    for _i in range(months - 1):
        last_month = (last_month + timedelta(days=32)).replace(day=1)
    end = (last_month + timedelta(days=32)).replace(day=1)
    windows = list(
        offer.availability.filter(start__lt=end, end__gte=first).values_list("start", "end")
    )
    booked = guests_per_night(offer=offer, start=first, end=end)
    grids = []
    month = first
    while month < end:
        next_month = (month + timedelta(days=32)).replace(day=1)
        weeks: list[list[CalendarDay | None]] = []
        week: list[CalendarDay | None] = [None] * month.weekday()
        day = month
        while day < next_month:
            left = offer.capacity - booked.get(day, 0)
            if day < today:
                state = "past"
            elif not any(s <= day <= e for s, e in windows):
                state = "closed"
            elif left <= 0:
                state = "full"
            else:
                state = "free"
            week.append(CalendarDay(day, state, max(left, 0)))
            if len(week) == 7:
                weeks.append(week)
                week = []
            day += timedelta(days=1)
        if week:
            weeks.append(week + [None] * (7 - len(week)))
        grids.append({"month": month, "weeks": weeks})
        month = next_month
    return grids


def host_contacts_for(*, viewer: Viewer, person: User) -> list[ContactChannel]:
    """`person`'s contact channels that `viewer` may see (P6): members-wide ones, and
    connections-only ones once the two are connected (an accepted stay connects them)."""
    if not viewer.is_authenticated or viewer.pk == person.pk:
        return []
    q = Q(visibility=ContactChannel.Audience.MEMBERS) | Q(
        visibility=ContactChannel.Audience.CONNECTIONS,
        user__in=connected_user_ids(user=viewer),  # type: ignore[arg-type]
    )
    return list(
        ContactChannel.objects.filter(q, user=person).exclude(
            user__in=blocked_user_ids(user=viewer)  # type: ignore[misc]
        )
    )


# ---------------------------------------------------------------- stay requests


def _requests_base() -> QuerySet[StayRequest]:
    return StayRequest.objects.select_related("offer", "offer__host", "offer__place", "traveller")


def stay_request_for_viewer(*, viewer: Viewer, public_id: Any) -> StayRequest | None:
    """A request the viewer is a party to (traveller or host), unless a block now stands
    between the two (P5); None looks like a missing one."""
    if not viewer.is_authenticated:
        return None
    blocked = blocked_user_ids(user=viewer)
    return (
        _requests_base()
        .filter(Q(traveller=viewer) | Q(offer__host=viewer), public_id=public_id)
        .exclude(traveller__in=blocked)
        .exclude(offer__host__in=blocked)
        .first()
    )


def stay_requests_received(*, user: User, status: str | None = None) -> QuerySet[StayRequest]:
    """Requests to `user`'s offers (the host's inbox), open ones first by arrival."""
    qs = (
        _requests_base().filter(offer__host=user).exclude(traveller__in=blocked_user_ids(user=user))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created")


def stay_requests_sent(*, user: User, status: str | None = None) -> QuerySet[StayRequest]:
    """Requests `user` made as a traveller."""
    qs = (
        _requests_base().filter(traveller=user).exclude(offer__host__in=blocked_user_ids(user=user))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created")


def pending_count_for_host(*, user: User) -> int:
    return (
        StayRequest.objects.filter(offer__host=user, status=StayRequest.Status.PENDING)
        .exclude(traveller__in=blocked_user_ids(user=user))
        .count()
    )


def upcoming_stays(*, user: User, today: date) -> list[StayRequest]:
    """Accepted stays not over yet, as traveller or as host, soonest first."""
    blocked = blocked_user_ids(user=user)
    return list(
        _requests_base()
        .filter(
            Q(traveller=user) | Q(offer__host=user),
            status=StayRequest.Status.ACCEPTED,
            depart__gte=today,
        )
        .exclude(traveller__in=blocked)
        .exclude(offer__host__in=blocked)
        .order_by("arrive")[:10]
    )


# ---------------------------------------------------------------- spots


def spots_visible_to(viewer: Viewer) -> QuerySet[Spot]:
    """Spots are for signed-in members (P3); those added by someone on the other side of
    a block are hidden (P5)."""
    if not viewer.is_authenticated:
        return Spot.objects.none()
    return Spot.objects.exclude(added_by__in=blocked_user_ids(user=viewer))  # type: ignore[misc]


def spot_for_viewer(*, viewer: Viewer, public_id: Any) -> Spot | None:
    return spots_visible_to(viewer).select_related("added_by").filter(public_id=public_id).first()


def name_adders_for(*, viewer: Viewer, spots: list[Spot]) -> list[Spot]:
    """Let `spot.added_by` name only adders whose profile `viewer` may see (P3, P5).

    A spot is shared knowledge, but its adder is a person: for anyone else the adder
    reads as nobody. Only the cached relation is set, never `added_by_id`, so the spot
    still saves, deletes and is reported as before. One query for the whole list.
    """
    ids = {spot.added_by_id for spot in spots if spot.added_by_id}
    people = members_visible_to(viewer).in_bulk(ids) if ids else {}
    field = Spot._meta.get_field("added_by")
    for spot in spots:
        if spot.added_by_id:
            field.set_cached_value(spot, people.get(spot.added_by_id))  # type: ignore[attr-defined]
    return spots


def spots_in_bbox(*, viewer: Viewer, bbox: BBox) -> list[Spot]:
    return list(
        spots_visible_to(viewer)
        .filter(
            cell__in=bbox.cells(),
            lat__gte=bbox.min_lat,
            lat__lte=bbox.max_lat,
            lon__gte=bbox.min_lon,
            lon__lte=bbox.max_lon,
        )
        .order_by("id")[:MAX_BBOX_RESULTS]
    )


def spots_near(
    *, viewer: Viewer, lat: float, lon: float, radius_km: float
) -> list[tuple[Spot, int]]:
    found = []
    for spot in spots_visible_to(viewer).filter(cell__in=cells_within(lat, lon, radius_km)):
        d = distance_km((lat, lon), (spot.lat, spot.lon))
        if d <= radius_km:
            found.append((spot, shown_km(d)))
    found.sort(key=lambda pair: pair[1])
    return found


def stay_question_context(sender_id: int, recipient_id: int) -> str | None:
    """Why a traveller writing to a host is expected (the flood guard's context, P7):
    the host has an open offer near a stop of one of the traveller's coming trips.

    A stay question sent to each host along one trip is alike by nature; a template sent
    to people with no offer on the way is not. Registered in travel/wiring/house.py.
    """
    from django.utils import timezone

    from travel.trips.models import Stop

    stops = list(
        Stop.objects.filter(trip__owner_id=sender_id, depart__gte=timezone.localdate())
        .select_related("place")
        .order_by("arrive")[:50]
    )
    if not stops:
        return None
    offers = HostOffer.objects.filter(host_id=recipient_id, status=HostOffer.Status.OPEN)
    for offer in offers.select_related("place")[:20]:
        for stop in stops:
            if stop.is_country:
                near = offer.place is not None and offer.place.country_code == stop.country_code
            else:
                near = (
                    stop.place.lat is not None
                    and stop.place.lon is not None
                    and distance_km((stop.place.lat, stop.place.lon), offer.public_point)
                    <= stop.radius_km
                )
            if near:
                return _("a stay question about their offer near your stop in %(place)s") % {
                    "place": stop.display_name
                }
    return None
