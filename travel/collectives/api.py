"""/api/collectives: find, create, read and edit collectives; join, leave, invite."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from travel import bounds, texts
from travel.collectives.models import Collective, JoinOffer
from travel.collectives.selectors import (
    MAX_SEARCH_RADIUS_KM,
    collective_for_viewer,
    collectives_search,
    members_for_viewer,
    membership_of,
    offer_for_viewer,
)
from travel.collectives.services import (
    collective_create,
    collective_invite,
    collective_request_join,
    collective_update,
    join_offer_accept,
    join_offer_decline,
    membership_leave,
)
from travel.places.models import Place
from travel.places.selectors import place_get
from travel.topics.models import Topic
from travel.topics.selectors import topics_by_slugs

router = Router(tags=["collectives"])


class CollectiveOut(Schema):
    id: UUID
    name: str
    description: str
    home_place: int
    home_place_name: str
    radius_km: int
    topics: list[str]
    open_to_meet: bool
    website: str
    member_count: int
    my_role: str | None = None
    distance_km: int | None = None


class CollectiveIn(Schema):
    name: str = Field(..., max_length=texts.max_length(Collective, "name"))
    home_place: bounds.Id
    description: str = Field("", max_length=texts.max_length(Collective, "description"))
    radius_km: bounds.Km = 30
    topics: list[str] = []
    open_to_meet: bounds.Flag = True
    website: str = ""


class CollectivePatch(Schema):
    name: str | None = Field(None, max_length=texts.max_length(Collective, "name"))
    home_place: bounds.Id | None = None
    description: str | None = Field(None, max_length=texts.max_length(Collective, "description"))
    radius_km: bounds.Km | None = None
    topics: list[str] | None = None
    open_to_meet: bounds.Flag | None = None
    website: str | None = None


class MemberOut(Schema):
    id: UUID
    name: str
    role: str


class OfferIn(Schema):
    user: UUID | None = None
    message: str = ""


class OfferOut(Schema):
    id: UUID
    kind: str
    status: str
    user: UUID


def _out(collective: Collective, role: str | None = None) -> dict[str, Any]:
    return {
        "id": collective.public_id,
        "name": collective.name,
        "description": collective.description,
        "home_place": collective.home_place_id,
        "home_place_name": collective.home_place.label,
        "radius_km": collective.radius_km,
        "topics": [t.slug for t in collective.topics.all()],
        "open_to_meet": collective.open_to_meet,
        "website": collective.website,
        "member_count": getattr(collective, "member_count", 0),
        "my_role": role,
        "distance_km": getattr(collective, "distance_km", None),
    }


def _place(place_id: int) -> Place:
    place = place_get(place_id=place_id)
    if place is None:
        raise ValidationError({"home_place": _("We don't know that place.")})
    return place


def _get(request: HttpRequest, public_id: UUID) -> Collective:
    collective = collective_for_viewer(viewer=request.user, public_id=public_id)
    if collective is None:
        raise Http404
    return collective


def _role(request: HttpRequest, collective: Collective) -> str | None:
    membership = membership_of(user=request.user, collective=collective)
    return membership.role if membership else None


@router.get("", response=list[CollectiveOut], summary="Find collectives")
def list_collectives(
    request: HttpRequest,
    place: bounds.QueryId | None = None,
    radius_km: bounds.QueryKm = 50,
    topic: str | None = None,
    q: str = "",
) -> list:
    """By home place within `radius_km` of a place id, by topic slug, or by name."""
    if not 1 <= radius_km <= MAX_SEARCH_RADIUS_KM:
        raise ValidationError(
            {"radius_km": _("The radius is between 1 and %(n)d km.") % {"n": MAX_SEARCH_RADIUS_KM}}
        )
    if topic and not Topic.objects.filter(slug=topic).exists():
        raise ValidationError(
            {"topic": _("Unknown topic: %(slug)s.") % {"slug": texts.shortlist([topic])}}
        )
    where = None
    if place is not None:
        where = place_get(place_id=place)
        if where is None:
            raise ValidationError({"place": _("We don't know that place.")})
    found = collectives_search(
        viewer=request.user, place=where, radius_km=radius_km, topic_slug=topic, q=q
    )
    return [_out(c) for c in found]


@router.post("", response={201: CollectiveOut}, summary="Set up a collective (you become admin)")
def create_collective(request: HttpRequest, payload: CollectiveIn) -> Status:
    if not payload.name.strip():
        raise ValidationError({"name": _("Give the collective a name.")})
    collective = collective_create(
        creator=request.user,  # type: ignore[arg-type]
        name=payload.name,
        home_place=_place(payload.home_place),
        description=payload.description,
        radius_km=payload.radius_km,
        topics=topics_by_slugs(payload.topics),
        open_to_meet=payload.open_to_meet,
        website=payload.website,
    )
    return Status(201, _out(_get(request, collective.public_id), "admin"))


@router.get("/{public_id}", response=CollectiveOut, summary="One collective")
def get_collective(request: HttpRequest, public_id: UUID) -> dict:
    collective = _get(request, public_id)
    return _out(collective, _role(request, collective))


@router.patch("/{public_id}", response=CollectiveOut, summary="Edit a collective (admins)")
def patch_collective(request: HttpRequest, public_id: UUID, payload: CollectivePatch) -> dict:
    collective = _get(request, public_id)
    if _role(request, collective) != "admin":
        raise HttpError(403, _("Only the collective's admins can do that."))
    sent = payload.dict(exclude_unset=True)
    data: dict[str, Any] = {}
    for field, value in sent.items():
        if value is None:
            raise ValidationError({field: _("This field cannot be empty.")})
        if field == "home_place":
            data[field] = _place(value)
        elif field == "topics":
            data[field] = topics_by_slugs(value)
        else:
            data[field] = value
    collective_update(collective=collective, actor=request.user, data=data)  # type: ignore[arg-type]
    collective = _get(request, public_id)
    return _out(collective, _role(request, collective))


@router.get("/{public_id}/members", response=list[MemberOut], summary="Members (members only)")
def members(request: HttpRequest, public_id: UUID) -> list:
    collective = _get(request, public_id)
    if _role(request, collective) is None:
        raise HttpError(403, _("Only members see who is in the collective."))
    return [
        {"id": m.user.public_id, "name": m.user.name, "role": m.role}
        for m in members_for_viewer(viewer=request.user, collective=collective)
    ]


def _offer_out(offer: JoinOffer) -> dict:
    return {
        "id": offer.public_id,
        "kind": offer.kind,
        "status": offer.status,
        "user": offer.user.public_id,
    }


@router.post("/{public_id}/join", response={201: OfferOut}, summary="Ask to join")
def join(request: HttpRequest, public_id: UUID, payload: OfferIn) -> Status:
    """A request the admins accept; if you were invited, you join at once."""
    collective = _get(request, public_id)
    offer = collective_request_join(
        collective=collective,
        user=request.user,  # type: ignore[arg-type]
        message=payload.message,
    )
    return Status(201, _offer_out(offer))


@router.post("/{public_id}/leave", response={204: None}, summary="Leave")
def leave(request: HttpRequest, public_id: UUID) -> Status:
    collective = _get(request, public_id)
    membership_leave(collective=collective, user=request.user)  # type: ignore[arg-type]
    return Status(204, None)


@router.post("/{public_id}/invitations", response={201: OfferOut}, summary="Invite (admins)")
def invite(request: HttpRequest, public_id: UUID, payload: OfferIn) -> Status:
    """Someone who blocked you, or whom you blocked, gets the same 404 as a missing member."""
    from accounts.selectors import invitable_member

    collective = _get(request, public_id)
    if _role(request, collective) != "admin":
        raise HttpError(403, _("Only the collective's admins can do that."))
    if payload.user is None:
        raise ValidationError({"user": _("Say who to invite (their member id).")})
    invitee = invitable_member(viewer=request.user, public_id=payload.user)
    if invitee is None:
        raise HttpError(404, _("No such member."))
    offer = collective_invite(
        collective=collective,
        actor=request.user,  # type: ignore[arg-type]
        invitee=invitee,
        message=payload.message,
    )
    return Status(201, _offer_out(offer))


@router.post(
    "/{public_id}/offers/{offer_id}/{verdict}",
    response=OfferOut,
    summary="Accept or decline an invitation or a request to join",
)
def answer(request: HttpRequest, public_id: UUID, offer_id: UUID, verdict: str) -> dict:
    if verdict not in ("accept", "decline"):
        raise Http404
    collective = _get(request, public_id)
    offer = offer_for_viewer(viewer=request.user, collective=collective, public_id=offer_id)
    if offer is None:
        raise Http404
    if verdict == "accept":
        join_offer_accept(offer=offer, actor=request.user)  # type: ignore[arg-type]
    else:
        join_offer_decline(offer=offer, actor=request.user)  # type: ignore[arg-type]
    offer.refresh_from_db()
    return _offer_out(offer)
