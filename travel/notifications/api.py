"""The notification centre as JSON: list, unread counts, read state, preferences and
push devices. Someone else's notification answers the same 404 as a missing one; bad
preferences or subscriptions a 4xx naming the field."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from travel.notifications import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: UUID
    kind: str
    text: str
    link: str
    subject_id: str
    created: datetime
    read: bool


class UnreadOut(Schema):
    notifications: int
    messages: int


class PreferenceOut(Schema):
    kind: str
    email: str
    push: bool


class ChannelsIn(Schema):
    email: str | None = None
    push: bool | None = None


class SubscriptionKeys(Schema):
    p256dh: str
    auth: str


class SubscriptionIn(Schema):
    endpoint: str
    keys: SubscriptionKeys
    label: str = ""


class SubscriptionOut(Schema):
    id: UUID
    label: str
    created: datetime


def _out(n: Any) -> dict[str, Any]:
    return {
        "id": n.public_id,
        "kind": n.kind,
        "text": n.text,
        "link": n.link,
        "subject_id": n.subject_id,
        "created": n.created,
        "read": n.read_at is not None,
    }


@router.get("/notifications", response=list[NotificationOut])
def notifications_list(request: HttpRequest, unread: bool = False, limit: int = 50) -> Any:
    limit = min(max(limit, 1), 200)
    rows = selectors.notifications_of(user=request.user, limit=limit, unread=unread)  # type: ignore[arg-type]
    return [_out(n) for n in rows]


@router.get("/notifications/unread", response=UnreadOut)
def notifications_unread(request: HttpRequest) -> Any:
    counts = selectors.badge_counts(user=request.user)  # type: ignore[arg-type]
    return {"notifications": counts["notices"], "messages": counts["messages"]}


@router.post("/notifications/read-all", response=UnreadOut)
def notifications_read_all(request: HttpRequest) -> Any:
    services.notifications_mark_all_read(user=request.user)  # type: ignore[arg-type]
    counts = selectors.badge_counts(user=request.user)  # type: ignore[arg-type]
    return {"notifications": counts["notices"], "messages": counts["messages"]}


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def notification_read(request: HttpRequest, notification_id: str) -> Any:
    row = services.notification_mark_read(user=request.user, public_id=notification_id)  # type: ignore[arg-type]
    return _out(row)


@router.get("/notifications/preferences", response=list[PreferenceOut])
def preferences_get(request: HttpRequest) -> Any:
    return selectors.preferences_table(user=request.user)  # type: ignore[arg-type]


@router.patch(
    "/notifications/preferences",
    response=list[PreferenceOut],
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "additionalProperties": ChannelsIn.json_schema(),
                        "example": {"messages": {"email": "daily", "push": True}},
                    }
                }
            }
        }
    },
)
def preferences_patch(request: HttpRequest) -> Any:
    """Body: {kind: {"email": "immediately" | "daily" | "never", "push": bool}}."""
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        payload = None
    if not isinstance(payload, dict) or not all(isinstance(v, dict) for v in payload.values()):
        raise ValidationError({"kind": _("Send an object of kinds, each with email and push.")})
    services.preferences_set(user=request.user, values=payload)  # type: ignore[arg-type]
    return selectors.preferences_table(user=request.user)  # type: ignore[arg-type]


@router.get("/notifications/push-key")
def push_key(request: HttpRequest) -> Any:
    """The VAPID public key a browser passes as `applicationServerKey`."""
    return {"key": settings.VAPID_PUBLIC_KEY}


@router.post(
    "/notifications/push-subscriptions",
    response={201: SubscriptionOut},
    url_name="push_subscribe",
)
def push_subscribe(request: HttpRequest, payload: SubscriptionIn) -> Any:
    row = services.push_subscribe(
        user=request.user,  # type: ignore[arg-type]
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        label=payload.label,
    )
    return Status(201, {"id": row.public_id, "label": row.label, "created": row.created})


@router.delete("/notifications/push-subscriptions/{subscription_id}", response={204: None})
def push_unsubscribe(request: HttpRequest, subscription_id: str) -> Any:
    services.push_unsubscribe(user=request.user, public_id=subscription_id)  # type: ignore[arg-type]
    return Status(204, None)
