"""The offline trip sheet (P12): what a member needs on the road for their current and
next trips, gathered from the selectors that decide the same things online.

Every fact goes through the selector that guards it online, so the sheet holds exactly
what the member may see there: the host's contacts by `host_contacts_for` (P6), the
exact address by `exact_location_for` (P1: only from 7 days before arrival), the venue
by `can_see_venue`. The sheet is one member's and is served `private, no-store`; the
service worker keeps it in that member's own cache and removes it at sign-out.

Helper h16's per-stop plan (stay, meet-ups, spots) will replace `_stays`, `_meetups` and
`_spots` below: until then the stays are the member's accepted stay requests, the
meet-ups those they answered "going"/"maybe", the spots those they added or confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Q

from accounts.models import ContactChannel, User
from travel.hosting.models import Spot, StayRequest
from travel.hosting.selectors import (
    ExactLocation,
    exact_location_for,
    host_contacts_for,
    spots_visible_to,
    stay_requests_sent,
)
from travel.meetups.models import ATTENDING, RSVP, Meetup
from travel.meetups.selectors import can_see_venue, meetups_visible_to
from travel.places.geo import distance_km
from travel.trips.models import Stop, Trip
from travel.trips.selectors import country_centres, trips_of

# The current trip and the next one; a trip page offline shows either.
SHEET_TRIPS = 2


@dataclass
class SheetStay:
    request: StayRequest
    contacts: list[ContactChannel]
    exact: ExactLocation | None


@dataclass
class SheetMeetup:
    meetup: Meetup
    starts_local: datetime
    venue: str


@dataclass
class SheetStop:
    stop: Stop
    point: tuple[float, float] | None
    stays: list[SheetStay] = field(default_factory=list)
    meetups: list[SheetMeetup] = field(default_factory=list)
    spots: list[Spot] = field(default_factory=list)


@dataclass
class SheetTrip:
    trip: Trip
    stops: list[SheetStop]


def sheet_trips(*, member: User, today: date) -> list[SheetTrip]:
    """The member's own trips not over yet, the current one first: at most two."""
    trips = list(trips_of(member).filter(ends__gte=today).order_by("starts", "id")[:SHEET_TRIPS])
    if not trips:
        return []
    stops = [s for t in trips for s in t.stops.all()]
    centres = country_centres({s.country_code for s in stops if s.is_country})
    sheet = []
    for trip in trips:
        rows = []
        for stop in trip.stops.all():
            point = centres.get(stop.country_code) if stop.is_country else stop.place.point
            rows.append(SheetStop(stop=stop, point=point))
        sheet.append(SheetTrip(trip=trip, stops=rows))
    all_stops = [row for t in sheet for row in t.stops]
    _stays(member, all_stops, today)
    _meetups(member, all_stops)
    _spots(member, all_stops)
    return sheet


def _stop_for(
    rows: list[SheetStop], *, stop_id: int | None, first: date, last: date, point: Any
) -> SheetStop | None:
    """The stop a stay or meet-up belongs to: the one it names, else of the stops whose
    dates overlap it (two share each travel day), the nearest to where it is."""
    for row in rows:
        if stop_id is not None and row.stop.pk == stop_id:
            return row
    overlapping = [r for r in rows if r.stop.arrive <= last and r.stop.depart >= first]
    if not overlapping:
        return None

    def away(row: SheetStop) -> float:
        if row.point is None or point is None:
            return float("inf")
        return distance_km(row.point, point)

    return min(overlapping, key=away)


def _stays(member: User, rows: list[SheetStop], today: date) -> None:
    first = min(r.stop.arrive for r in rows)
    last = max(r.stop.depart for r in rows)
    accepted = stay_requests_sent(user=member, status=StayRequest.Status.ACCEPTED).filter(
        arrive__lte=last, depart__gte=max(first, today)
    )
    for request in accepted.order_by("arrive", "id"):
        row = _stop_for(
            rows,
            stop_id=request.stop_id,
            first=request.arrive,
            last=request.depart - timedelta(days=1),
            point=request.offer.public_point,
        )
        if row is None:
            continue
        host = request.offer.host
        row.stays.append(
            SheetStay(
                request=request,
                contacts=host_contacts_for(viewer=member, person=host),
                exact=exact_location_for(viewer=member, offer=request.offer, today=today),
            )
        )


def _meetups(member: User, rows: list[SheetStop]) -> None:
    first = min(r.stop.arrive for r in rows)
    last = max(r.stop.depart for r in rows)
    going = RSVP.objects.filter(user=member, answer__in=ATTENDING).values("meetup_id")
    # A day's margin either side: the stop's dates are local to the meet-up's place.
    since = datetime.combine(first - timedelta(days=1), time.min, tzinfo=UTC)
    until = datetime.combine(last + timedelta(days=2), time.min, tzinfo=UTC)
    meetups = (
        meetups_visible_to(member)
        .filter(pk__in=going, status=Meetup.Status.SCHEDULED, starts__gte=since, starts__lt=until)
        .order_by("starts", "id")
    )
    for meetup in meetups:
        local = meetup.starts_local
        row = _stop_for(
            rows, stop_id=None, first=local.date(), last=local.date(), point=meetup.place.point
        )
        if row is None:
            continue
        venue = meetup.venue if can_see_venue(user=member, meetup=meetup) else ""
        row.meetups.append(SheetMeetup(meetup=meetup, starts_local=local, venue=venue))


def _spots(member: User, rows: list[SheetStop]) -> None:
    mine = (
        spots_visible_to(member)
        .filter(Q(added_by=member) | Q(confirmations__member=member))
        .distinct()
    )
    spots = list(mine.order_by("name", "id")[:200])
    for row in rows:
        if row.point is None or row.stop.is_country:
            continue
        row.spots = [
            s for s in spots if distance_km(row.point, (s.lat, s.lon)) <= row.stop.radius_km
        ]


def sheet_map(sheet: list[SheetTrip]) -> list[dict]:
    """Points for the sheet's map: stops, stays (exact only where revealed, else the
    public fuzzed point, P1/P2) and spots."""
    points: list[dict] = []
    for trip in sheet:
        for number, row in enumerate(trip.stops, 1):
            if row.point:
                points.append(
                    {
                        "kind": "stop",
                        "name": f"{number}. {row.stop.display_name}",
                        "lat": row.point[0],
                        "lon": row.point[1],
                        "trip": str(trip.trip.public_id),
                    }
                )
            for stay in row.stays:
                offer = stay.request.offer
                lat, lon = (stay.exact.lat, stay.exact.lon) if stay.exact else offer.public_point
                points.append(
                    {
                        "kind": "stay",
                        "name": offer.host.name,
                        "lat": lat,
                        "lon": lon,
                        "exact": stay.exact is not None,
                    }
                )
            for spot in row.spots:
                points.append({"kind": "spot", "name": spot.name, "lat": spot.lat, "lon": spot.lon})
    return points
