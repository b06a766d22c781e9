"""Hosting API: offers, availability, stay requests, spots (mounted at /api/).

Offers are described with their PUBLIC point only (P2). `exact` is filled only by
`exact_location_for()`: for the host, and on a single offer for a traveller with an
accepted stay in its window (P1); in lists only for one's own offers.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from accounts.models import User
from travel import bounds, texts
from travel.collectives.selectors import collectives_to_share_with
from travel.hosting import selectors, services
from travel.hosting.models import (
    FUZZ_RADIUS_M,
    MAX_CAPACITY,
    HostOffer,
    Spot,
    StayRequest,
)
from travel.places.models import Place
from travel.trips.models import PlaceKind, Stop
from travel.trips.selectors import trip_for_viewer

router = Router(tags=["hosting"])

KindName = Literal["sofa", "bed", "floor", "hammock", "tent", "meal", "shower"]


class PersonOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    name: str


class CityOut(Schema):
    id: int
    name: str
    label: str


class ExactOut(Schema):
    address: str
    lat: float
    lon: float


class OfferOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    url: str
    title: str
    host: PersonOut
    city: CityOut
    lat: float = Field(description="The public point: 300–1000 m from the real one.")
    lon: float
    fuzz_radius_m: int
    kinds: list[str]
    capacity: int
    description: str
    animals: str
    smoking: str
    accessibility: str
    languages: str
    status: str
    visibility: str
    exact: ExactOut | None = Field(
        None, description="Only for the host, and an accepted traveller in the stay window."
    )


Capacity = Annotated[int, Field(ge=1, le=MAX_CAPACITY), bounds.json_integer]


class OfferIn(Schema):
    title: str = Field(..., max_length=100)
    address: str = Field(..., max_length=500)
    exact_lat: float = Field(..., ge=-89.9, le=89.9, strict=True)
    exact_lon: float = Field(..., ge=-180, le=180, strict=True)
    kinds: list[KindName] = Field(..., min_length=1)
    capacity: Capacity = 1
    place_id: bounds.Id | None = None
    description: str = Field("", max_length=texts.max_length(HostOffer, "description"))
    animals: str = Field("", max_length=texts.max_length(HostOffer, "animals"))
    smoking: Literal["no", "outside", "yes"] = "no"
    accessibility: str = Field("", max_length=texts.max_length(HostOffer, "accessibility"))
    languages: str = Field("", max_length=texts.max_length(HostOffer, "languages"))
    status: Literal["open", "paused"] = "open"
    visibility: Literal["only_me", "connections", "members", "collective"] = "members"
    collective_id: uuid.UUID | None = None


class OfferPatch(Schema):
    title: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=500)
    exact_lat: float | None = Field(None, ge=-89.9, le=89.9, strict=True)
    exact_lon: float | None = Field(None, ge=-180, le=180, strict=True)
    kinds: list[KindName] | None = None
    capacity: Capacity | None = None
    place_id: bounds.Id | None = None
    description: str | None = Field(None, max_length=texts.max_length(HostOffer, "description"))
    animals: str | None = Field(None, max_length=texts.max_length(HostOffer, "animals"))
    smoking: Literal["no", "outside", "yes"] | None = None
    accessibility: str | None = Field(None, max_length=texts.max_length(HostOffer, "accessibility"))
    languages: str | None = Field(None, max_length=texts.max_length(HostOffer, "languages"))
    status: Literal["open", "paused"] | None = None
    visibility: Literal["only_me", "connections", "members", "collective"] | None = None
    collective_id: uuid.UUID | None = None


class WindowIn(Schema):
    start: bounds.Day
    end: bounds.Day


class WindowOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    start: date
    end: date


class StayRequestIn(Schema):
    arrive: bounds.Day
    depart: bounds.Day = Field(
        ..., description="The morning you leave: nights are arrive..depart-1."
    )
    guests: Capacity = 1
    message: str = Field(..., min_length=1, max_length=2000)
    stop_id: uuid.UUID | None = None


class StayRequestOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    url: str
    offer: uuid.UUID
    offer_title: str
    city: str
    traveller: PersonOut
    host: PersonOut
    arrive: date
    depart: date
    nights: int
    guests: int
    message: str
    status: str
    direction: str = Field("ask", description="ask: the traveller asked; invite: the host")
    created: Any
    exact: ExactOut | None = None


class HostInvitationIn(Schema):
    stop: uuid.UUID = Field(..., description="A stop of the trip.")
    offer: uuid.UUID = Field(..., description="One of your open offers.")
    arrive: date
    depart: date = Field(..., description="The morning they leave: nights are arrive..depart-1.")
    guests: int = Field(1, ge=1, le=MAX_CAPACITY)
    message: str = Field("", max_length=2000)


class SpotIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    lat: float = Field(..., ge=-89.9, le=89.9, strict=True)
    lon: float = Field(..., ge=-180, le=180, strict=True)
    kinds: list[KindName] = Field(..., min_length=1)
    notes: str = Field("", max_length=2000)


class SpotOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    url: str
    name: str
    lat: float
    lon: float
    kinds: list[str]
    notes: str
    last_confirmed: date
    added_by: PersonOut | None


def _member(request: HttpRequest) -> User:
    """The signed-in member (the router's auth has let only members through)."""
    return cast(User, request.user)


def _person(user: User) -> dict[str, Any]:
    return {"public_id": user.public_id, "name": str(user.name)}


def offer_out(offer: HostOffer, exact: selectors.ExactLocation | None) -> dict[str, Any]:
    return {
        "public_id": offer.public_id,
        "url": reverse("hosting:offer_detail", args=[offer.public_id]),
        "title": offer.title,
        "host": _person(offer.host),
        "city": {"id": offer.place.pk, "name": offer.place.name, "label": offer.place.label},
        "lat": offer.public_lat,
        "lon": offer.public_lon,
        "fuzz_radius_m": FUZZ_RADIUS_M,
        "kinds": offer.kind_list,
        "capacity": offer.capacity,
        "description": offer.description,
        "animals": offer.animals,
        "smoking": offer.smoking,
        "accessibility": offer.accessibility,
        "languages": offer.languages,
        "status": offer.status,
        "visibility": offer.visibility,
        "exact": exact.__dict__ if exact else None,
    }


def _exact(request: HttpRequest, offer: HostOffer) -> selectors.ExactLocation | None:
    return selectors.exact_location_for(
        viewer=request.user, offer=offer, today=timezone.localdate()
    )


def _own_exact(request: HttpRequest, offer: HostOffer) -> selectors.ExactLocation | None:
    # In lists: only one's own offers carry `exact` (no query per row).
    return _exact(request, offer) if offer.host_id == request.user.pk else None


def _offer_data(request: HttpRequest, payload: Schema) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    place_id = data.pop("place_id", None)
    if place_id is not None:
        place = Place.objects.filter(pk=place_id, kind=Place.Kind.CITY).first()
        if place is None:
            raise ValidationError({"place_id": _("No such city.")})
        data["place"] = place
    if "collective_id" in data:
        cid = data.pop("collective_id")
        data["collective"] = (
            collectives_to_share_with(user=_member(request)).filter(public_id=cid).first()
            if cid
            else None
        )
        if cid and data["collective"] is None:
            raise ValidationError({"collective_id": _("You are not a member of that collective.")})
    return data


def _bbox(text: str) -> selectors.BBox:
    try:
        return selectors.BBox.parse(text)
    except selectors.BBoxError as exc:
        raise ValidationError({"bbox": str(exc)}) from None


@router.get("/offers", response=list[OfferOut], summary="Offers in a map box, or your own")
def list_offers(
    request: HttpRequest, bbox: str = "", kinds: str = "", mine: bool = False
) -> list[dict[str, Any]]:
    """`bbox=minlon,minlat,maxlon,maxlat` searches the PUBLIC points of offers visible to
    you (at most 500); `mine=true` lists your own offers. `kinds=sofa,hammock` filters."""
    if mine:
        return [
            offer_out(o, _own_exact(request, o))
            for o in selectors.offers_of_host(user=_member(request)).select_related("host")
        ]
    if not bbox:
        raise ValidationError(
            {"bbox": _("Give a map box minlon,minlat,maxlon,maxlat (or mine=true).")}
        )
    box = _bbox(bbox)
    wanted = [k for k in kinds.split(",") if k]
    if any(k not in PlaceKind.values for k in wanted):
        raise ValidationError({"kinds": _("Use sofa, bed, floor, hammock, tent, meal or shower.")})
    found = selectors.offers_in_bbox(viewer=request.user, bbox=box, kinds=wanted or None)
    return [offer_out(o, _own_exact(request, o)) for o in found]


@router.post("/offers", response={201: OfferOut}, summary="Create an offer")
def create_offer(request: HttpRequest, payload: OfferIn) -> Status:
    offer = services.offer_create(host=_member(request), data=_offer_data(request, payload))
    return Status(201, offer_out(offer, _exact(request, offer)))


def _visible_offer(request: HttpRequest, public_id: uuid.UUID) -> HostOffer:
    offer = selectors.offer_for_viewer(viewer=request.user, public_id=public_id)
    if offer is None:
        raise Http404
    return offer


def _own_offer(request: HttpRequest, public_id: uuid.UUID) -> HostOffer:
    offer = selectors.offer_for_host(user=request.user, public_id=public_id)
    if offer is None:
        raise Http404
    return offer


@router.get("/offers/{public_id}", response=OfferOut, summary="One offer")
def get_offer(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    offer = _visible_offer(request, public_id)
    return offer_out(offer, _exact(request, offer))


@router.patch("/offers/{public_id}", response=OfferOut, summary="Change your offer")
def patch_offer(request: HttpRequest, public_id: uuid.UUID, payload: OfferPatch) -> dict[str, Any]:
    offer = _own_offer(request, public_id)
    data = _offer_data(request, payload)
    data = {k: v for k, v in data.items() if v is not None or k == "collective"}
    services.offer_update(offer=offer, data=data)
    return offer_out(offer, _exact(request, offer))


@router.delete("/offers/{public_id}", response={204: None}, summary="Delete your offer")
def delete_offer(request: HttpRequest, public_id: uuid.UUID) -> Status:
    services.offer_delete(offer=_own_offer(request, public_id))
    return Status(204, None)


@router.get("/offers/{public_id}/availability", response=list[WindowOut])
def list_availability(request: HttpRequest, public_id: uuid.UUID) -> list:
    """Windows of nights (first and last night inclusive) from today on."""
    offer = _visible_offer(request, public_id)
    return list(selectors.availability_of(offer=offer, since=timezone.localdate()))


@router.post("/offers/{public_id}/availability", response={201: WindowOut})
def add_availability(request: HttpRequest, public_id: uuid.UUID, payload: WindowIn) -> Status:
    """Add nights; a window touching or overlapping another is merged with it."""
    offer = _own_offer(request, public_id)
    return Status(201, services.availability_add(offer=offer, start=payload.start, end=payload.end))


@router.delete("/offers/{public_id}/availability/{window_id}", response={204: None})
def delete_availability(request: HttpRequest, public_id: uuid.UUID, window_id: uuid.UUID) -> Status:
    offer = _own_offer(request, public_id)
    window = get_object_or_404(offer.availability, public_id=window_id)
    services.availability_remove(window=window)
    return Status(204, None)


def stay_out(request: HttpRequest, stay: StayRequest, *, with_exact: bool) -> dict[str, Any]:
    return {
        "public_id": stay.public_id,
        "url": reverse("hosting:request_detail", args=[stay.public_id]),
        "offer": stay.offer.public_id,
        "offer_title": stay.offer.title,
        "city": stay.offer.place.name,
        "traveller": _person(stay.traveller),
        "host": _person(stay.offer.host),
        "arrive": stay.arrive,
        "depart": stay.depart,
        "nights": stay.night_count,
        "guests": stay.guests,
        "message": stay.message,
        "status": stay.status,
        "direction": stay.direction,
        "created": stay.created,
        "exact": (e.__dict__ if (e := _exact(request, stay.offer)) else None)
        if with_exact
        else None,
    }


@router.post("/offers/{public_id}/requests", response={201: StayRequestOut})
def create_stay_request(
    request: HttpRequest, public_id: uuid.UUID, payload: StayRequestIn
) -> Status:
    """Ask to stay the nights arrive..depart-1 (depart is the morning you leave)."""
    offer = _visible_offer(request, public_id)
    stop = None
    if payload.stop_id:
        stop = Stop.objects.filter(public_id=payload.stop_id, trip__owner=_member(request)).first()
        if stop is None:
            raise ValidationError({"stop_id": _("Not a stop of one of your trips.")})
    stay = services.stay_request_create(
        traveller=_member(request),
        offer=offer,
        arrive=payload.arrive,
        depart=payload.depart,
        guests=payload.guests,
        message=payload.message,
        stop=stop,
    )
    return Status(201, stay_out(request, stay, with_exact=False))


@router.post(
    "/trips/{public_id}/host-invitations",
    response={201: StayRequestOut},
    summary="Offer to host a traveller",
)
def create_host_invitation(
    request: HttpRequest, public_id: uuid.UUID, payload: HostInvitationIn
) -> Status:
    """Invite the trip's owner to stay at one of your open offers for nights within a
    stop. They answer with POST /api/stay-requests/{id}/accept or /decline."""
    trip = trip_for_viewer(request.user, public_id)
    stop = trip.stops.filter(public_id=payload.stop).first()
    if stop is None:
        raise ValidationError({"stop": _("Not a stop of this trip.")})
    offer = selectors.offer_for_host(user=request.user, public_id=payload.offer)
    if offer is None:
        raise ValidationError({"offer": _("Not one of your offers.")})
    stay = services.stay_invitation_create(
        host=_member(request),
        offer=offer,
        stop=stop,
        arrive=payload.arrive,
        depart=payload.depart,
        guests=payload.guests,
        message=payload.message,
    )
    return Status(201, stay_out(request, stay, with_exact=False))


@router.get("/stay-requests", response=list[StayRequestOut])
def list_stay_requests(
    request: HttpRequest,
    role: Literal["host", "traveller"] = "traveller",
    status: Literal["pending", "invited", "accepted", "declined", "cancelled", "expired"]
    | None = None,
) -> list[dict[str, Any]]:
    """Requests you sent (role=traveller) or received for your offers (role=host)."""
    user = _member(request)
    if role == "host":
        rows = selectors.stay_requests_received(user=user, status=status)
    else:
        rows = selectors.stay_requests_sent(user=user, status=status)
    return [stay_out(request, s, with_exact=False) for s in rows[:200]]


def _stay(request: HttpRequest, public_id: uuid.UUID) -> StayRequest:
    stay = selectors.stay_request_for_viewer(viewer=request.user, public_id=public_id)
    if stay is None:
        raise Http404
    return stay


@router.get("/stay-requests/{public_id}", response=StayRequestOut)
def get_stay_request(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return stay_out(request, _stay(request, public_id), with_exact=True)


@router.post("/stay-requests/{public_id}/{action}", response=StayRequestOut)
def act_on_stay_request(
    request: HttpRequest, public_id: uuid.UUID, action: Literal["accept", "decline", "cancel"]
) -> dict[str, Any]:
    stay = _stay(request, public_id)
    user = _member(request)
    if action == "accept":
        services.stay_request_accept(stay_request=stay, by=user)
    elif action == "decline":
        services.stay_request_decline(stay_request=stay, by=user)
    else:
        services.stay_request_cancel(stay_request=stay, by=user)
    return stay_out(request, stay, with_exact=True)


def spot_out(spot: Spot) -> dict[str, Any]:
    return {
        "public_id": spot.public_id,
        "url": reverse("hosting:spot_detail", args=[spot.public_id]),
        "name": spot.name,
        "lat": spot.lat,
        "lon": spot.lon,
        "kinds": [k for k in spot.kinds.split(",") if k],
        "notes": spot.notes,
        "last_confirmed": spot.last_confirmed,
        "added_by": _person(spot.added_by) if spot.added_by else None,
    }


@router.get("/spots", response=list[SpotOut], summary="Free spots in a map box")
def list_spots(request: HttpRequest, bbox: str = "") -> list[dict[str, Any]]:
    box = _bbox(bbox)
    spots = selectors.spots_in_bbox(viewer=request.user, bbox=box)
    # One query for the adders, only those the viewer may see (P3).
    selectors.name_adders_for(viewer=request.user, spots=spots)
    return [spot_out(s) for s in spots]


@router.post("/spots", response={201: SpotOut})
def create_spot(request: HttpRequest, payload: SpotIn) -> Status:
    spot = services.spot_create(added_by=_member(request), data=payload.dict())
    return Status(201, spot_out(spot))


def _spot(request: HttpRequest, public_id: uuid.UUID) -> Spot:
    spot = selectors.spot_for_viewer(viewer=request.user, public_id=public_id)
    if spot is None:
        raise Http404
    selectors.name_adders_for(viewer=request.user, spots=[spot])
    return spot


@router.get("/spots/{public_id}", response=SpotOut)
def get_spot(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return spot_out(_spot(request, public_id))


@router.post("/spots/{public_id}/confirm", response=SpotOut)
def confirm_spot(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """Say the spot is still there today."""
    spot = services.spot_confirm(spot=_spot(request, public_id), member=_member(request))
    spot.refresh_from_db()
    selectors.name_adders_for(viewer=request.user, spots=[spot])
    return spot_out(spot)


@router.delete("/spots/{public_id}", response={204: None})
def delete_spot(request: HttpRequest, public_id: uuid.UUID) -> Status:
    spot = _spot(request, public_id)
    if spot.added_by_id != request.user.pk:
        raise HttpError(403, _("Only the member who added a spot can remove it."))
    services.spot_delete(spot=spot, by=_member(request))
    return Status(204, None)
