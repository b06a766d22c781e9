"""The matcher kinds built on hosting and meet-ups: hosts, free spots, meet-ups.

Each reads through the app's own permission-aware selector, filters on the grid cell
(or country) and dates first, and does the exact checks in Python on what is left.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import blocked_user_ids
from travel.hosting.models import (
    Spot,
    kinds_list,
    nights,
)
from travel.hosting.selectors import guests_per_night_of, offers_visible_to, spots_visible_to
from travel.matching import branches
from travel.matching.candidates import (
    Found,
    TripContext,
    _limit,
    _top,
    _topics_by,
    candidate_for,
    hidden_members,
    stop_cells,
    topic_set,
)
from travel.matching.models import OfferOpening
from travel.meetups.models import Meetup
from travel.meetups.selectors import meetups_visible_q, meetups_visible_to
from travel.trips.models import Stop

# How many offers a host search reads per stop before checking nights and scoring.
HOSTS_READ_CAP = 30
# How many meet-ups a search reads per stop, soonest first.
MEETUPS_READ_CAP = 40


def _stop_nights(stop: Stop) -> list[date]:
    if stop.depart <= stop.arrive:
        return [stop.arrive]
    return list(nights(stop.arrive, stop.depart))


def _kinds_q(needs: set[str]) -> Q:
    kinds_q = Q()
    for need in needs:
        kinds_q |= Q(kinds__contains=need)
    return kinds_q


def _near(tc: TripContext) -> dict[int, set[int]]:
    return {
        stop.pk: set(stop_cells(stop, stop.radius_km)) for stop in tc.stops if not stop.is_country
    }


# What a host branch returns: the offer, its host, one window, what the offer gives,
# its public point and place. All from OfferOpening: no join.
_HOST_COLUMNS = (
    "offer_id",
    "host_id",
    "start",
    "end",
    "kinds",
    "capacity",
    "lat",
    "lon",
    "place__name",
    "topics",
)


def _host_base(tc: TripContext) -> branches.Base:
    """Windows of open offers the traveller may see (accounts.selectors.visible_q from
    the circle; the hosts' suspension and activity are asked once about those read),
    not their own; the place by primary key."""
    return branches.compiled_base(
        OfferOpening.objects.filter(
            tc.visible(
                owner="host", visibility="visibility", collective="collective_id", suspended=False
            )
        )
        .exclude(host=tc.owner)
        .values_list(*_HOST_COLUMNS)
    )


def _host_branches(tc: TripContext, near: dict[int, set[int]]) -> list[branches.Branch]:
    """For every stop, up to HOSTS_READ_CAP windows in its cells (or country), of a kind
    the trip needs, open on a night of the stop: a range on OfferOpening's (cell, end)
    or (country, end) that stops early."""
    t = connection.ops.quote_name(OfferOpening._meta.db_table)
    end = connection.ops.quote_name("end")
    needs = {f"k{n}": f"%{need}%" for n, need in enumerate(sorted(tc.needs))}
    kinds = " OR ".join(f"{t}.kinds LIKE {{{name}}}" for name in needs)
    found = []
    for i, stop in enumerate(tc.stops):
        values: dict[str, Any]
        if stop.is_country:
            geo, values = f"{t}.country_code = {{cc}}", {"cc": stop.country_code}
        else:
            geo, values = f"{t}.cell {{cells}}", {"cells": sorted(near[stop.pk])}
        wanted = _stop_nights(stop)
        found.append(
            branches.branch(
                i,
                f"{geo} AND {t}.{end} >= {{first}} AND {t}.start <= {{last}} AND ({kinds})",
                HOSTS_READ_CAP,
                **values,
                first=wanted[0],
                last=wanted[-1],
                **needs,
            )
        )
    return found


def hosts(tc: TripContext) -> Found:
    """Open offers near each stop (public point), of a kind the trip needs, available and
    with room on at least one night of the stop.

    Reads at most HOSTS_READ_CAP windows per stop, so a stop in the busiest city costs
    what a quiet one does; within what is read the ranking is exact."""
    if not tc.needs or not tc.stops:
        return {}
    rows = branches.run(_host_base(tc), _host_branches(tc, _near(tc)))
    hidden = hidden_members({row[2] for row in rows})
    # (stop number, offer) -> windows; offer -> what it is.
    windows: dict[tuple[int, int], list[tuple[date, date]]] = defaultdict(list)
    offers: dict[int, tuple] = {}
    for i, offer_id, host_id, start, end, kinds, capacity, lat, lon, place_name, topics in rows:
        if host_id in hidden or not set(kinds_list(kinds)) & tc.needs:
            continue
        windows[(i, offer_id)].append((start, end))
        offers[offer_id] = (host_id, capacity, (lat, lon), place_name, topic_set(topics))
    if not offers:
        return {}
    wanted_by_stop = {stop.pk: _stop_nights(stop) for stop in tc.stops}
    first = min(w[0] for w in wanted_by_stop.values())
    last = max(w[-1] for w in wanted_by_stop.values())
    booked = guests_per_night_of(offer_ids=offers, start=first, end=last + timedelta(days=1))
    found: Found = {}
    for i, stop in enumerate(tc.stops):
        wanted = wanted_by_stop[stop.pk]
        candidates = []
        for (s, offer_id), open_ in windows.items():
            if s != i:
                continue
            host_id, capacity, point, place_name, held = offers[offer_id]
            free = [
                n
                for n in wanted
                if any(a <= n <= b for a, b in open_)
                and booked.get(offer_id, {}).get(n, 0) < capacity
            ]
            if not free:
                continue
            ok, d = _limit(stop, point, stop.radius_km)
            if not ok:
                continue
            candidate = candidate_for(
                "host",
                offer_id,
                host_id,
                tc=tc,
                stop=stop,
                topics=held,
                distance=d,
                limit_km=stop.radius_km,
                place=place_name,
                shared=(free[0], free[-1]),
            )
            candidates.append(candidate)
        found[stop.pk] = _top(candidates)
    return found


def spots(tc: TripContext) -> Found:
    """Community-known free spots within each stop's radius, good for what the trip needs."""
    if not tc.needs:
        return {}
    # A spot is a precise place; a whole country is too vague to suggest one.
    near = _near(tc)
    if not near:
        return {}
    cells = sorted(set().union(*near.values()))
    # hosting.selectors.spots_visible_to: none added by someone across a block (P5).
    rows = list(Spot.objects.filter(tc.not_blocked("added_by"), _kinds_q(tc.needs), cell__in=cells))
    found: Found = {}
    for stop in tc.stops:
        if stop.is_country:
            continue
        candidates = []
        for spot in rows:
            if spot.cell not in near[stop.pk]:
                continue
            if not set(spot.kinds.split(",")) & tc.needs:
                continue
            ok, d = _limit(stop, (spot.lat, spot.lon), stop.radius_km)
            if not ok:
                continue
            candidates.append(
                candidate_for(
                    "spot",
                    spot.pk,
                    spot.added_by_id,
                    tc=tc,
                    stop=stop,
                    topics=None,
                    distance=d,
                    limit_km=stop.radius_km,
                    place=spot.name,
                )
            )
        found[stop.pk] = _top(candidates)
    return found


def _utc_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), ZoneInfo("UTC"))


def _meetup_branches(
    tc: TripContext, near: dict[int, set[int]], ranges: dict[int, tuple[datetime, datetime]]
) -> list[branches.Branch]:
    """For every stop, up to MEETUPS_READ_CAP meet-ups in its cells (or country)
    starting during it (a day of margin either side in UTC), soonest first: each branch a
    range on (cell, starts) or (country, starts)."""
    m = connection.ops.quote_name(Meetup._meta.db_table)
    found = []
    for i, stop in enumerate(tc.stops):
        since, until = ranges[stop.pk]
        values: dict[str, Any]
        if stop.is_country:
            geo, values = f"{m}.country_code = {{cc}}", {"cc": stop.country_code}
        else:
            geo, values = f"{m}.cell {{cells}}", {"cells": sorted(near[stop.pk])}
        where = f"{geo} AND {m}.starts >= {{since}} AND {m}.starts < {{until}}"
        found.append(
            branches.branch(i, where, MEETUPS_READ_CAP, **values, since=since, until=until)
        )
    return found


def meetups(tc: TripContext) -> Found:
    """Meet-ups near each stop starting during it (in the place's own time zone)."""
    if not tc.stops:
        return {}
    owner = tc.owner
    near = _near(tc)
    # A day of margin either side in UTC; the exact local-date test follows in Python.
    ranges = {
        stop.pk: (
            _utc_day(stop.arrive - timedelta(days=1)),
            _utc_day(stop.depart + timedelta(days=2)),
        )
        for stop in tc.stops
    }
    # The meet-ups' own visibility rule, with the trip's precomputed audience and block
    # filters; the place by primary key.
    seen = meetups_visible_q(
        owner,
        audience=tc.visible(owner="organizer", visibility="visibility", collective="collective"),
        organizer_not_blocked=tc.not_blocked("organizer"),
    )
    base = branches.compiled_base(
        Meetup.objects.filter(seen)
        .filter(status=Meetup.Status.SCHEDULED)
        .exclude(organizer=owner)
        .values_list(
            "id",
            "organizer_id",
            "starts",
            "place__name",
            "place__lat",
            "place__lon",
            "place__timezone",
        )
    )
    read = branches.run(base, _meetup_branches(tc, near, ranges))
    held = _topics_by(Meetup.topics.through, "meetup_id", {row[1] for row in read})
    zones: dict[str, ZoneInfo] = {}
    found: Found = {}
    for i, stop in enumerate(tc.stops):
        candidates = []
        for s, pk, organizer_id, starts, place_name, lat, lon, zone in read:
            if s != i:
                continue
            if starts.tzinfo is None:  # SQLite hands raw rows back naive, in UTC
                starts = starts.replace(tzinfo=UTC)
            zone = zone or settings.TIME_ZONE
            tz = zones.setdefault(zone, ZoneInfo(zone))
            local_day = starts.astimezone(tz).date()
            if not stop.arrive <= local_day <= stop.depart:
                continue
            ok, d = _limit(stop, (lat, lon), stop.radius_km)
            if not ok:
                continue
            candidates.append(
                candidate_for(
                    "meetup",
                    pk,
                    organizer_id,
                    tc=tc,
                    stop=stop,
                    topics=held.get(pk, set()),
                    distance=d,
                    limit_km=stop.radius_km,
                    place=place_name,
                    shared=(local_day, local_day),
                )
            )
        found[stop.pk] = _top(candidates)
    return found


# Resolvers: what the trip page shows for each, read through the same selectors.
def resolve_hosts(viewer: User, ids: list[int]) -> dict[int, tuple[str, str, dict[str, Any]]]:
    rows = offers_visible_to(viewer).filter(pk__in=ids).select_related("host", "place")
    return {
        o.pk: (
            o.title or o.host.name,
            reverse("hosting:offer_detail", args=[o.public_id]),
            {"offer": o, "person": o.host},
        )
        for o in rows
    }


def resolve_spots(viewer: User, ids: list[int]) -> dict[int, tuple[str, str, dict[str, Any]]]:
    rows = spots_visible_to(viewer).filter(pk__in=ids)
    return {
        s.pk: (s.name, reverse("hosting:spot_detail", args=[s.public_id]), {"spot": s})
        for s in rows
    }


def resolve_meetups(viewer: User, ids: list[int]) -> dict[int, tuple[str, str, dict[str, Any]]]:
    rows = (
        meetups_visible_to(viewer)
        .filter(pk__in=ids)
        .exclude(organizer__in=blocked_user_ids(user=viewer))
    )
    return {
        m.pk: (m.title, reverse("meetups:detail", args=[m.public_id]), {"meetup": m}) for m in rows
    }
