"""Passing through: the discoverable travellers whose stops touch an area in a date
window, for organizers and collectives (P4: opted-in trips only, city-level stops and
dates, never where anyone sleeps).

Organizers means: members of at least one collective, and moderators. Everyone else
gets the counts per week only, never a person (`may_see_travellers`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import circle_of, visible_q
from travel.collectives.models import Membership
from travel.collectives.selectors import collective_id_list
from travel.matching.candidates import cached_distance, hidden_members
from travel.matching.models import StopTopic
from travel.places.grid import cells_within
from travel.places.models import Place
from travel.topics.models import Topic
from travel.trips.models import MAX_RADIUS_KM, MAX_STOP_DAYS, Stop, Trip

MAX_WINDOW_DAYS = 92
# A big city has thousands of stops a month at scale: each week counts them all and
# lists the first ones; narrowing by topic or radius lists the rest.
ROWS_PER_WEEK = 50


@dataclass
class Passing:
    traveller: User
    trip: Trip
    place: str
    arrive: date
    depart: date
    tentative: bool
    shared_topics: list[Topic] = field(default_factory=list)


@dataclass
class Week:
    monday: date
    rows: list[Passing]
    # Everyone passing that week; `rows` lists the first ROWS_PER_WEEK stops of them.
    traveller_ids: set[int] = field(default_factory=set)
    stop_count: int = 0

    @property
    def count(self) -> int:
        return len(self.traveller_ids)

    @property
    def more(self) -> int:
        return self.stop_count - len(self.rows) if self.rows else 0


def check_query(*, place: Place | None, radius_km: int, start: date, end: date) -> None:
    errors = {}
    if place is None:
        errors["place"] = _("Choose a place.")
    if not 1 <= radius_km <= MAX_RADIUS_KM:
        errors["radius_km"] = _("The radius must be between 1 and %(max)d km.") % {
            "max": MAX_RADIUS_KM
        }
    if end < start:
        errors["end"] = _("The end date is before the start date.")
    elif (end - start).days + 1 > MAX_WINDOW_DAYS:
        errors["end"] = _("Look at most %(days)d days at a time.") % {"days": MAX_WINDOW_DAYS}
    if errors:
        raise ValidationError(errors)


def may_see_travellers(viewer: User) -> bool:
    """Who Passing through lists people to (P4): collective members and moderators."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    return bool(viewer.is_staff) or Membership.objects.filter(user=viewer).exists()


def passing_through(
    *, viewer: User, place: Place, radius_km: int, start: date, end: date, topics: list[Topic]
) -> list[Week]:
    """Discoverable travellers with a stop in the area overlapping [start, end], by week.

    For a viewer who may not see travellers (`may_see_travellers`), the weeks carry
    their counts and no rows."""
    check_query(place=place, radius_km=radius_km, start=start, end=end)
    names = may_see_travellers(viewer)
    # Read off the matcher's StopTopic index (every stop of a discoverable trip, with
    # its dates, point, owner and visibility): the rows with no topic, or those of the
    # topics asked for. accounts.selectors.visible_q from the viewer's circle; the
    # suspended test on the owners read.
    rows = StopTopic.objects.filter(
        visible_q(
            viewer,
            owner="owner",
            visibility="visibility",
            collective="collective_id",
            collective_ids=collective_id_list(user=viewer),
            circle=circle_of(viewer),
            suspended=False,
        ),
        arrive__gte=start - timedelta(days=MAX_STOP_DAYS),
        arrive__lte=end,
        depart__gte=start,
    ).exclude(owner=viewer)
    rows = rows.filter(topic__in=topics) if topics else rows.filter(topic__isnull=True)
    columns = ("stop_id", "arrive", "is_country", "lat", "lon", "owner_id")
    if place.kind == Place.Kind.COUNTRY or place.point is None:
        read = list(rows.filter(country_code=place.country_code).values_list(*columns))
    else:
        lat, lon = place.point
        # Two index ranges, each read from the index alone.
        near = rows.filter(cell__in=cells_within(lat, lon, radius_km), is_country=False)
        whole = rows.filter(is_country=True, country_code=place.country_code)
        read = list(near.values_list(*columns).union(whole.values_list(*columns), all=True))
    hidden = hidden_members({row[5] for row in read})
    # First pass over small tuples: which stops are really within the radius, per week.
    centre = place.point if place.kind == Place.Kind.CITY else None
    weeks: dict[date, Week] = {}
    shown: dict[int, date] = {}
    counted: set[int] = set()
    for stop_id, arrive, is_country, stop_lat, stop_lon, owner_id in sorted(
        read, key=lambda row: (row[1], row[0])
    ):
        if stop_id in counted or owner_id in hidden:
            continue  # a stop holding two of the topics asked for; a suspended owner
        counted.add(stop_id)
        if (
            centre is not None
            and not is_country
            and (
                stop_lat is None
                or stop_lon is None
                or cached_distance(centre, (stop_lat, stop_lon)) > radius_km
            )
        ):
            continue
        first_day = max(arrive, start)
        monday = first_day - timedelta(days=first_day.weekday())
        week = weeks.setdefault(monday, Week(monday, []))
        week.traveller_ids.add(owner_id)
        week.stop_count += 1
        if names and week.stop_count <= ROWS_PER_WEEK:
            shown[stop_id] = monday
    # Second pass: the rows to list, with their people and topics.
    wanted = {t.pk for t in topics}
    for stop in (
        Stop.objects.filter(pk__in=list(shown))
        .select_related("place", "trip__owner")
        .prefetch_related("trip__topics")
        .order_by("arrive", "id")
    ):
        trip_topics = list(stop.trip.topics.all())
        shared = [t for t in trip_topics if t.pk in wanted] if wanted else trip_topics
        weeks[shown[stop.pk]].rows.append(
            Passing(
                traveller=stop.trip.owner,
                trip=stop.trip,
                place=stop.label or stop.place.name,
                arrive=stop.arrive,
                depart=stop.depart,
                tentative=stop.tentative,
                shared_topics=shared,
            )
        )
    return [weeks[monday] for monday in sorted(weeks)]
