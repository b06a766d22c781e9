"""/api/meetups: list and search, create, read, change, cancel, RSVP and invite.

Times: send `starts`/`ends` as local wall time at the place ("2026-12-01T19:00") or with
an offset; responses give them with the place's offset and its `timezone`. The venue is
in responses only for the organizer and people who said yes or maybe.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from accounts.models import Visibility
from travel import bounds, texts
from travel.collectives.models import Collective
from travel.collectives.selectors import collectives_to_share_with
from travel.meetups.models import RSVP, Meetup
from travel.meetups.selectors import (
    MAX_RADIUS_KM,
    MAX_WINDOW_DAYS,
    can_see_venue,
    invitable_member,
    meetup_for_viewer,
    meetups_near,
    meetups_visible_to,
    rsvp_of,
)
from travel.meetups.services import (
    invitation_create,
    meetup_cancel,
    meetup_create,
    meetup_update,
    rsvp_set,
)
from travel.meetups.times import aware_in_zone
from travel.places.models import Place
from travel.places.selectors import place_get
from travel.topics.models import Topic
from travel.topics.selectors import topics_by_slugs

router = Router(tags=["meetups"])


class MeetupPlace(Schema):
    # Its own name: OpenAPI components are named by class, and places.schemas.PlaceRef
    # (without timezone) must not be overwritten by this one.
    id: int
    name: str
    country_code: str
    timezone: str


class MeetupOut(Schema):
    id: UUID
    title: str
    description: str
    place: MeetupPlace
    starts: datetime
    ends: datetime | None
    timezone: str
    topics: list[str]
    capacity: int | None
    going: int
    visibility: str
    listed_publicly: bool
    status: str
    collective: UUID | None
    organizer: UUID
    venue: str | None = None
    my_answer: str | None = None
    distance_km: int | None = None


class MeetupIn(Schema):
    title: str = Field(..., max_length=texts.max_length(Meetup, "title"))
    place: bounds.Id
    starts: bounds.Moment
    ends: bounds.Moment | None = None
    description: str = Field("", max_length=texts.max_length(Meetup, "description"))
    venue: str = Field("", max_length=texts.max_length(Meetup, "venue"))
    topics: list[str] = []
    capacity: bounds.Count | None = None
    visibility: str = Visibility.MEMBERS
    listed_publicly: bounds.Flag = False
    collective: UUID | None = None
    invite: list[UUID] = []


class MeetupPatch(Schema):
    title: str | None = Field(None, max_length=texts.max_length(Meetup, "title"))
    place: bounds.Id | None = None
    starts: bounds.Moment | None = None
    ends: bounds.Moment | None = None
    description: str | None = Field(None, max_length=texts.max_length(Meetup, "description"))
    venue: str | None = Field(None, max_length=texts.max_length(Meetup, "venue"))
    topics: list[str] | None = None
    capacity: bounds.Count | None = None
    visibility: str | None = None
    listed_publicly: bounds.Flag | None = None
    collective: UUID | None = None


class RsvpIn(Schema):
    answer: str


class RsvpOut(Schema):
    answer: str
    going: int


class InvitationIn(Schema):
    user: UUID
    message: str = ""


class InvitationOut(Schema):
    id: UUID
    user: UUID
    status: str


def _out(request: HttpRequest, meetup: Meetup, rsvp: RSVP | None = None) -> dict[str, Any]:
    show_venue = can_see_venue(user=request.user, meetup=meetup)
    yes = getattr(meetup, "yes_count", None)
    if yes is None:
        yes = meetup.rsvps.filter(answer=RSVP.Answer.YES).count()
    return {
        "id": meetup.public_id,
        "title": meetup.title,
        "description": meetup.description,
        "place": {
            "id": meetup.place.pk,
            "name": meetup.place.name,
            "country_code": meetup.place.country_code,
            "timezone": meetup.tz.key,
        },
        "starts": meetup.starts_local,
        "ends": meetup.ends_local,
        "timezone": meetup.tz.key,
        "topics": [t.slug for t in meetup.topics.all()],
        "capacity": meetup.capacity,
        "going": yes,
        "visibility": meetup.visibility,
        "listed_publicly": meetup.listed_publicly,
        "status": meetup.status,
        "collective": meetup.collective.public_id if meetup.collective else None,
        "organizer": meetup.organizer.public_id,
        "venue": meetup.venue if show_venue else None,
        "my_answer": rsvp.answer if rsvp else None,
        "distance_km": getattr(meetup, "distance_km", None),
    }


def _place(place_id: int, field: str = "place") -> Place:
    place = place_get(place_id=place_id)
    if place is None:
        raise ValidationError({field: _("We don't know that place.")})
    return place


def _collective(user: Any, public_id: UUID | None) -> Collective | None:
    if public_id is None:
        return None
    collective = collectives_to_share_with(user=user).filter(public_id=public_id).first()
    if collective is None:
        raise ValidationError(
            {"collective": _("You can only organise with a collective you are a member of.")}
        )
    return collective


def _visibility(value: str) -> str:
    if value not in Visibility.values:
        raise ValidationError(
            {"visibility": _("Use one of: %(v)s.") % {"v": ", ".join(Visibility.values)}}
        )
    return value


def _meetup_or_404(request: HttpRequest, public_id: UUID) -> Meetup:
    meetup = meetup_for_viewer(viewer=request.user, public_id=public_id)
    if meetup is None:
        raise Http404
    return meetup


@router.get("", response=list[MeetupOut], summary="Meet-ups you can see, near a place")
def list_meetups(
    request: HttpRequest,
    place: bounds.QueryId | None = None,
    radius_km: bounds.QueryKm = 30,
    start: bounds.Day | None = None,
    end: bounds.Day | None = None,
    topic: str | None = None,
) -> list:
    """Upcoming meet-ups visible to you. With `place` (a place id), those within
    `radius_km` (1–200) of it; `start`/`end` are dates at that place (at most 366 days
    apart); `topic` a topic slug."""
    if not 1 <= radius_km <= MAX_RADIUS_KM:
        raise ValidationError(
            {"radius_km": _("The radius is between 1 and %(n)d km.") % {"n": MAX_RADIUS_KM}}
        )
    if start and end and end < start:
        raise ValidationError({"end": _("The end date is before the start date.")})
    if start and end and (end - start).days > MAX_WINDOW_DAYS:
        raise ValidationError(
            {"end": _("Ask for at most %(n)d days at once.") % {"n": MAX_WINDOW_DAYS}}
        )
    if topic and not Topic.objects.filter(slug=topic).exists():
        raise ValidationError(
            {"topic": _("Unknown topic: %(slug)s.") % {"slug": texts.shortlist([topic])}}
        )
    where = _place(place) if place is not None else None
    tz = ZoneInfo(where.timezone if where and where.timezone else settings.TIME_ZONE)
    now = timezone.now()
    lo = datetime.combine(start, time.min, tzinfo=tz) if start else now - timedelta(hours=3)
    hi = (
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
        if end
        else now + timedelta(days=MAX_WINDOW_DAYS)
    )
    if where is not None:
        found = meetups_near(
            viewer=request.user,
            place=where,
            radius_km=radius_km,
            start=lo,
            end=hi,
            topic_slug=topic,
        )
    else:
        qs = meetups_visible_to(request.user).filter(
            starts__gte=lo, starts__lt=hi, status=Meetup.Status.SCHEDULED
        )
        if topic:
            qs = qs.filter(topics__slug=topic)
        found = list(qs.order_by("starts", "id")[:200])
    mine = RSVP.objects.filter(user_id=request.user.pk, meetup__in=[m.pk for m in found])  # type: ignore[misc]
    answers = dict(mine.values_list("meetup_id", "answer"))
    attending = {pk for pk, a in answers.items() if a in ("yes", "maybe")}
    out = []
    for meetup in found:
        row = _out_fast(meetup, request.user, answers.get(meetup.pk), meetup.pk in attending)
        out.append(row)
    return out


def _out_fast(meetup: Meetup, user: Any, answer: str | None, attending: bool) -> dict:
    """_out without per-row queries (lists): venue for the organizer and attendees."""
    row = {
        "id": meetup.public_id,
        "title": meetup.title,
        "description": meetup.description,
        "place": {
            "id": meetup.place.pk,
            "name": meetup.place.name,
            "country_code": meetup.place.country_code,
            "timezone": meetup.tz.key,
        },
        "starts": meetup.starts_local,
        "ends": meetup.ends_local,
        "timezone": meetup.tz.key,
        "topics": [t.slug for t in meetup.topics.all()],
        "capacity": meetup.capacity,
        "going": meetup.yes_count,  # type: ignore[attr-defined]
        "visibility": meetup.visibility,
        "listed_publicly": meetup.listed_publicly,
        "status": meetup.status,
        "collective": meetup.collective.public_id if meetup.collective else None,
        "organizer": meetup.organizer.public_id,
        "venue": meetup.venue if (meetup.organizer_id == user.pk or attending) else None,
        "my_answer": answer,
        "distance_km": getattr(meetup, "distance_km", None),
    }
    return row


@router.post("", response={201: MeetupOut}, summary="Create a meet-up")
def create_meetup(request: HttpRequest, payload: MeetupIn) -> Status:
    place = _place(payload.place)
    tz = ZoneInfo(place.timezone or settings.TIME_ZONE)
    invitees = []
    for public_id in payload.invite:
        invitee = invitable_member(viewer=request.user, public_id=public_id)
        if invitee is None:  # missing and blocked look the same (P5)
            raise HttpError(404, _("No such member: %(id)s.") % {"id": public_id})
        invitees.append(invitee)
    meetup = meetup_create(
        organizer=request.user,  # type: ignore[arg-type]
        title=payload.title,
        place=place,
        starts=aware_in_zone(payload.starts, tz),
        ends=aware_in_zone(payload.ends, tz) if payload.ends else None,
        description=payload.description,
        venue=payload.venue,
        topics=topics_by_slugs(payload.topics),
        capacity=payload.capacity,
        visibility=_visibility(payload.visibility),
        listed_publicly=payload.listed_publicly,
        collective=_collective(request.user, payload.collective),
        invitees=invitees,
    )
    meetup = _meetup_or_404(request, meetup.public_id)
    return Status(201, _out(request, meetup, rsvp_of(user=request.user, meetup=meetup)))


@router.get("/{public_id}", response=MeetupOut, summary="One meet-up")
def get_meetup(request: HttpRequest, public_id: UUID) -> dict:
    meetup = _meetup_or_404(request, public_id)
    return _out(request, meetup, rsvp_of(user=request.user, meetup=meetup))


@router.patch("/{public_id}", response=MeetupOut, summary="Change a meet-up (organizer)")
def patch_meetup(request: HttpRequest, public_id: UUID, payload: MeetupPatch) -> dict:
    meetup = _meetup_or_404(request, public_id)
    if meetup.organizer_id != request.user.pk:
        raise Http404  # others' meet-ups are not theirs to change; don't say more
    sent = payload.dict(exclude_unset=True)
    data: dict[str, Any] = {}
    place = meetup.place
    if "place" in sent:
        if sent["place"] is None:
            raise ValidationError({"place": _("A meet-up needs a city.")})
        place = data["place"] = _place(sent["place"])
    tz = ZoneInfo(place.timezone or settings.TIME_ZONE)
    for field in ("title", "description", "venue", "listed_publicly"):
        if field in sent:
            if sent[field] is None:
                raise ValidationError({field: _("This field cannot be empty.")})
            data[field] = sent[field]
    if "starts" in sent:
        if sent["starts"] is None:
            raise ValidationError({"starts": _("A meet-up needs a start time.")})
        data["starts"] = aware_in_zone(sent["starts"], tz)
    if "ends" in sent:
        data["ends"] = aware_in_zone(sent["ends"], tz) if sent["ends"] else None
    if "capacity" in sent:
        data["capacity"] = sent["capacity"]
    if "visibility" in sent:
        data["visibility"] = _visibility(sent["visibility"] or "")
    if "collective" in sent:
        data["collective"] = _collective(request.user, sent["collective"])
    if "topics" in sent:
        data["topics"] = topics_by_slugs(sent["topics"] or [])
    meetup_update(meetup=meetup, actor=request.user, data=data)  # type: ignore[arg-type]
    meetup = _meetup_or_404(request, public_id)
    return _out(request, meetup, rsvp_of(user=request.user, meetup=meetup))


@router.delete("/{public_id}", response=MeetupOut, summary="Cancel a meet-up (organizer)")
def cancel_meetup(request: HttpRequest, public_id: UUID) -> dict:
    """Cancelling keeps the meet-up (marked cancelled) so attendees' calendars update."""
    meetup = _meetup_or_404(request, public_id)
    if meetup.organizer_id != request.user.pk:
        raise Http404
    meetup_cancel(meetup=meetup, actor=request.user)  # type: ignore[arg-type]
    meetup = _meetup_or_404(request, public_id)
    return _out(request, meetup, rsvp_of(user=request.user, meetup=meetup))


@router.post(
    "/{public_id}/rsvp", response={200: RsvpOut, 409: dict}, summary="Answer yes, maybe or no"
)
def rsvp(request: HttpRequest, public_id: UUID, payload: RsvpIn) -> Any:
    """A "yes" over capacity is refused with 409 ("This meet-up is full.") and changes
    nothing."""
    meetup = _meetup_or_404(request, public_id)
    try:
        answer = rsvp_set(meetup=meetup, user=request.user, answer=payload.answer)  # type: ignore[arg-type]
    except ValidationError as exc:
        if any(e.code == "full" for e in exc.error_dict.get("answer", [])):
            # 409 (the API root answers "conflict" errors so).
            message = _("This meet-up is full.")
            raise ValidationError({"answer": ValidationError(message, code="conflict")}) from None
        raise
    return {"answer": answer.answer, "going": meetup.rsvps.filter(answer=RSVP.Answer.YES).count()}


@router.post("/{public_id}/invitations", response={201: InvitationOut}, summary="Invite a member")
def invite(request: HttpRequest, public_id: UUID, payload: InvitationIn) -> Status:
    """Someone who blocked you, or whom you blocked, gets the same 404 as a missing member."""
    meetup = _meetup_or_404(request, public_id)
    from travel.meetups.selectors import can_invite

    if not can_invite(user=request.user, meetup=meetup):
        raise HttpError(403, _("Only the organizer can invite people to this meet-up."))
    invitee = invitable_member(viewer=request.user, public_id=payload.user)
    if invitee is None:
        raise HttpError(404, _("No such member."))
    invitation = invitation_create(
        meetup=meetup,
        actor=request.user,  # type: ignore[arg-type]
        invitee=invitee,
        message=payload.message,
    )
    return Status(
        201, {"id": invitation.public_id, "user": invitee.public_id, "status": invitation.status}
    )
