"""Every change to trips and their stops.

The rules of a trip (DESIGN section 4) are checked here, once, for the pages, the API,
the demo and the commands alike. Errors are collected and raised together as one
ValidationError keyed by field, where a stop's field is named `stops.<index>.<field>`
(the index in the list the caller gave, from 0) and the message names the stop for a
person ("Stop 3 (Oslo): …"). Nothing is saved when anything is wrong.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User, Visibility
from travel import dates, events, texts
from travel.collectives.models import Collective
from travel.collectives.selectors import may_share_with
from travel.places.models import Place
from travel.topics.models import Topic
from travel.trips.models import (
    DEFAULT_RADIUS_KM,
    MAX_RADIUS_KM,
    MAX_STOP_DAYS,
    MAX_STOPS,
    PlaceKind,
    Stop,
    Trip,
    _new_calendar_token,
)

TRIP_FIELDS = (
    "title",
    "description",
    "topics",
    "needs",
    "visibility",
    "collective",
    "discoverable",
    "support_link",
)
MAX_LABEL_LENGTH = 80


@dataclass
class StopInput:
    """One stop as a caller describes it.

    A stop is one of three kinds (STOP_KINDS_HELP): a town with a radius, a region, or
    a whole country. `place_id` names a town, region or country place; `region` (an ISO
    3166-2 code, "SE-M") names a region and `country` (an ISO 3166 code) a whole
    country. Exactly one of the three. `public_id` names an existing stop of the trip
    to change; without it a new stop is made.
    """

    arrive: date | None
    depart: date | None
    place_id: int | None = None
    country: str | None = None
    label: str = ""
    radius_km: int | None = DEFAULT_RADIUS_KM
    tentative: bool = False
    public_id: uuid.UUID | None = None
    region: str | None = None


# The one explanation of what a stop can be, shown by the stop editor and the API docs;
# the errors below say the same.
STOP_KINDS_HELP = _lazy(
    "A stop is a town (with a radius you would go from it), a region such as Skåne or "
    "Troms, or a whole country. Any of them can carry a label such as “south Sweden”."
)
_ONE_KIND = _lazy(
    "%(stop)s: a stop is one town, one region or one whole country. Choose one of them."
)


def _day(d: date) -> str:
    return dates.long_date(d)


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def has(self, field: str) -> bool:
        return field in self.by_field

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _stop_name(index: int, place: Place | None, label: str) -> str:
    what = label or (place.name if place else "")
    if what:
        return _("Stop %(number)s (%(name)s)") % {"number": index + 1, "name": what}
    return _("Stop %(number)s") % {"number": index + 1}


def _resolve_stops(
    stops: Sequence[StopInput],
    *,
    trip: Trip | None,
    today: date,
    errors: _Errors,
) -> list[Stop]:
    """Check every stop and the trip-wide rules; returns unsaved Stop rows in date order
    (existing rows reused by public_id) or records errors."""
    if not stops:
        errors.add("stops", _("Add at least one stop: where you will be, and when."))
        return []
    if len(stops) > MAX_STOPS:
        errors.add(
            "stops",
            _("A trip can have at most %(max)s stops; this one has %(count)s. Split it in two.")
            % {"max": MAX_STOPS, "count": len(stops)},
        )
        return []

    place_ids = {s.place_id for s in stops if s.place_id is not None}
    codes = {(s.country or "").strip().upper() for s in stops if s.country}
    region_codes = {(s.region or "").strip().upper() for s in stops if s.region}
    places = Place.objects.in_bulk(place_ids)
    countries = {
        p.country_code: p
        for p in Place.objects.filter(kind=Place.Kind.COUNTRY, country_code__in=codes)
    }
    regions = {
        p.code: p
        for p in Place.objects.filter(kind=Place.Kind.REGION, code__in=region_codes | codes)
    }
    existing = {s.public_id: s for s in trip.stops.all()} if trip and trip.pk else {}

    rows: list[tuple[int, Stop]] = []
    for i, given in enumerate(stops):
        key = f"stops.{i}"
        label = (given.label or "").strip()
        code = (given.country or "").strip().upper()
        region_code = (given.region or "").strip().upper()
        place = places.get(given.place_id) if given.place_id is not None else None
        region = regions.get(region_code) if region_code else None
        name = _stop_name(i, place or region or countries.get(code), label)
        ok = True
        given_kinds = sum(1 for v in (given.place_id, code, region_code) if v not in (None, ""))

        if given.place_id is not None and place is None:
            errors.add(
                f"{key}.place",
                _("%(stop)s: we don't know a place with id %(id)s. Search for it again.")
                % {"stop": name, "id": given.place_id},
            )
            ok = False
        if code and code not in countries:
            if code in regions:
                errors.add(
                    f"{key}.country",
                    _(
                        "%(stop)s: “%(code)s” is a region (%(region)s), not a country. "
                        "Give it as the stop's region."
                    )
                    % {"stop": name, "code": code, "region": regions[code].display_name},
                )
            else:
                errors.add(
                    f"{key}.country",
                    _(
                        "%(stop)s: we don't know the country “%(code)s”. "
                        "Use a two-letter code, e.g. SE."
                    )
                    % {"stop": name, "code": code},
                )
            ok = False
        if region_code and region is None:
            errors.add(
                f"{key}.region",
                _("%(stop)s: we don't know the region “%(code)s”. Use its code, e.g. SE-M.")
                % {"stop": name, "code": region_code},
            )
            ok = False
        if given_kinds > 1:
            errors.add(
                f"{key}.{'region' if region_code else 'country'}", _ONE_KIND % {"stop": name}
            )
            ok = False
        elif given_kinds == 0:
            errors.add(
                f"{key}.place",
                _("%(stop)s: choose a town, a region or a whole country.") % {"stop": name},
            )
            ok = False
        try:
            label = texts.clean_text(label, name=True)
        except ValidationError as exc:
            errors.add(f"{key}.label", f"{name}: {exc.messages[0]}")
            ok = False
        if len(label) > MAX_LABEL_LENGTH:
            errors.add(
                f"{key}.label",
                _("%(stop)s: the label can be at most %(max)s characters.")
                % {"stop": name, "max": MAX_LABEL_LENGTH},
            )
            ok = False
        radius = DEFAULT_RADIUS_KM if given.radius_km is None else given.radius_km
        if not 1 <= radius <= MAX_RADIUS_KM:
            errors.add(
                f"{key}.radius_km",
                _("%(stop)s: the radius must be between 1 and %(max)s km.")
                % {"stop": name, "max": MAX_RADIUS_KM},
            )
            ok = False
        if given.arrive is None:
            errors.add(f"{key}.arrive", _("%(stop)s: when do you arrive?") % {"stop": name})
            ok = False
        if given.depart is None:
            errors.add(f"{key}.depart", _("%(stop)s: when do you leave?") % {"stop": name})
            ok = False
        if given.arrive and given.depart:
            if given.depart < given.arrive:
                errors.add(
                    f"{key}.depart",
                    _("%(stop)s: you leave (%(depart)s) before you arrive (%(arrive)s).")
                    % {"stop": name, "depart": _day(given.depart), "arrive": _day(given.arrive)},
                )
                ok = False
            elif (given.depart - given.arrive).days + 1 > MAX_STOP_DAYS:
                errors.add(
                    f"{key}.depart",
                    _(
                        "%(stop)s lasts %(days)s days; a stop can last at most %(max)s. "
                        "Split a longer stay into two stops."
                    )
                    % {
                        "stop": name,
                        "days": (given.depart - given.arrive).days + 1,
                        "max": MAX_STOP_DAYS,
                    },
                )
                ok = False
        stop: Stop | None = None
        if given.public_id is not None:
            stop = existing.pop(given.public_id, None)
            if stop is None:
                errors.add(
                    f"{key}.id",
                    _("%(stop)s: this stop is not part of the trip (it may have been removed).")
                    % {"stop": name},
                )
                ok = False
        if not ok:
            continue
        target = place or region or countries[code]
        stop = stop or Stop(trip=trip)
        stop.place = target
        stop.cell = target.cell
        stop.country_code = target.country_code
        stop.is_country = target.kind == Place.Kind.COUNTRY
        stop.label = label
        stop.radius_km = radius
        assert given.arrive is not None and given.depart is not None
        stop.arrive, stop.depart = given.arrive, given.depart
        stop.tentative = bool(given.tentative)
        rows.append((i, stop))

    # Stops may share the day you travel from one to the next, no more.
    ordered = sorted(rows, key=lambda pair: (pair[1].arrive, pair[1].depart, pair[0]))
    for (i_prev, prev), (i_next, nxt) in pairwise(ordered):
        if nxt.arrive < prev.depart:
            errors.add(
                f"stops.{i_next}.arrive",
                _(
                    "%(stop)s (%(arrive)s–%(depart)s) overlaps %(other)s "
                    "(%(other_arrive)s–%(other_depart)s). Stops may share only the day "
                    "you travel from one to the next."
                )
                % {
                    "stop": _stop_name(i_next, nxt.place, nxt.label),
                    "arrive": _day(nxt.arrive),
                    "depart": _day(nxt.depart),
                    "other": _stop_name(i_prev, prev.place, prev.label),
                    "other_arrive": _day(prev.arrive),
                    "other_depart": _day(prev.depart),
                },
            )
    if ordered and len(ordered) == len(stops):
        last_index, last = max(ordered, key=lambda pair: pair[1].depart)
        if last.depart < today:
            errors.add(
                f"stops.{last_index}.depart",
                _(
                    "This trip would end on %(end)s, which is in the past. "
                    "Post trips that are still to come or under way."
                )
                % {"end": _day(last.depart)},
            )
    return [stop for _i, stop in ordered]


def _check_trip_fields(
    *, owner: User, fields: Mapping[str, Any], current: Trip | None, errors: _Errors
) -> None:
    needs = fields.get("needs")
    if needs is not None:
        unknown = [n for n in needs if n not in PlaceKind.values]
        if unknown:
            errors.add(
                "needs",
                _("Unknown need: %(needs)s. Choose from %(choices)s.")
                % {"needs": ", ".join(map(str, unknown)), "choices": ", ".join(PlaceKind.values)},
            )
    visibility = fields.get("visibility", current.visibility if current else Visibility.MEMBERS)
    if visibility not in Visibility.values:
        errors.add(
            "visibility",
            _("Choose who can see this trip: %(choices)s.")
            % {"choices": ", ".join(Visibility.values)},
        )
        return
    collective = fields.get("collective", current.collective if current else None)
    if visibility == Visibility.COLLECTIVE:
        if collective is None:
            errors.add("collective", _("Choose the collective whose members may see this trip."))
        elif not may_share_with(user=owner, collective=collective):
            errors.add(
                "collective", _("You can only share a trip with a collective you belong to.")
            )


def _apply_fields(trip: Trip, fields: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in fields.items():
        if name == "topics":
            continue
        if name == "needs":
            known = [n for n in dict.fromkeys(value) if n in PlaceKind.values]
            value = ",".join(sorted(known, key=PlaceKind.values.index))
        setattr(trip, name, value)
        changed.append(name)
    if trip.visibility != Visibility.COLLECTIVE and trip.collective_id is not None:
        trip.collective = None
        changed.append("collective")
    return changed


def _announce_saved(trip: Trip, *, created: bool, removed_stop_ids: Sequence[int] = ()) -> None:
    events.emit(
        events.trip_saved,
        trip_id=trip.pk,
        owner_id=trip.owner_id,
        created=created,
        removed_stop_ids=tuple(removed_stop_ids),
    )


def _delete_trips(ids: Sequence[int]) -> None:
    """Delete these trips and their stops, then say so (in the caller's transaction)."""
    stops: dict[int, list[int]] = {trip_id: [] for trip_id in ids}
    for stop_id, trip_id in Stop.objects.filter(trip_id__in=ids).values_list("id", "trip_id"):
        stops[trip_id].append(stop_id)
    owners = dict(Trip.objects.filter(pk__in=ids).values_list("id", "owner_id"))
    Trip.objects.filter(pk__in=ids).delete()
    for trip_id in ids:
        events.emit(
            events.trip_deleted,
            trip_id=trip_id,
            owner_id=owners.get(trip_id),
            stop_ids=tuple(stops[trip_id]),
        )


def _unknown_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(TRIP_FIELDS)
    if unknown:
        raise TypeError(f"not trip fields: {sorted(unknown)}")


def _full_clean(trip: Trip, errors: _Errors) -> None:
    try:
        # Relations were checked above; stops and the owner are validated by hand.
        trip.full_clean(exclude=["owner", "collective", "topics", "starts", "ends"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                errors.add(field, message)


def _save_stops(trip: Trip, stops: list[Stop]) -> list[int]:
    """Write the stops; returns the ids of the stops that went."""
    keep = [s.pk for s in stops if s.pk]
    removed = list(trip.stops.exclude(pk__in=keep).values_list("pk", flat=True))
    if removed:
        Stop.objects.filter(pk__in=removed).delete()
    fields = [
        "place",
        "label",
        "radius_km",
        "arrive",
        "depart",
        "tentative",
        "cell",
        "country_code",
        "is_country",
    ]
    changed = [s for s in stops if s.pk]
    if changed:
        Stop.objects.bulk_update(changed, fields)
    new = [s for s in stops if not s.pk]
    for stop in new:
        stop.trip = trip
    if new:
        Stop.objects.bulk_create(new)
    trip.starts = min(s.arrive for s in stops)
    trip.ends = max(s.depart for s in stops)
    return removed


@transaction.atomic
def trip_create(
    *,
    owner: User,
    title: str,
    stops: Sequence[StopInput],
    description: str = "",
    topics: Iterable[Topic] = (),
    needs: Iterable[str] = (),
    visibility: str = Visibility.MEMBERS,
    collective: Collective | None = None,
    discoverable: bool = False,
    support_link: str = "",
    today: date | None = None,
) -> Trip:
    """Create a trip with its stops. Raises ValidationError naming every problem."""
    today = today or timezone.localdate()
    fields: dict[str, Any] = {
        "title": (title or "").strip(),
        "description": description or "",
        "needs": list(needs),
        "visibility": visibility,
        "collective": collective,
        "discoverable": discoverable,
        "support_link": support_link or "",
    }
    errors = _Errors()
    _check_trip_fields(owner=owner, fields=fields, current=None, errors=errors)
    trip = Trip(owner=owner)
    _apply_fields(trip, fields)
    _full_clean(trip, errors)
    resolved = _resolve_stops(stops, trip=None, today=today, errors=errors)
    errors.raise_if_any()
    trip.starts = min(s.arrive for s in resolved)
    trip.ends = max(s.depart for s in resolved)
    trip.save()
    _save_stops(trip, resolved)
    trip.topics.set(list(topics))
    _announce_saved(trip, created=True)
    return trip


@transaction.atomic
def trip_update(
    *,
    trip: Trip,
    fields: Mapping[str, Any] | None = None,
    stops: Sequence[StopInput] | None = None,
    today: date | None = None,
) -> Trip:
    """Change a trip. `fields` holds only what changes (names from TRIP_FIELDS).

    `stops`, when given, is the whole new list: stops with a public_id are changed,
    the others are created, and stops of the trip not in the list are deleted.
    The caller has checked that the actor owns the trip. Locks the trip row so two
    concurrent edits apply one after the other.
    """
    today = today or timezone.localdate()
    fields = dict(fields or {})
    _unknown_fields(fields)
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
    locked = Trip.objects.select_for_update().get(pk=trip.pk)
    errors = _Errors()
    _check_trip_fields(owner=locked.owner, fields=fields, current=locked, errors=errors)
    changed = _apply_fields(locked, fields)
    _full_clean(locked, errors)
    resolved = (
        _resolve_stops(stops, trip=locked, today=today, errors=errors)
        if stops is not None
        else None
    )
    errors.raise_if_any()
    removed: list[int] = []
    if resolved is not None:
        removed = _save_stops(locked, resolved)
        changed += ["starts", "ends"]
    locked.save(update_fields=[*dict.fromkeys(changed), "updated"])
    if "topics" in fields:
        locked.topics.set(list(fields["topics"]))
    _announce_saved(locked, created=False, removed_stop_ids=removed)
    return locked


@transaction.atomic
def trip_delete(*, trip: Trip) -> None:
    """Delete a trip and its stops. The caller has checked that the actor owns it."""
    _delete_trips([trip.pk])


@transaction.atomic
def trip_calendar_token_reset(*, trip: Trip) -> str:
    """A new secret for the calendar subscription URL; the old URL stops working."""
    trip.calendar_token = _new_calendar_token()
    trip.save(update_fields=["calendar_token", "updated"])
    return trip.calendar_token


@transaction.atomic
def trips_purge_past(*, today: date | None = None) -> int:
    """Delete trips that ended more than PAST_TRIP_RETENTION_DAYS ago (P8).

    Idempotent: a second run finds nothing more to delete. Returns how many went.
    """
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.PAST_TRIP_RETENTION_DAYS)
    created_cutoff = timezone.now() - timedelta(days=settings.PAST_TRIP_RETENTION_DAYS)
    doomed = Trip.objects.filter(
        Q(ends__lt=cutoff) | Q(ends__isnull=True, created__lt=created_cutoff)
    )
    ids = list(doomed.values_list("pk", flat=True))
    if not ids:
        return 0
    _delete_trips(ids)
    return len(ids)


def trips_erase_of(*, user: User) -> None:
    """Account deletion: every trip of the member goes at once (P8)."""
    ids = list(Trip.objects.filter(owner=user).values_list("pk", flat=True))
    with transaction.atomic():
        _delete_trips(ids)
