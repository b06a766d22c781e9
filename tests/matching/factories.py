"""Small builders for matcher tests: rows straight through the models, so the matcher's
tests do not depend on the trips services' validation."""

from __future__ import annotations

from datetime import date, timedelta

from accounts.models import User
from travel.topics.models import Topic
from travel.trips.models import Stop, Trip

TODAY = date(2031, 4, 1)


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def topics(*slugs: str) -> list[Topic]:
    found = list(Topic.objects.filter(slug__in=slugs))
    assert len(found) == len(slugs), slugs
    return found


def trip(
    owner: User,
    stops: list[tuple],
    *,
    topic_slugs=("unions",),
    needs="hammock",
    visibility="members",
    discoverable=True,
    collective=None,
) -> Trip:
    """stops: [(place, arrive_offset, depart_offset, radius_km, tentative), …]"""
    t = Trip.objects.create(
        owner=owner,
        title=f"{owner.name}'s trip",
        needs=needs,
        visibility=visibility,
        discoverable=discoverable,
        collective=collective,
    )
    t.topics.set(topics(*topic_slugs))
    for place, a, d, *rest in stops:
        radius = rest[0] if rest else 30
        tentative = rest[1] if len(rest) > 1 else False
        Stop.objects.create(
            trip=t, place=place, arrive=day(a), depart=day(d), radius_km=radius, tentative=tentative
        )
    t.starts = min(s.arrive for s in t.stops.all())
    t.ends = max(s.depart for s in t.stops.all())
    t.save()
    return t


def local(user: User, home, *slugs: str, open_to_meet=True, **fields) -> User:
    user.home_place = home
    user.open_to_meet = open_to_meet
    for k, v in fields.items():
        setattr(user, k, v)
    user.save()
    user.topics.set(topics(*slugs))
    return user
