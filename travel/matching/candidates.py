"""Candidate search: who and what matches one stop of a trip (DESIGN section 6).

Every search filters first on the indexed grid cell (or the country code for a
country-level stop) and on dates, in SQL; exact great-circle distances are computed in
Python on the few rows left. Each function returns Candidates, best first, at most
TOP_N. Visibility and blocks are applied in SQL through the same selectors the pages use.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from accounts.models import User
from accounts.selectors import Circle, circle_of, not_blocked_q, visible_q
from travel.collectives.models import Collective
from travel.collectives.selectors import collective_id_list
from travel.matching import branches, scoring
from travel.matching.models import LocalTopic, StopTopic
from travel.places.geo import distance_km
from travel.places.grid import cells_within
from travel.trips.models import MAX_RADIUS_KM, MAX_STOP_DAYS, Stop, Trip

TOP_N = 20
# How many rows a local search reads at most before scoring: the rarest shared topics
# are asked first, so the most telling candidates are inside the cap.
LOCALS_READ_CAP = 20
# How many stops a traveller search reads per (stop, shared topic) before scoring; the
# rarest topics are asked first.
TRAVELLERS_READ_CAP = 20
# Stops further than our radius (theirs reaches us) and country-level stops rank lower
# (nearness decays, or counts half): fewer are read.
FURTHER_READ_CAP = 10


@dataclass
class Candidate:
    kind: str
    target_id: int
    target_user_id: int | None
    score: float
    # What the facts are made of: (the trip's topics, the candidate's, place, shared
    # dates, distance, tentative). Most candidates are scored and dropped; only the kept
    # ones are explained, when something reads their facts.
    why: tuple[
        AbstractSet[int],
        AbstractSet[int] | None,
        str,
        tuple[date, date] | None,
        float | None,
        bool,
    ]

    @functools.cached_property
    def facts(self) -> scoring.Facts:
        own, topics, place, shared, distance, tentative = self.why
        return scoring.Facts(
            shared_topics=sorted(own & topics) if topics else [],
            place=place,
            start=shared[0] if shared else None,
            end=shared[1] if shared else None,
            distance_km=None if distance is None else round(distance),
            tentative=tentative,
        )


def stop_cells(stop: Stop, radius_km: float) -> list[int]:
    """The grid cells within `radius_km` of a (city) stop's place."""
    point = stop.place.point
    assert point is not None
    return cells_within(point[0], point[1], radius_km)


@dataclass
class TripContext:
    """Every stop of one trip with what the kinds need, read once: each kind searches
    all stops in a fixed number of queries (one SQL filter ORs the stops' index ranges)
    and hands each row to the stops it belongs to in Python."""

    trip: Trip
    owner: User
    stops: list[Stop]
    topic_ids: set[int]
    needs: set[str]
    weights: Mapping[int, float]
    # The owner's blocks, connections and collectives, read once for every filter.
    circle: Circle
    collective_ids: list[int]

    @classmethod
    def build(cls, trip: Trip, *, weights: Mapping[int, float]) -> TripContext:
        """Read what every kind needs about the trip: its stops with their places, its
        topics (or the owner's when the trip names none), needs and the owner's circle."""
        owner = trip.owner
        topic_ids = set(trip.topics.values_list("id", flat=True)) or set(
            owner.topics.values_list("id", flat=True)
        )
        return cls(
            trip=trip,
            owner=owner,
            stops=list(trip.stops.select_related("place")),
            topic_ids=topic_ids,
            needs=set(trip.need_list),
            weights=weights,
            circle=circle_of(owner),
            collective_ids=collective_id_list(user=owner),
        )

    @functools.cached_property
    def similarity(self) -> scoring.Similarity:
        return scoring.Similarity(self.topic_ids, self.weights)

    def visible(
        self,
        *,
        owner: str,
        visibility: str,
        collective: str | None = None,
        suspended: bool = True,
    ) -> Q:
        """accounts.selectors.visible_q for the trip's owner, from the circle read once."""
        return visible_q(
            self.owner,
            owner=owner,
            visibility=visibility,
            collective=collective or "collective",
            collective_ids=self.collective_ids if collective else None,
            circle=self.circle,
            suspended=suspended,
        )

    def not_blocked(self, field: str) -> Q:
        return not_blocked_q(self.owner, field, self.circle)


# stop id -> candidates of one kind, best first, at most TOP_N
Found = dict[int, list[Candidate]]


def any_of(branches: list[Q]) -> Q:
    q = Q(pk__in=[])
    for branch in branches:
        q |= branch
    return q


def _limit(
    stop: Stop, point: tuple[float | None, float | None] | None, limit_km: float
) -> tuple[bool, float | None]:
    """Is a point (lat, lon as read; either may be missing) within limit_km of the
    stop? With its distance (None for country stops or a point unknown)."""
    if stop.is_country or point is None or stop.place.point is None:
        return True, None
    lat, lon = point
    if lat is None or lon is None:
        return True, None
    d = cached_distance(stop.place.point, (lat, lon))
    return d <= limit_km, d


# Stops and candidates sit at a few thousand distinct places (cities, public points of
# offers), so the same pairs come back trip after trip.
cached_distance = functools.lru_cache(maxsize=200_000)(distance_km)


def id_in(model: Any, ids: Iterable[int], column: str = "id") -> RawSQL:
    """A filter `column IN (ids)` with the integers written into the text: for the few
    hundred ids a search hands on, ~1.5 ms less per query than as many parameters
    (each one prepared by the ORM and quoted by the driver)."""
    table = connection.ops.quote_name(model._meta.db_table)
    listed = branches.ints(sorted(set(ids))) or "NULL"
    return RawSQL(f"{table}.{column} IN ({listed})", (), output_field=BooleanField())  # noqa: S611 - integers only


# What a traveller branch returns after the stop's index: stop, trip, owner, dates,
# radius, tentative, country-level, place and point. All from StopTopic: no join.
_TRAVELLER_COLUMNS = (
    "stop_id",
    "trip_id",
    "owner_id",
    "arrive",
    "depart",
    "radius_km",
    "tentative",
    "is_country",
    "place__name",
    "lat",
    "lon",
    "topics",
)


def _visible_stops_sql(tc: TripContext) -> tuple[str, list[Any]]:
    """SELECT of _TRAVELLER_COLUMNS from StopTopic rows the trip's owner may see
    (accounts.selectors.visible_q from the owner's circle, all but the suspended test:
    a join to the member table per row cost more than asking once about the owners
    read, see hidden_members). The place's name is a join by primary key."""
    return branches.compiled_base(
        StopTopic.objects.filter(
            tc.visible(
                owner="owner",
                visibility="visibility",
                collective="collective_id",
                suspended=False,
            )
        )
        .exclude(owner=tc.owner)
        .values_list(*_TRAVELLER_COLUMNS)
    )


# The date window of a stop's overlap search: arrive within [arrive - 31 days, depart]
# (stops are at most 31 days long), depart on or after our arrival.
_DATES = " AND @.arrive >= {lo} AND @.arrive <= {hi} AND @.depart >= {dep}"


def _traveller_branches(tc: TripContext, ordered: list[int]) -> list[branches.Branch]:
    """For every stop, other members' stops that could match it, each branch an index
    range on StopTopic that stops after a few dozen rows.

    Near stops whose trip shares a topic, one branch per (stop, topic), rarest topic
    first; then near stops whatever their topics, stops further than our radius whose
    own radius reaches us, and country-level stops of our country (the rows with no
    topic).
    """
    st = connection.ops.quote_name(StopTopic._meta.db_table)
    found: list[branches.Branch] = []
    for i, stop in enumerate(tc.stops):
        dates = {
            "lo": stop.arrive - timedelta(days=MAX_STOP_DAYS),
            "hi": stop.depart,
            "dep": stop.arrive,
        }

        def add(where: str, cap: int = TRAVELLERS_READ_CAP, **values: Any) -> None:
            where = (where + _DATES).replace("@", st)
            found.append(branches.branch(i, where, cap, **values, **dates))  # noqa: B023

        if stop.is_country:
            country = "@.country_code = {cc} AND @.is_country IN (FALSE, TRUE)"
            for topic in ordered:
                add("@.topic_id = {topic} AND " + country, topic=topic, cc=stop.country_code)
            add("@.topic_id IS NULL AND " + country, cc=stop.country_code)
            continue
        near = stop_cells(stop, stop.radius_km)
        far = sorted(set(stop_cells(stop, MAX_RADIUS_KM)) - set(near))
        for topic in ordered:
            add("@.topic_id = {topic} AND @.cell {cells}", topic=topic, cells=near)
        add("@.topic_id IS NULL AND @.cell {cells}", cells=near)
        if far:
            add(
                "@.topic_id IS NULL AND @.cell {cells} AND @.radius_km > {radius}",
                FURTHER_READ_CAP,
                cells=far,
                radius=stop.radius_km,
            )
        add(
            "@.topic_id IS NULL AND @.country_code = {cc} AND @.is_country IN (TRUE)",
            FURTHER_READ_CAP,
            cc=stop.country_code,
        )
    return found


def travellers(tc: TripContext) -> Found:
    """Other members' stops near each stop (within the larger radius) sharing a day.

    Reads a bounded number of rows per stop (TRAVELLERS_READ_CAP per shared topic, and
    as many whatever their topics), so a stop in the busiest city costs what a quiet one
    does; within what is read the ranking is exact. Visibility is part of every branch,
    so hidden trips never take a place under the cap.
    """
    if not tc.stops:
        return {}
    ordered = sorted(tc.topic_ids, key=lambda t: -tc.weights.get(t, scoring.DEFAULT_WEIGHT))
    rows = branches.run(_visible_stops_sql(tc), _traveller_branches(tc, ordered))
    # visible_q's last test, on the few owners read: none suspended.
    suspended = {pk for pk, (sus, _) in hidden_members({row[3] for row in rows}).items() if sus}
    best: list[dict[int, Candidate]] = [{} for _ in tc.stops]
    seen: set[tuple[int, int]] = set()
    for (
        i,
        pk,
        trip_id,
        owner_id,
        arrive,
        depart,
        radius,
        tentative,
        is_country,
        place_name,
        lat,
        lon,
        topics,
    ) in rows:
        if (i, pk) in seen or owner_id in suspended:
            continue
        seen.add((i, pk))
        stop = tc.stops[i]
        limit_km = max(stop.radius_km, radius)
        ok, d = _limit(stop, None if is_country else (lat, lon), limit_km)
        if not ok:
            continue
        candidate = candidate_for(
            "traveller",
            pk,
            owner_id,
            tc=tc,
            stop=stop,
            topics=topic_set(topics),
            distance=d,
            limit_km=limit_km,
            place=place_name,
            shared=scoring.overlap(stop.arrive, stop.depart, arrive, depart),
            tentative=tentative,
        )
        previous = best[i].get(trip_id)
        if previous is None or previous.score < candidate.score:
            best[i][trip_id] = candidate
    return {stop.pk: _top(best[i].values()) for i, stop in enumerate(tc.stops)}


@functools.lru_cache(maxsize=20_000)
def topic_set(listed: str) -> frozenset[int]:
    """The topic ids of an index row's "3,17,42" (the same few lists come back often)."""
    return frozenset(int(t) for t in listed.split(",")) if listed else frozenset()


def hidden_members(ids: Iterable[int]) -> dict[int, tuple[bool, bool]]:
    """{id: (suspended, active)} of those among `ids` who are suspended or inactive:
    a partial index holds just them, so a few hundred ids cost one small lookup."""
    listed = set(ids)
    if not listed:
        return {}
    return {
        pk: (suspended, active)
        for pk, suspended, active in User.objects.filter(id_in(User, listed))
        .filter(Q(is_suspended=True) | Q(is_active=False))
        .values_list("id", "is_suspended", "is_active")
    }


def _topics_by(through: Any, column: str, ids: Iterable[int]) -> dict[int, set[int]]:
    """{owner id: topic ids} from an M2M table (trips' or members' topics), one query."""
    topics: dict[int, set[int]] = {}
    listed = branches.ints(sorted(set(ids)))
    if not listed:
        return topics
    table = connection.ops.quote_name(through._meta.db_table)
    with connection.cursor() as cursor:
        # Table and column names from the model's meta, integers: see id_in.
        cursor.execute(f"SELECT {column}, topic_id FROM {table} WHERE {column} IN ({listed})")  # noqa: S608
        for owner_id, topic_id in cursor.fetchall():
            topics.setdefault(owner_id, set()).add(topic_id)
    return topics


def _local_branches(tc: TripContext, ordered: list[int]) -> list[branches.Branch]:
    """For every (stop, topic): up to LOCALS_READ_CAP holders of the topic living near
    the stop, open to meet; each branch is its own index range on (topic, home_cell) or
    (topic, country_code)."""
    lt = connection.ops.quote_name(LocalTopic._meta.db_table)
    found = []
    for i, stop in enumerate(tc.stops):
        for topic in ordered:
            geo: dict[str, Any]
            if stop.is_country:
                where = f"{lt}.topic_id = {{topic}} AND {lt}.country_code = {{cc}}"
                geo = {"cc": stop.country_code}
            else:
                cells = stop_cells(stop, stop.radius_km)
                where = f"{lt}.topic_id = {{topic}} AND {lt}.home_cell {{cells}}"
                geo = {"cells": cells}
            found.append(branches.branch(i, where, LOCALS_READ_CAP, topic=topic, **geo))
    return found


def locals_(tc: TripContext) -> Found:
    """Members living within each stop's radius, open to meet, sharing a topic."""
    if not tc.topic_ids or not tc.stops:
        return {}
    # Rarest topics first: they say the most, and when a place has more holders than the
    # cap, the rarest shared topics fill it.
    ordered = sorted(tc.topic_ids, key=lambda t: -tc.weights.get(t, scoring.DEFAULT_WEIGHT))
    # accounts.selectors.visible_q on the profile's visibility copied into LocalTopic
    # (members suspended or gone are asked once about those read); the home place by
    # primary key. No member row is read per branch.
    base = branches.compiled_base(
        LocalTopic.objects.filter(
            tc.visible(owner="user", visibility="profile_visibility", suspended=False)
        )
        .exclude(user=tc.owner)
        .values_list("user_id", "topic_id", "topics", "place__name", "place__lat", "place__lon")
    )
    rank = {topic: n for n, topic in enumerate(ordered)}
    read = branches.run(base, _local_branches(tc, ordered))
    hidden = hidden_members({row[1] for row in read})
    # By stop, rarest topic first.
    read = sorted((r for r in read if r[1] not in hidden), key=lambda r: (r[0], rank[r[2]]))
    per_stop: list[list[int]] = [[] for _ in tc.stops]
    seen: list[set[int]] = [set() for _ in tc.stops]
    people: dict[int, tuple[str, tuple[float | None, float | None], frozenset[int]]] = {}
    for i, uid, _topic, listed, place_name, lat, lon in read:
        people[uid] = (place_name or "", (lat, lon), topic_set(listed))
        if uid not in seen[i] and len(per_stop[i]) < LOCALS_READ_CAP:
            seen[i].add(uid)
            per_stop[i].append(uid)
    found: Found = {}
    for stop, user_ids in zip(tc.stops, per_stop, strict=True):
        candidates = []
        for uid in user_ids:
            place_name, point, topics = people[uid]
            ok, d = _limit(stop, point, stop.radius_km)
            if not ok:
                continue
            if not tc.topic_ids & topics:
                continue
            candidates.append(
                candidate_for(
                    "local",
                    uid,
                    uid,
                    tc=tc,
                    stop=stop,
                    topics=topics,
                    distance=d,
                    limit_km=stop.radius_km,
                    place=place_name,
                )
            )
        found[stop.pk] = _top(candidates)
    return found


def collectives(tc: TripContext) -> Found:
    """Collectives based within each stop's radius, open to meet, sharing a topic."""
    if not tc.topic_ids or not tc.stops:
        return {}
    near: dict[int, set[int]] = {}
    branches = []
    for stop in tc.stops:
        if stop.is_country:
            branches.append(Q(home_place__country_code=stop.country_code))
        else:
            near[stop.pk] = set(stop_cells(stop, stop.radius_km))
            branches.append(Q(home_cell__in=sorted(near[stop.pk])))
    rows = list(
        Collective.objects.filter(any_of(branches), open_to_meet=True, topics__in=tc.topic_ids)
        .distinct()
        .values_list(
            "id",
            "home_cell",
            "home_place__country_code",
            "home_place__name",
            "home_place__lat",
            "home_place__lon",
        )[: LOCALS_READ_CAP * len(tc.stops)]
    )
    held = _topics_by(Collective.topics.through, "collective_id", [row[0] for row in rows])
    found: Found = {}
    for stop in tc.stops:
        candidates = []
        for pk, cell, country, place_name, lat, lon in rows:
            if stop.is_country:
                if country != stop.country_code:
                    continue
            elif cell not in near[stop.pk]:
                continue
            ok, d = _limit(stop, (lat, lon), stop.radius_km)
            if not ok:
                continue
            candidates.append(
                candidate_for(
                    "collective",
                    pk,
                    None,
                    tc=tc,
                    stop=stop,
                    topics=held.get(pk, set()),
                    distance=d,
                    limit_km=stop.radius_km,
                    place=place_name,
                )
            )
        found[stop.pk] = _top(candidates)
    return found


def _top(candidates: Iterable[Candidate]) -> list[Candidate]:
    ranked = sorted(candidates, key=lambda c: (-c.score, c.target_id))
    return ranked[:TOP_N]


def candidate_for(
    kind: str,
    target_id: int,
    target_user_id: int | None,
    *,
    tc: TripContext,
    stop: Stop,
    topics: AbstractSet[int] | None,
    distance: float | None,
    limit_km: float,
    place: str,
    shared: tuple[date, date] | None = None,
    tentative: bool = False,
) -> Candidate:
    """Score a candidate for a stop and keep the facts that explain it.

    `topics` None: the kind has no topics (spots). `tentative`: the candidate's own
    stop is tentative (a traveller's); the stop's own tentativeness always counts.
    """
    value = scoring.score(
        topics=0.0 if topics is None else tc.similarity(topics),
        shared=shared,
        stop_start=stop.arrive,
        stop_end=stop.depart,
        distance_km=distance,
        limit_km=limit_km,
        tentative=stop.tentative or tentative,
    )
    why = (tc.topic_ids, topics, place, shared, distance, tentative)
    return Candidate(kind, target_id, target_user_id, value, why)
