"""Trips in the JSON API (DESIGN section 7), stops nested in the trip body.

Validation errors come back as `{"message", "field", "errors"}` with a 4xx status, a
stop's field named `stops.<index>.<field>` (index from 0, in the order sent).
Someone else's hidden trip answers 404, exactly like a trip that does not exist.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from travel import bounds, texts
from travel.collectives.models import Collective
from travel.places.schemas import PlaceRef
from travel.topics.models import Topic
from travel.topics.selectors import topics_by_slugs
from travel.trips import extensions, services
from travel.trips.models import DEFAULT_RADIUS_KM, Stop, Trip
from travel.trips.selectors import trip_for_owner, trip_for_viewer, trips_visible_list
from travel.trips.services import StopInput

router = Router(tags=["trips"])


class StopIn(Schema):
    id: uuid.UUID | None = Field(None, description="An existing stop to change (PATCH).")
    place: bounds.Id | None = Field(
        None, description="Id of a town, region or country place (/api/places)."
    )
    region: str | None = Field(
        None, description='ISO 3166-2 code for a region stop ("SE-M"), instead of place.'
    )
    country: str | None = Field(
        None, description="ISO 3166 code for a whole-country stop, instead of place."
    )
    label: str = Field("", description='Optional, e.g. "south Sweden".')
    radius_km: bounds.Km = DEFAULT_RADIUS_KM
    arrive: bounds.Day
    depart: bounds.Day
    tentative: bounds.Flag = False


class TripIn(Schema):
    title: str = Field(..., max_length=texts.max_length(Trip, "title"))
    description: str = Field("", max_length=texts.max_length(Trip, "description"))
    topics: list[str] = Field(default_factory=list, description="Topic slugs.")
    needs: list[str] = Field(
        default_factory=list, description="sofa, bed, floor, hammock, tent, meal, shower"
    )
    visibility: str = Field("members", description="only_me, connections, members, collective")
    collective: uuid.UUID | None = Field(None, description="With visibility collective.")
    discoverable: bounds.Flag = False
    support_link: str = ""
    stops: list[StopIn]


class TripPatch(Schema):
    title: str | None = Field(None, max_length=texts.max_length(Trip, "title"))
    description: str | None = Field(None, max_length=texts.max_length(Trip, "description"))
    topics: list[str] | None = None
    needs: list[str] | None = None
    visibility: str | None = None
    collective: uuid.UUID | None = None
    discoverable: bounds.Flag | None = None
    support_link: str | None = None
    stops: list[StopIn] | None = Field(
        None,
        description="The whole new list: stops with an id are changed, without one are "
        "added, and stops left out are removed.",
    )


class PlanLinkOut(Schema):
    id: str
    name: str
    url: str


class PlanOfferOut(Schema):
    id: str
    title: str
    url: str


class PlanContactOut(Schema):
    kind: str
    label: str
    value: str


class PlanStayOut(Schema):
    id: str
    url: str
    status: str = Field(..., description="pending, invited, accepted, declined, cancelled, expired")
    direction: str = Field(..., description="ask (the traveller asked) or invite (the host)")
    host: PlanLinkOut
    offer: PlanOfferOut
    city: str
    arrive: date
    depart: date
    nights: int
    guests: int
    address: str | None = Field(
        None, description="Only for an accepted stay, from 7 days before arrival to departure."
    )
    lat: float | None = None
    lon: float | None = None
    contacts: list[PlanContactOut]


class PlanMeetupOut(Schema):
    id: str
    title: str
    url: str
    city: str
    starts: datetime
    answer: str


class PlanSpotOut(Schema):
    id: str
    name: str
    url: str
    kinds: list[str]


class PlanOut(Schema):
    stay: PlanStayOut | None
    meetups: list[PlanMeetupOut]
    spots: list[PlanSpotOut]
    missing: list[str] = Field(
        ..., description='"sleep": no place to sleep yet; "answer": a stay awaits an answer.'
    )


class StopOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    place: PlaceRef
    label: str
    name: str = Field(..., alias="display_name")
    radius_km: int
    arrive: date
    depart: date
    tentative: bool
    is_country: bool
    kind: str = Field(..., description="town, region or country")
    plan: PlanOut | None = Field(
        None,
        description="The traveller's plan for this stop: in GET /api/trips/{id}, for the owner.",
    )

    @staticmethod
    def resolve_plan(obj: Stop) -> dict[str, Any] | None:
        return getattr(obj, "plan", None)


class TopicOut(Schema):
    slug: str
    name: str = Field(..., alias="display_name")


class OwnerOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    name: str


class TripOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    url: str
    title: str
    description: str
    owner: OwnerOut
    is_mine: bool
    status: str
    starts: date | None
    ends: date | None
    topics: list[TopicOut]
    needs: list[str] = Field(..., alias="need_list")
    support_link: str
    stops: list[StopOut]
    # Only for the owner: who can see it, and the private calendar subscription link.
    visibility: str | None
    collective: uuid.UUID | None
    discoverable: bool | None
    calendar_feed: str | None

    @staticmethod
    def _mine(obj: Trip, context: Any) -> bool:
        request = context["request"] if context else None
        return bool(request and obj.owner_id == request.user.pk)

    @staticmethod
    def resolve_url(obj: Trip) -> str:
        return settings.SITE_URL + obj.get_absolute_url()

    @staticmethod
    def resolve_is_mine(obj: Trip, context: Any) -> bool:
        return TripOut._mine(obj, context)

    @staticmethod
    def resolve_topics(obj: Trip) -> list[Topic]:
        return list(obj.topics.all())

    @staticmethod
    def resolve_stops(obj: Trip) -> list[Stop]:
        return list(obj.stops.all())

    @staticmethod
    def resolve_visibility(obj: Trip, context: Any) -> str | None:
        return obj.visibility if TripOut._mine(obj, context) else None

    @staticmethod
    def resolve_collective(obj: Trip, context: Any) -> uuid.UUID | None:
        if TripOut._mine(obj, context) and obj.collective is not None:
            return obj.collective.public_id
        return None

    @staticmethod
    def resolve_discoverable(obj: Trip, context: Any) -> bool | None:
        return obj.discoverable if TripOut._mine(obj, context) else None

    @staticmethod
    def resolve_calendar_feed(obj: Trip, context: Any) -> str | None:
        if not TripOut._mine(obj, context):
            return None
        return settings.SITE_URL + reverse("trips:calendar_feed", args=[obj.calendar_token])


def _collective(public_id: uuid.UUID | None) -> Collective | None:
    if public_id is None:
        return None
    found = Collective.objects.filter(public_id=public_id).first()
    if found is None:
        raise ValidationError({"collective": _("We don't know that collective.")})
    return found


def _stops(stops: list[StopIn]) -> list[StopInput]:
    return [
        StopInput(
            public_id=s.id,
            place_id=s.place,
            country=s.country,
            region=s.region,
            label=s.label,
            radius_km=s.radius_km,
            arrive=s.arrive,
            depart=s.depart,
            tentative=s.tentative,
        )
        for s in stops
    ]


def _fresh(request: HttpRequest, trip: Trip) -> Trip:
    return trip_for_viewer(request.user, trip.public_id)


@router.get("", response=list[TripOut], summary="Trips you can see")
@paginate(bounds.Pages)
def list_trips(request: HttpRequest, mine: bool = False) -> Any:
    """Trips visible to you (yours and others' that their visibility allows), soonest
    first. `mine=true` lists only yours."""
    qs = trips_visible_list(request.user)
    if mine:
        qs = qs.filter(owner_id=request.user.pk)
    return qs


@router.post("", response={201: TripOut}, summary="Post a trip")
def create_trip(request: HttpRequest, payload: TripIn) -> Any:
    trip = services.trip_create(
        owner=request.user,  # type: ignore[arg-type]
        title=payload.title,
        description=payload.description,
        topics=topics_by_slugs(payload.topics),
        needs=payload.needs,
        visibility=payload.visibility,
        collective=_collective(payload.collective),
        discoverable=payload.discoverable,
        support_link=payload.support_link,
        stops=_stops(payload.stops),
    )
    return Status(201, _fresh(request, trip))


def _with_plan(request: HttpRequest, trip: Trip) -> Trip:
    plans = extensions.stop_plans(request.user, trip)
    for stop in trip.stops.all():
        stop.plan = plans.get(stop.pk)  # type: ignore[attr-defined]
    return trip


@router.get("/{public_id}", response=TripOut, summary="One trip")
def get_trip(request: HttpRequest, public_id: str) -> Trip:
    """The trip; for its owner each stop carries `plan` (stay, meet-ups, saved spots)."""
    return _with_plan(request, trip_for_viewer(request.user, public_id))


@router.patch("/{public_id}", response=TripOut, summary="Change your trip")
def update_trip(request: HttpRequest, public_id: str, payload: TripPatch) -> Trip:
    trip = trip_for_owner(request.user, public_id)
    given = payload.model_dump(exclude_unset=True)
    fields: dict[str, Any] = {k: v for k, v in given.items() if k != "stops"}
    for name in ("title", "description", "support_link", "needs", "discoverable", "visibility"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: _("%(field)s cannot be null.") % {"field": name}})
    if "topics" in fields:
        fields["topics"] = topics_by_slugs(fields["topics"] or [])
    if "collective" in fields:
        fields["collective"] = _collective(fields["collective"])
    stops = payload.stops if "stops" in given else None
    if "stops" in given and stops is None:
        raise ValidationError({"stops": _("stops cannot be null; leave it out to keep them.")})
    services.trip_update(
        trip=trip, fields=fields, stops=_stops(stops) if stops is not None else None
    )
    return _fresh(request, trip)


@router.delete("/{public_id}", response={204: None}, summary="Delete your trip")
def delete_trip(request: HttpRequest, public_id: str) -> Any:
    services.trip_delete(trip=trip_for_owner(request.user, public_id))
    return HttpResponse(status=204)
