"""Candidate search: who and what matches one stop of a trip (DESIGN section 6).

Every search filters first on the indexed grid cell (or the country code for a
country-level stop) and on dates, in SQL; exact great-circle distances are computed in
Python on the few rows left. Each function returns Candidates, best first, at most
TOP_N. Visibility and blocks are applied in SQL through the same selectors the pages use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q

from accounts.models import User
from accounts.selectors import blocked_user_ids, visible_q
from travel.collectives.models import Collective
from travel.collectives.selectors import collective_ids_of
from travel.matching import scoring
from travel.places.geo import distance_km
from travel.places.grid import cells_within
from travel.trips.models import MAX_RADIUS_KM, MAX_STOP_DAYS, Stop, Trip

TOP_N = 20
# How many rows a local search reads at most before scoring: the rarest shared topics
# are asked first, so the most telling candidates are inside the cap.
LOCALS_READ_CAP = 400


@dataclass
class Candidate:
    kind: str
    target_id: int
    target_user_id: int | None
    score: float
    facts: scoring.Facts


@dataclass
class StopContext:
    """What every kind needs about the stop being matched, read once."""

    stop: Stop
    trip: Trip
    owner: User
    topic_ids: set[int]
    needs: set[str]
    weights: Mapping[int, float]

    @property
    def point(self) -> tuple[float, float] | None:
        return self.stop.place.point

    def near_cells(self, radius_km: float) -> list[int]:
        point = self.point
        assert point is not None
        return cells_within(point[0], point[1], radius_km)


def _geo_q(ctx: StopContext, *, cell: str, country: str, extra_country: Q | None = None) -> Q:
    """Rows near the stop: by grid cell for a city stop, by country for a country stop."""
    stop = ctx.stop
    if stop.is_country:
        return Q(**{country: stop.country_code})
    q = Q(**{f"{cell}__in": ctx.near_cells(stop.radius_km)})
    if extra_country is not None:
        q |= extra_country
    return q


def _limit(
    stop: Stop, point: tuple[float, float] | None, limit_km: float
) -> tuple[bool, float | None]:
    """Is a point within limit_km of the stop? With its distance (None for country stops)."""
    if stop.is_country or point is None or stop.place.point is None:
        return True, None
    d = distance_km(stop.place.point, point)
    return d <= limit_km, d


def travellers(ctx: StopContext) -> list[Candidate]:
    """Other members' stops near this one (within the larger radius) sharing a day."""
    stop, owner = ctx.stop, ctx.owner
    overlap_q = Q(
        arrive__gte=stop.arrive - timedelta(days=MAX_STOP_DAYS),
        arrive__lte=stop.depart,
        depart__gte=stop.arrive,
    )
    if stop.is_country:
        geo = Q(country_code=stop.country_code)
    else:
        near = ctx.near_cells(stop.radius_km)
        far = sorted(set(ctx.near_cells(MAX_RADIUS_KM)) - set(near))
        # A stop further than our radius still matches when its own radius is larger.
        geo = (
            Q(cell__in=near)
            | Q(cell__in=far, radius_km__gt=stop.radius_km)
            | Q(is_country=True, country_code=stop.country_code)
        )
    query = (
        Stop.objects.filter(overlap_q, geo, trip__discoverable=True)
        .filter(
            visible_q(
                owner,
                owner="trip__owner",
                visibility="trip__visibility",
                collective="trip__collective",
                collective_ids=collective_ids_of(user=owner),
            )
        )
        .exclude(trip__owner=owner)
        .select_related("place", "trip")
        .only(
            "id",
            "arrive",
            "depart",
            "radius_km",
            "tentative",
            "is_country",
            "country_code",
            "place__name",
            "place__lat",
            "place__lon",
            "trip__owner_id",
            "trip__id",
        )
    )
    rows = list(query)
    trip_topics = _topics_of_trips({row.trip_id for row in rows})
    best: dict[int, Candidate] = {}
    for other in rows:
        ok, d = _limit(
            stop,
            other.place.point if not other.is_country else None,
            max(stop.radius_km, other.radius_km),
        )
        if not ok:
            continue
        shared = scoring.overlap(stop.arrive, stop.depart, other.arrive, other.depart)
        topics = trip_topics.get(other.trip_id, set())
        value = scoring.score(
            topics=scoring.topic_similarity(ctx.topic_ids, topics, ctx.weights),
            shared=shared,
            stop_start=stop.arrive,
            stop_end=stop.depart,
            distance_km=d,
            limit_km=max(stop.radius_km, other.radius_km),
            tentative=stop.tentative or other.tentative,
        )
        facts = scoring.Facts(
            shared_topics=sorted(ctx.topic_ids & topics),
            place=other.place.name,
            start=shared[0] if shared else None,
            end=shared[1] if shared else None,
            distance_km=None if d is None else round(d),
            tentative=other.tentative,
        )
        candidate = Candidate("traveller", other.pk, other.trip.owner_id, value, facts)
        previous = best.get(other.trip_id)
        if previous is None or previous.score < value:
            best[other.trip_id] = candidate
    return _top(best.values())


def _topics_of_trips(trip_ids: set[int]) -> dict[int, set[int]]:
    topics: dict[int, set[int]] = {}
    if not trip_ids:
        return topics
    through = Trip.topics.through
    for trip_id, topic_id in through.objects.filter(trip_id__in=trip_ids).values_list(
        "trip_id", "topic_id"
    ):
        topics.setdefault(trip_id, set()).add(topic_id)
    return topics


def locals_(ctx: StopContext) -> list[Candidate]:
    """Members living within the stop's radius, open to meet, sharing a topic."""
    if not ctx.topic_ids:
        return []
    stop, owner = ctx.stop, ctx.owner
    through = User.topics.through
    # Rarest topics first: they say the most and have the fewest holders to read.
    ordered = sorted(ctx.topic_ids, key=lambda t: -ctx.weights.get(t, scoring.DEFAULT_WEIGHT))
    user_ids: list[int] = []
    seen: set[int] = set()
    for topic_id in ordered:
        remaining = LOCALS_READ_CAP - len(user_ids)
        if remaining <= 0:
            break
        if stop.is_country:
            geo = Q(user__home_place__country_code=stop.country_code)
        else:
            geo = Q(user__home_cell__in=ctx.near_cells(stop.radius_km))
        ids = (
            through.objects.filter(geo, topic_id=topic_id, user__open_to_meet=True)
            .exclude(user_id=owner.pk)
            .exclude(user_id__in=seen)
            .values_list("user_id", flat=True)[:remaining]
        )
        for uid in ids:
            if uid not in seen:
                seen.add(uid)
                user_ids.append(uid)
    if not user_ids:
        return []
    people_query = (
        User.objects.filter(id__in=user_ids, is_active=True)
        .filter(visible_q(owner, owner="pk", visibility="profile_visibility"))
        .select_related("home_place")
        .only("id", "home_place__name", "home_place__lat", "home_place__lon")
    )
    people = list(people_query)
    held = _topics_of_users([p.pk for p in people])
    found = []
    for person in people:
        ok, d = _limit(stop, person.home_place.point if person.home_place else None, stop.radius_km)
        if not ok:
            continue
        topics = held.get(person.pk, set())
        shared_topics = ctx.topic_ids & topics
        if not shared_topics:
            continue
        value = scoring.score(
            topics=scoring.topic_similarity(ctx.topic_ids, topics, ctx.weights),
            shared=None,
            stop_start=stop.arrive,
            stop_end=stop.depart,
            distance_km=d,
            limit_km=stop.radius_km,
            tentative=stop.tentative,
        )
        facts = scoring.Facts(
            shared_topics=sorted(shared_topics),
            place=person.home_place.name if person.home_place else "",
            distance_km=None if d is None else round(d),
        )
        found.append(Candidate("local", person.pk, person.pk, value, facts))
    return _top(found)


def _topics_of_users(user_ids: list[int]) -> dict[int, set[int]]:
    topics: dict[int, set[int]] = {}
    through = User.topics.through
    for user_id, topic_id in through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "topic_id"
    ):
        topics.setdefault(user_id, set()).add(topic_id)
    return topics


def collectives(ctx: StopContext) -> list[Candidate]:
    """Collectives based within the stop's radius, open to meet, sharing a topic."""
    if not ctx.topic_ids:
        return []
    stop = ctx.stop
    geo = _geo_q(ctx, cell="home_cell", country="home_place__country_code")
    rows = list(
        Collective.objects.filter(geo, open_to_meet=True, topics__in=ctx.topic_ids)
        .distinct()
        .select_related("home_place")
        .prefetch_related("topics")[:LOCALS_READ_CAP]
    )
    found = []
    for collective in rows:
        ok, d = _limit(stop, collective.home_place.point, stop.radius_km)
        if not ok:
            continue
        topics = {t.pk for t in collective.topics.all()}
        value = scoring.score(
            topics=scoring.topic_similarity(ctx.topic_ids, topics, ctx.weights),
            shared=None,
            stop_start=stop.arrive,
            stop_end=stop.depart,
            distance_km=d,
            limit_km=stop.radius_km,
            tentative=stop.tentative,
        )
        facts = scoring.Facts(
            shared_topics=sorted(ctx.topic_ids & topics),
            place=collective.home_place.name,
            distance_km=None if d is None else round(d),
        )
        found.append(Candidate("collective", collective.pk, None, value, facts))
    return _top(found)


def _top(candidates: Iterable[Candidate]) -> list[Candidate]:
    ranked = sorted(candidates, key=lambda c: (-c.score, c.target_id))
    return ranked[:TOP_N]


def not_blocked(owner: User) -> Q:
    return ~Q(target_user__in=blocked_user_ids(user=owner))
