"""Computing and storing suggestions, and turning new strong ones into notifications.

`trip_suggestions_refresh` is idempotent: the same data gives the same rows, keeps each
suggestion's state (a dismissed one stays dismissed), and creates notifications under
unique keys, so running it twice changes and sends nothing twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from travel import events
from travel.events import emit
from travel.matching import candidates as search
from travel.matching import scoring
from travel.matching.models import Suggestion
from travel.places.geo import distance_km
from travel.places.grid import cells_within
from travel.topics.models import Topic
from travel.trips.models import MAX_RADIUS_KM, MAX_STOP_DAYS, Stop, Trip

# A kind searches every stop of a trip at once, in a fixed number of queries, and
# returns {stop id: candidates best first}.
KindSearch = Callable[[search.TripContext], search.Found]
# The kinds searched for every stop: these three here; the matcher's kinds over other
# apps' rows (hosts, meet-ups, spots, in kinds.py) are registered by the wiring
# (travel/wiring/house.py), which keeps this module's imports to trips and topics.
KINDS: dict[str, KindSearch] = {
    "traveller": search.travellers,
    "local": search.locals_,
    "collective": search.collectives,
}


def register_kind(kind: str, func: KindSearch) -> None:
    KINDS[kind] = func


def topic_weights() -> dict[int, float]:
    return dict(Topic.objects.values_list("id", "weight"))


def _facts_json(facts: scoring.Facts) -> dict:
    data = dataclasses.asdict(facts)
    for key in ("start", "end"):
        if data[key] is not None:
            data[key] = data[key].isoformat()
    return data


def compute_trip(trip: Trip, *, weights: dict[int, float] | None = None) -> list[tuple]:
    """All candidates for every stop of a trip: [(stop, candidate)], not stored."""
    weights = topic_weights() if weights is None else weights
    ctx = search.TripContext.build(trip, weights=weights)
    stops = ctx.stops
    per_kind = [func(ctx) for func in KINDS.values()]
    found: list[tuple] = []
    for stop in stops:
        for by_stop in per_kind:
            found.extend((stop, candidate) for candidate in by_stop.get(stop.pk, []))
    return found


@dataclasses.dataclass
class RefreshResult:
    created: list[Suggestion]
    partner_trips_changed: set[int]


@transaction.atomic
def trip_suggestions_refresh(*, trip_id: int, today: date | None = None) -> RefreshResult:
    """Recompute and store a trip's suggestions.

    Returns the suggestions created now, and the other trips whose traveller pairing
    with this one appeared or went (they refresh too: matching is symmetric).
    """
    nothing = RefreshResult([], set())
    trip = Trip.objects.select_related("owner").filter(pk=trip_id).first()
    if trip is None:
        return nothing
    today = today or timezone.localdate()
    if trip.ends is not None and trip.ends < today:
        return nothing
    now = timezone.now()
    existing = {(s.stop_id, s.kind, s.target_id): s for s in trip.suggestions.all()}
    wanted: set[tuple] = set()
    created: list[Suggestion] = []
    changed: list[Suggestion] = []
    for stop, candidate in compute_trip(trip):
        key = (stop.pk, candidate.kind, candidate.target_id)
        wanted.add(key)
        facts = _facts_json(candidate.facts)
        row = existing.get(key)
        if row is None:
            created.append(
                Suggestion(
                    trip=trip,
                    stop=stop,
                    kind=candidate.kind,
                    target_id=candidate.target_id,
                    target_user_id=candidate.target_user_id,
                    score=candidate.score,
                    facts=facts,
                    created=now,
                    updated=now,
                )
            )
        elif (
            row.score != candidate.score
            or row.facts != facts
            or row.target_user_id != candidate.target_user_id
        ):
            row.score, row.facts, row.target_user_id, row.updated = (
                candidate.score,
                facts,
                candidate.target_user_id,
                now,
            )
            changed.append(row)
    Suggestion.objects.bulk_create(created)
    Suggestion.objects.bulk_update(changed, ["score", "facts", "target_user", "updated"])
    stale = [
        s
        for key, s in existing.items()
        if key not in wanted and s.state != Suggestion.State.DISMISSED
    ]
    Suggestion.objects.filter(pk__in=[s.pk for s in stale]).delete()
    _notify(trip, created, now)
    partner_stops = [s.target_id for s in [*created, *stale] if s.kind == Suggestion.Kind.TRAVELLER]
    partners: set[int] = set()
    if partner_stops:
        partners = set(Stop.objects.filter(pk__in=partner_stops).values_list("trip_id", flat=True))
    return RefreshResult(created, partners)


def _notify(trip: Trip, created: list[Suggestion], now: object) -> None:
    """Say which new suggestions matter: strong ones for the traveller, and every new
    host match (the host hears of a traveller who needs what they offer; the centre caps
    it a week). The notification centre listens (travel/wiring/house.py)."""
    strong = tuple(s.pk for s in created if s.score >= scoring.STRONG)
    hosts = tuple(s.pk for s in created if s.kind == "host" and s.target_user_id is not None)
    if strong or hosts:
        emit(
            events.suggestions_stored,
            trip_id=trip.pk,
            owner_id=trip.owner_id,
            new_strong_ids=strong,
            new_host_ids=hosts,
        )


@transaction.atomic
def suggestion_set_state(*, suggestion: Suggestion, state: str) -> Suggestion:
    if state not in Suggestion.State.values:
        raise ValueError(state)
    if suggestion.state != state:
        suggestion.state = state
        suggestion.save(update_fields=["state"])
    return suggestion


@transaction.atomic
def suggestions_mark_seen(*, trip: Trip, stop: Stop) -> int:
    """The owner saw this stop's suggestions: "new" becomes "seen" (one UPDATE)."""
    return Suggestion.objects.filter(trip=trip, stop=stop, state=Suggestion.State.NEW).update(
        state=Suggestion.State.SEEN
    )


def trips_reaching(
    *,
    lat: float,
    lon: float,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> list[int]:
    """Upcoming trips with a stop whose radius reaches (lat, lon), optionally
    overlapping [start, end]; country-level stops of that country count too."""
    from travel.places.selectors import places_near

    today = today or timezone.localdate()
    start = max(start or today, today)
    stops = Stop.objects.filter(depart__gte=start, cell__in=cells_within(lat, lon, MAX_RADIUS_KM))
    if end is not None:
        stops = stops.filter(arrive__lte=end, arrive__gte=start - timedelta(days=MAX_STOP_DAYS))
    found = {
        trip_id
        for trip_id, radius, plat, plon in stops.values_list(
            "trip_id", "radius_km", "place__lat", "place__lon"
        )
        if plat is not None and plon is not None and distance_km((lat, lon), (plat, plon)) <= radius
    }
    near = places_near(lat=lat, lon=lon, radius_km=50)
    if near:
        country = Stop.objects.filter(
            is_country=True, country_code=near[0][0].country_code, depart__gte=start
        )
        if end is not None:
            country = country.filter(arrive__lte=end)
        found |= set(country.values_list("trip_id", flat=True))
    return sorted(found)


def upcoming_trip_ids(*, user_ids: list[int], today: date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(
        Trip.objects.filter(owner_id__in=user_ids, ends__gte=today).values_list("id", flat=True)
    )
