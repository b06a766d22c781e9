"""Conversations, the requests inbox, reports and mutes as JSON.

Someone blocked (either way), suspended or missing answers 404 alike (P5); a message
over the size limit is a 400 naming the field "body"; too many new conversations a 429.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from accounts.models import Report, User
from accounts.occasions import occasion_for
from accounts.selectors import member_for_viewer
from travel import texts
from travel.messaging import references, selectors, services
from travel.messaging.models import Message
from travel.messaging.selectors import Row

router = Router(tags=["messaging"])


class MemberOut(Schema):
    id: UUID | None
    name: str


class MessageOut(Schema):
    id: UUID
    sender: UUID | None
    mine: bool
    body: str
    created: datetime
    # Your own message held by the flood guard: not delivered until a moderator looks.
    waiting_for_moderator: bool = False
    held_reason: str | None = None


class ConversationOut(Schema):
    id: UUID
    other: MemberOut
    status: str
    is_request: bool
    subject_kind: str
    subject_id: str
    unread: int
    waiting_for_moderator: bool = False
    last_message_at: datetime | None


class ConversationDetail(ConversationOut):
    messages: list[MessageOut]


class NewConversationIn(Schema):
    to: UUID
    body: str = Field(..., max_length=texts.max_length(Message, "body"))


class MessageIn(Schema):
    body: str = Field(..., max_length=texts.max_length(Message, "body"))


class ReportIn(Schema):
    kind: str
    target: UUID
    reason: str = ""
    details: str = Field("", max_length=texts.max_length(Report, "details"))


class ReportOut(Schema):
    id: UUID
    kind: str
    target: UUID
    reason: str
    status: str


class MuteIn(Schema):
    member: UUID


class MuteOut(Schema):
    member: UUID


def _member(user: User | None) -> dict[str, Any]:
    if user is None:
        return {"id": None, "name": _("Deleted member")}
    return {"id": user.public_id, "name": user.name}


def _conversation(row: Row) -> dict[str, Any]:
    c = row.conversation
    return {
        "id": c.public_id,
        "other": _member(row.other),
        "status": c.status if not row.is_request_for_me else "request",
        "is_request": row.is_request_for_me,
        "subject_kind": c.subject_kind,
        "subject_id": c.subject_id,
        "unread": row.unread,
        "last_message_at": c.last_message_at,
        # You started it and nothing was delivered yet: the flood guard holds it.
        "waiting_for_moderator": c.starter_id == row.side.user_id and c.last_message_at is None,
    }


def _message(message: Message, viewer: User) -> dict[str, Any]:
    return {
        "id": message.public_id,
        "sender": message.sender.public_id if message.sender else None,
        "mine": message.sender_id == viewer.pk,
        "body": message.body,
        "created": message.created,
        "waiting_for_moderator": message.held and message.sender_id == viewer.pk,
        "held_reason": message.held_reason
        if message.held and message.sender_id == viewer.pk
        else None,
    }


def _row(request: HttpRequest, public_id: UUID) -> Row:
    row = selectors.row_for(user=request.user, public_id=public_id)  # type: ignore[arg-type]
    if row is None:
        raise Http404
    return row


def _send(call: Any) -> Message:
    try:
        return call()
    except services.QuotaExceeded as exc:
        raise HttpError(429, exc.message_dict["body"][0]) from None


@router.get("/conversations", response=list[ConversationOut], summary="My conversations")
def list_conversations(request: HttpRequest) -> list:
    return [_conversation(r) for r in selectors.inbox_for(user=request.user)]  # type: ignore[arg-type]


@router.post("/conversations", response={201: ConversationDetail}, summary="Write to a member")
def start_conversation(request: HttpRequest, payload: NewConversationIn) -> Status:
    """Starts a conversation (or continues the one you already have with them). To a
    non-connection it lands in their requests inbox, without notification."""
    member = member_for_viewer(viewer=request.user, public_id=str(payload.to))
    if member is None or member.pk == request.user.pk:
        raise Http404
    message = _send(
        lambda: services.message_send(
            sender=request.user,  # type: ignore[arg-type]
            recipient=member,
            body=payload.body,
        )
    )
    return Status(201, _detail(request, message.conversation.public_id))


def _detail(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    row = _row(request, public_id)
    items = selectors.recent_messages(user=request.user, conversation=row.conversation)  # type: ignore[arg-type]
    return {
        **_conversation(row),
        "messages": [_message(m, request.user) for m in items],  # type: ignore[arg-type]
    }


@router.get("/conversations/{public_id}", response=ConversationDetail, summary="A conversation")
def get_conversation(request: HttpRequest, public_id: UUID) -> dict:
    detail = _detail(request, public_id)
    row = _row(request, public_id)
    if row.unread:
        services.conversation_mark_read(side=row.side)
    return detail


@router.post(
    "/conversations/{public_id}/messages",
    response={201: MessageOut},
    summary="Reply in a conversation",
)
def reply(request: HttpRequest, public_id: UUID, payload: MessageIn) -> Status:
    row = _row(request, public_id)
    message = _send(
        lambda: services.message_reply(
            sender=request.user,  # type: ignore[arg-type]
            conversation=row.conversation,
            body=payload.body,
        )
    )
    return Status(201, _message(message, request.user))  # type: ignore[arg-type]


@router.get("/requests", response=list[ConversationOut], summary="My message requests")
def list_requests(request: HttpRequest) -> list:
    return [_conversation(r) for r in selectors.requests_for(user=request.user)]  # type: ignore[arg-type]


@router.post("/requests/{public_id}/{action}", response={200: dict}, summary="Accept or decline")
def answer_request(request: HttpRequest, public_id: UUID, action: str) -> dict:
    if action not in ("accept", "decline"):
        raise Http404
    row = _row(request, public_id)
    if not row.is_request_for_me:
        raise Http404
    if action == "accept":
        services.request_accept(side=row.side)
        return {"status": "accepted"}
    services.request_decline(side=row.side)
    return {"status": "declined"}


@router.post("/reports", response={201: ReportOut}, summary="Report a member or something")
def file_report(request: HttpRequest, payload: ReportIn) -> Status:
    from django.core.exceptions import ValidationError

    if payload.kind not in Report.Kind.values:
        raise ValidationError(
            {"kind": _("kind must be one of: %s.") % ", ".join(Report.Kind.values)}
        )
    report = services.report_file(
        reporter=request.user,  # type: ignore[arg-type]
        kind=payload.kind,
        public_id=payload.target,
        reason=payload.reason,
        details=payload.details,
    )
    return Status(
        201,
        {
            "id": report.public_id,
            "kind": report.target_kind,
            "target": report.target_public_id,
            "reason": report.reason,
            "status": report.status,
        },
    )


def _muteable(request: HttpRequest, public_id: UUID) -> User:
    member = member_for_viewer(viewer=request.user, public_id=str(public_id))
    if member is None:
        raise Http404
    return member


@router.post("/mutes", response={201: MuteOut}, summary="Mute a member")
def add_mute(request: HttpRequest, payload: MuteIn) -> Status:
    """They are not told and notice nothing; you stop seeing their messages."""
    member = _muteable(request, payload.member)
    services.mute(muter=request.user, muted=member)  # type: ignore[arg-type]
    return Status(201, {"member": member.public_id})


@router.delete("/mutes/{public_id}", response={204: None}, summary="Unmute a member")
def remove_mute(request: HttpRequest, public_id: UUID) -> Status:
    member = _muteable(request, public_id)
    services.unmute(muter=request.user, muted=member)  # type: ignore[arg-type]
    return Status(204, None)


@router.delete("/mutes", response={204: None}, summary="Unmute a member (body form)")
def remove_mute_body(request: HttpRequest, payload: MuteIn) -> Status:
    return remove_mute(request, payload.member)


# ---------------------------------------------------------------- references


class ReferenceIn(Schema):
    occasion: str = Field(
        ..., description='What it is about: "stay:<stay request id>" or "meetup:<meet-up id>".'
    )
    subject: UUID | None = Field(
        None, description="Whom it is about (for a stay: the other side, may be left out)."
    )
    recommend: bool = True
    text: str = Field(..., max_length=2000)


class ReferenceOut(Schema):
    id: UUID
    author: MemberOut
    subject: MemberOut
    kind: str
    occasion: str
    recommend: bool
    text: str
    revealed: bool
    created: datetime
    published_at: datetime | None


class ReferencesOut(Schema):
    count: int
    recommend: int
    references: list[ReferenceOut]


def _reference_out(ref: Any) -> dict[str, Any]:
    return {
        "id": ref.public_id,
        "author": {"id": ref.author.public_id, "name": str(ref.author.name)},
        "subject": {"id": ref.subject.public_id, "name": str(ref.subject.name)},
        "kind": ref.kind,
        "occasion": ref.occasion,
        "recommend": ref.recommend,
        "text": ref.text,
        "revealed": ref.published_at is not None,
        "created": ref.created,
        "published_at": ref.published_at,
    }


@router.post("/references", response={201: ReferenceOut}, summary="Write a reference")
def write_reference(request: HttpRequest, payload: ReferenceIn) -> Status:
    """After a stay's last night or a meet-up you both attended. Hidden until the other
    side has written theirs, or 14 days have passed."""
    me: User = request.user  # type: ignore[assignment]
    subject = None
    if payload.subject is not None:
        subject = member_for_viewer(viewer=me, public_id=payload.subject)
        if subject is None:
            raise Http404

    if subject is None:
        found = occasion_for(
            author=me, key=payload.occasion, subject=None, today=timezone.localdate()
        )
        if found is None:
            raise ValidationError(
                {"occasion": _("There is no stay or meet-up of yours with them to write about.")}
            )
        subject = found.subject
    ref = references.reference_write(
        author=me,
        subject=subject,
        kind="met",
        recommend=payload.recommend,
        text=payload.text,
        occasion=payload.occasion,
    )
    return Status(201, _reference_out(ref))


@router.get(
    "/members/{public_id}/references", response=ReferencesOut, summary="A member's references"
)
def member_references(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    """Revealed references about a member you may see, newest first, with counts."""
    member = member_for_viewer(viewer=request.user, public_id=public_id)  # type: ignore[arg-type]
    if member is None:
        raise Http404
    found = selectors.references_for(member, request.user)  # type: ignore[arg-type]
    return {
        "count": len(found),
        "recommend": sum(1 for r in found if r.recommend),
        "references": [_reference_out(r) for r in found],
    }
