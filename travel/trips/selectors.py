"""Every read of trips, knowing who asks (P3, P5, P9).

Lists and the trip page prefetch what they show, so they run a fixed number of queries
whatever the number of trips and stops.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Avg, Count, Prefetch, QuerySet
from django.http import Http404

from accounts.models import ContactChannel, User, Visibility
from accounts.selectors import are_connected, visible_q
from travel.collectives.selectors import collective_ids_of
from travel.places.models import Place
from travel.trips.models import Stop, Trip


def _with_details(qs: QuerySet[Trip]) -> QuerySet[Trip]:
    return qs.select_related("owner", "collective").prefetch_related(
        Prefetch("stops", queryset=Stop.objects.select_related("place").order_by("arrive", "id")),
        "topics",
    )


def trips_visible_to(user: User | AnonymousUser) -> QuerySet[Trip]:
    """Trips `user` may see: their own, and others' that visibility allows, minus blocks."""
    if not user.is_authenticated:
        return Trip.objects.none()
    return Trip.objects.filter(
        visible_q(user, collective_ids=collective_ids_of(user=user))
    ).order_by("starts", "id")


def trips_visible_list(user: User | AnonymousUser) -> QuerySet[Trip]:
    return _with_details(trips_visible_to(user))


def _parse_id(public_id: Any) -> uuid.UUID:
    try:
        return public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except (TypeError, ValueError):
        raise Http404 from None


def trip_for_viewer(user: User | AnonymousUser, public_id: Any) -> Trip:
    """The trip, with stops, topics and owner, or Http404: someone else's hidden or
    blocked trip answers exactly like a trip that does not exist."""
    trip = _with_details(trips_visible_to(user)).filter(public_id=_parse_id(public_id)).first()
    if trip is None:
        raise Http404
    return trip


def trips_owned_by(user: User | AnonymousUser) -> QuerySet[Trip]:
    """The trips `user` owns (none for a visitor): the one ownership rule."""
    if not user.is_authenticated:
        return Trip.objects.none()
    return Trip.objects.filter(owner=user)


def trip_for_owner(user: User | AnonymousUser, public_id: Any) -> Trip:
    """The trip if `user` owns it, else Http404 (editing others' trips is never offered)."""
    if not user.is_authenticated:
        raise Http404
    trip = _with_details(trips_owned_by(user)).filter(public_id=_parse_id(public_id)).first()
    if trip is None:
        raise Http404
    return trip


def trips_of(owner: User) -> QuerySet[Trip]:
    """The owner's own trips, soonest first."""
    return _with_details(Trip.objects.filter(owner=owner)).order_by("starts", "id")


def trip_by_calendar_token(token: str) -> Trip:
    """For the private subscription feed: the token is the permission."""
    if not token or len(token) > 64:
        raise Http404
    trip = (
        Trip.objects.filter(calendar_token=token, owner__is_active=True, owner__is_suspended=False)
        .select_related("owner")
        .prefetch_related(Prefetch("stops", queryset=Stop.objects.select_related("place")))
        .first()
    )
    if trip is None:
        raise Http404
    return trip


def contacts_for_viewer(*, owner: User, viewer: User) -> list[ContactChannel]:
    """The owner's contact channels that `viewer` may see (P6)."""
    audiences: list[str] = [ContactChannel.Audience.MEMBERS]
    if viewer.pk == owner.pk:
        audiences = list(ContactChannel.Audience.values)
    elif are_connected(owner, viewer):
        audiences.append(ContactChannel.Audience.CONNECTIONS)
    return list(ContactChannel.objects.filter(user=owner, visibility__in=audiences))


def country_centres(codes: set[str]) -> dict[str, tuple[float, float]]:
    """An approximate centre for whole-country stops: the mean of the country's cities.

    Countries have no coordinates in the gazetteer. Cached (the gazetteer rarely changes),
    so a trip page costs at most one query for it.
    """
    if not codes:
        return {}
    keys = {f"trips:country-centre:{code}": code for code in codes}
    found = cache.get_many(list(keys))
    centres = {keys[k]: tuple(v) for k, v in found.items() if v}
    missing = codes - set(centres)
    if missing:
        rows = (
            Place.objects.filter(kind=Place.Kind.CITY, country_code__in=missing, lat__isnull=False)
            .values("country_code")
            .annotate(lat=Avg("lat"), lon=Avg("lon"))
        )
        fresh = {row["country_code"]: (row["lat"], row["lon"]) for row in rows}
        cache.set_many(
            {f"trips:country-centre:{code}": point for code, point in fresh.items()},
            timeout=7 * 24 * 3600,
        )
        centres.update(fresh)
    return centres  # type: ignore[return-value]


# Fewer travellers than this in a city are not counted on the public home page: a
# count of one or two could point at a person (P3).
AGGREGATE_MIN_TRAVELLERS = 3


def travellers_per_city(*, start: date, end: date, limit: int = 5) -> list[dict[str, Any]]:
    """Cities with the most travellers passing through between start and end.

    Counts only trips shared with all members, of members in good standing; counts
    people (not stops), and never a city with fewer than AGGREGATE_MIN_TRAVELLERS.
    """
    rows = (
        Stop.objects.filter(
            is_country=False,
            arrive__lte=end,
            depart__gte=start,
            arrive__gte=start - timedelta(days=31),
            trip__visibility=Visibility.MEMBERS,
            trip__owner__is_active=True,
            trip__owner__is_suspended=False,
        )
        .values("place_id", "place__name")
        .annotate(travellers=Count("trip__owner", distinct=True))
        .filter(travellers__gte=AGGREGATE_MIN_TRAVELLERS)
        .order_by("-travellers", "place__name")[:limit]
    )
    return [{"city": row["place__name"], "travellers": row["travellers"]} for row in rows]
