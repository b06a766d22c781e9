"""The member's own profile (`/api/me`), data export, and blocks (`/api/blocks`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from accounts import selectors, services
from accounts.data_rights import export_for
from accounts.models import ContactChannel, User, Visibility
from travel import bounds, texts
from travel.places.models import Place
from travel.topics.selectors import topics_by_slugs

router = Router(tags=["me"])
blocks_router = Router(tags=["blocks"])


class ContactSchema(Schema):
    kind: str = Field(description="email, matrix, fediverse, signal, xmpp or other")
    value: str = Field(max_length=200)
    visibility: str = Field(
        ContactChannel.Audience.CONNECTIONS.value,
        description="only_me, connections (default) or members",
    )


class MeOut(Schema):
    public_id: uuid.UUID
    email: str
    display_name: str
    pronouns: str
    bio: str
    home_place: int | None
    home_place_label: str | None
    home_radius_km: int
    languages: str
    topics: list[str]
    open_to_meet: bool
    discoverable: bool
    support_link: str
    profile_visibility: str
    contacts: list[ContactSchema]


class MePatch(Schema):
    display_name: str | None = Field(None, max_length=texts.max_length(User, "display_name"))
    pronouns: str | None = Field(None, max_length=texts.max_length(User, "pronouns"))
    bio: str | None = Field(None, max_length=texts.max_length(User, "bio"))
    home_place: bounds.Id | None = Field(None, description="a place id from GET /api/places")
    home_radius_km: bounds.Km | None = None
    languages: str | None = Field(None, max_length=texts.max_length(User, "languages"))
    topics: list[str] | None = Field(None, description="topic slugs; replaces your topics")
    open_to_meet: bounds.Flag | None = None
    discoverable: bounds.Flag | None = None
    support_link: str | None = None
    profile_visibility: str | None = Field(
        None, description="only_me, connections, members or collective"
    )
    contacts: list[ContactSchema] | None = Field(
        None, description="replaces all your contact channels"
    )


def _me_out(user: User) -> dict[str, Any]:
    return {
        "public_id": user.public_id,
        "email": user.email,
        "display_name": user.display_name,
        "pronouns": user.pronouns,
        "bio": user.bio,
        "home_place": user.home_place_id,
        "home_place_label": user.home_place.label if user.home_place else None,
        "home_radius_km": user.home_radius_km,
        "languages": user.languages,
        "topics": sorted(t.slug for t in user.topics.all()),
        "open_to_meet": user.open_to_meet,
        "discoverable": user.discoverable,
        "support_link": user.support_link,
        "profile_visibility": user.profile_visibility,
        "contacts": [
            {"kind": c.kind, "value": c.value, "visibility": c.visibility}
            for c in selectors.contacts_of(user=user)
        ],
    }


@router.get("", response=MeOut, summary="My profile")
def me_get(request: HttpRequest) -> dict[str, Any]:
    return _me_out(request.user)  # type: ignore[arg-type]


@router.patch("", response=MeOut, summary="Change my profile")
def me_patch(request: HttpRequest, payload: MePatch) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    data = payload.model_dump(exclude_unset=True)
    contacts = data.pop("contacts", None)
    for field in ("display_name", "pronouns", "bio", "languages", "support_link"):
        if field in data and data[field] is None:
            data[field] = ""
    for field in ("home_radius_km", "open_to_meet", "discoverable", "profile_visibility"):
        if field in data and data[field] is None:
            raise ValidationError({field: _("This field cannot be empty.")})
    if "profile_visibility" in data and data["profile_visibility"] not in Visibility.values:
        raise ValidationError(
            {
                "profile_visibility": _("Choose one of: %(values)s.")
                % {"values": ", ".join(Visibility.values)}
            }
        )
    if data.get("home_place") is not None:
        place = Place.objects.filter(pk=data["home_place"], kind="city").first()
        if place is None:
            raise ValidationError(
                {"home_place": _("Unknown place: look its id up with GET /api/places?q=.")}
            )
        data["home_place"] = place
    if "topics" in data:
        data["topics"] = topics_by_slugs(data["topics"] or [])
    with transaction.atomic():
        services.profile_update(user=user, data=data)
        if contacts is not None:
            services.contacts_replace(user=user, contacts=contacts)
    user = User.objects.select_related("home_place").get(pk=user.pk)
    return _me_out(user)


@router.get("/export", summary="Download all my data (JSON)")
def me_export(request: HttpRequest) -> dict[str, Any]:
    return export_for(user=request.user)  # type: ignore[arg-type]


class BlockIn(Schema):
    user: uuid.UUID = Field(description="the public id of the member to block")


class BlockOut(Schema):
    user: uuid.UUID
    created: datetime


@blocks_router.get("", response=list[BlockOut], summary="People I have blocked")
def blocks_list(request: HttpRequest) -> list[dict[str, Any]]:
    # One query: the blocks with the blocked member joined.
    return [
        {"user": b.blocked.public_id, "created": b.created}
        for b in selectors.blocks_made_by(user=request.user)  # type: ignore[arg-type]
    ]


@blocks_router.post("", response={201: BlockOut}, summary="Block a member")
def block_create(request: HttpRequest, payload: BlockIn) -> Status:
    user: User = request.user  # type: ignore[assignment]
    if payload.user == user.public_id:
        raise ValidationError({"user": _("You cannot block yourself.")})
    target = selectors.member_blockable_by(viewer=user, public_id=payload.user)
    if target is None:
        raise Http404
    block = services.block_create(blocker=user, blocked=target)
    return Status(201, {"user": target.public_id, "created": block.created})


@blocks_router.delete("/{public_id}", response={204: None}, summary="Lift a block")
def block_delete(request: HttpRequest, public_id: uuid.UUID) -> Status:
    if not services.block_remove(blocker=request.user, blocked_public_id=public_id):  # type: ignore[arg-type]
        raise Http404
    return Status(204, None)
