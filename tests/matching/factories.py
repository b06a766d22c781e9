"""Small builders for matcher tests: rows straight through the models, so the matcher's
tests do not depend on the trips services' validation. Each builder then emits the
domain event the service would (travel/events.py), which keeps the matcher's indexes."""

from __future__ import annotations

from datetime import date, timedelta

from accounts.models import User
from travel import events
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
    # What trips.services does when it saves a trip: the matcher's index follows.
    events.emit(events.trip_saved, trip_id=t.pk, owner_id=owner.pk, created=True)
    return t


def local(user: User, home, *slugs: str, open_to_meet=True, **fields) -> User:
    user.home_place = home
    user.open_to_meet = open_to_meet
    for k, v in fields.items():
        setattr(user, k, v)
    user.save()
    user.topics.set(topics(*slugs))
    events.emit(
        events.profile_changed,
        user_id=user.pk,
        fields=frozenset({"home_place", "open_to_meet", "topics", *fields}),
    )
    return user


def offer(
    host: User,
    place,
    *,
    kinds="hammock,tent",
    capacity=2,
    windows=((0, 30),),
    dlat=0.0,
    dlon=0.0,
    status="open",
    visibility="members",
):
    from travel.hosting.models import Availability, HostOffer

    o = HostOffer.objects.create(
        host=host,
        place=place,
        title=f"{host.name}'s place",
        address="Secret street 1",
        exact_lat=place.lat + dlat,
        exact_lon=place.lon + dlon,
        kinds=kinds,
        capacity=capacity,
        status=status,
        visibility=visibility,
    )
    for a, b in windows:
        Availability.objects.create(offer=o, start=day(a), end=day(b))
    events.emit(events.offer_changed, offer_id=o.pk, host_id=host.pk, created=True, deleted=False)
    return o


def accepted_stay(traveller: User, o, a: int, d: int, guests=1):
    from travel.hosting.models import StayRequest

    stay = StayRequest.objects.create(
        traveller=traveller,
        offer=o,
        arrive=day(a),
        depart=day(d),
        guests=guests,
        message="hi",
        status="accepted",
    )
    events.emit(events.offer_changed, offer_id=o.pk, host_id=o.host_id, bookings=True)
    return stay


def spot(added_by: User, place, *, kinds="hammock", dlat=0.0, dlon=0.0):
    from travel.hosting.models import Spot

    s = Spot.objects.create(
        name="Hammock trees",
        lat=place.lat + dlat,
        lon=place.lon + dlon,
        kinds=kinds,
        added_by=added_by,
    )
    events.emit(events.spot_changed, spot_id=s.pk, deleted=False, lat=s.lat, lon=s.lon)
    return s


def meetup(
    organizer: User,
    place,
    *,
    on: int,
    hour=19,
    slugs=("unions",),
    visibility="members",
    status="scheduled",
):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from travel.meetups.models import Meetup

    starts = datetime.combine(day(on), time(hour), tzinfo=ZoneInfo(place.timezone))
    m = Meetup.objects.create(
        organizer=organizer,
        title="Union evening",
        place=place,
        venue="Back room",
        starts=starts,
        visibility=visibility,
        status=status,
    )
    m.topics.set(topics(*slugs))
    events.emit(events.meetup_published, meetup_id=m.pk, organizer_id=organizer.pk)
    return m
