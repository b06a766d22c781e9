"""What a member can do on someone else's trip page: open the owner's profile, write
(the requests inbox rules of P7 apply in messaging), offer to host (their open offers),
invite to one of their meet-ups in a stop's place and dates (or a new one prefilled),
block and report. Wired into the trip page through `travel.trips.extensions`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.selectors import member_for_viewer
from travel.collectives.models import Membership
from travel.hosting.models import HostOffer
from travel.meetups.models import Meetup
from travel.places.geo import distance_km
from travel.places.models import Place
from travel.trips.models import Stop, Trip


def _near_stop(meetup: Meetup, stop: Stop) -> bool:
    day = meetup.starts_local.date()
    if not stop.arrive <= day <= stop.depart:
        return False
    if stop.is_country:
        return meetup.place.country_code == stop.country_code
    a, b = meetup.place.point, stop.place.point
    return a is not None and b is not None and distance_km(a, b) <= stop.radius_km


def _my_upcoming(viewer: Any, last: date) -> list[Meetup]:
    admin_of = Membership.objects.filter(user=viewer, role=Membership.Role.ADMIN).values(
        "collective_id"
    )
    return list(
        Meetup.objects.filter(Q(organizer=viewer) | Q(collective_id__in=admin_of))
        .filter(status=Meetup.Status.SCHEDULED, starts__gte=timezone.now(), starts__date__lte=last)
        .select_related("place")
        .order_by("starts")[:50]
    )


def my_meetups_near(
    *, viewer: Any, place: Place, radius_km: int, start: date, end: date
) -> list[Meetup]:
    """The viewer's upcoming meet-ups in an area and date window (Passing through)."""
    found = []
    for meetup in _my_upcoming(viewer, end):
        if meetup.starts_local.date() < start:
            continue
        if place.kind == Place.Kind.COUNTRY or place.point is None:
            near = meetup.place.country_code == place.country_code
        else:
            a = meetup.place.point
            near = a is not None and distance_km(a, place.point) <= radius_km
        if near:
            found.append(meetup)
    return found


def meetups_to_invite_to(*, viewer: Any, stops: list[Stop]) -> dict[int, list[Meetup]]:
    """The viewer's upcoming meet-ups (organised, or of a collective they run) in the
    place and dates of each stop."""
    if not stops:
        return {}
    mine = _my_upcoming(viewer, max(s.depart for s in stops) + timedelta(days=1))
    return {stop.pk: [m for m in mine if _near_stop(m, stop)] for stop in stops}


def trip_actions_for(viewer: Any, trip: Trip) -> dict[str, Any] | None:
    """Context for the trip page's "act" box; None for the owner and anonymous viewers.

    The caller already fetched `trip` through `trip_for_viewer` (visibility, blocks).
    """
    if not getattr(viewer, "is_authenticated", False) or viewer.pk == trip.owner_id:
        return None
    stops = list(trip.stops.all())
    offers = list(
        HostOffer.objects.filter(host=viewer, status=HostOffer.Status.OPEN)
        .select_related("place")
        .order_by("created")
    )
    return {
        "owner_visible": member_for_viewer(viewer=viewer, public_id=trip.owner.public_id)
        is not None,
        "offers": offers,
        "meetups": meetups_to_invite_to(viewer=viewer, stops=stops),
    }
