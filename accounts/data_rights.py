"""Data rights (P8): download all my data, and delete my account at once.

Both walk accounts.registry: the wiring (travel/wiring/house.py) registers each app's
exporter (and maybe eraser), so this module never imports the apps above `accounts`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.adapter import get_adapter as usersessions_adapter
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import registry
from accounts.models import ApiToken, Block, Connection, ContactChannel, User
from travel import events

log = logging.getLogger(__name__)
EXPORT_FORMAT = "stopover-export/1"


def export_for(*, user: User) -> dict[str, Any]:
    """Everything `user` gave Stopover, per registered section, as JSON-ready data."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "member": str(user.public_id),
    }
    for section in registry.sections():
        data[section.name] = section.export(user)
    return data


def export_json(*, user: User) -> str:
    return json.dumps(export_for(user=user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete `user` and their personal data at once.

    Order matters: every registered eraser runs first, while the member still exists,
    so other apps can cancel pending requests and tell the other side (their tasks are
    queued on commit). Then every session of the member ends, and the user row goes:
    rows that belong to the member cascade with it; other people's rows that only point
    to them are the erasers' business (set to null or kept, as each app decides).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    events.emit(events.member_deleted, user_id=user.pk)
    for section in registry.sections():
        if section.erase is not None:
            section.erase(user)
    usersessions_adapter().end_sessions(UserSession.objects.filter(user=user))
    # The admin log names the member in object_repr when staff edited their account.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
    log.info("account deleted: member %s", user.public_id)
    user.delete()


# The accounts section of the export and deletion ----------------------------------


def _export_accounts(user: User) -> dict[str, Any]:
    """What the member provided: profile, contacts, blocks they made, token metadata,
    who they are connected with (by public id only), sign-in methods and sessions."""
    connections = Connection.objects.filter(Q(user_low=user) | Q(user_high=user)).select_related(
        "user_low", "user_high"
    )
    return {
        "profile": {
            "public_id": str(user.public_id),
            "email": user.email,
            "date_joined": user.date_joined,
            "display_name": user.display_name,
            "pronouns": user.pronouns,
            "bio": user.bio,
            "home_place": user.home_place.label if user.home_place else None,
            "home_radius_km": user.home_radius_km,
            "languages": user.languages,
            "topics": sorted(user.topics.values_list("slug", flat=True)),
            "open_to_meet": user.open_to_meet,
            "discoverable": user.discoverable,
            "support_link": user.support_link,
            "profile_visibility": user.profile_visibility,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "contacts": [
            {"kind": c.kind, "value": c.value, "visibility": c.visibility}
            for c in ContactChannel.objects.filter(user=user)
        ],
        "blocks": [
            {"member": str(b.blocked.public_id), "created": b.created}
            for b in Block.objects.filter(blocker=user).select_related("blocked")
        ],
        "connections": [
            {
                "member": str((c.user_high if c.user_low_id == user.pk else c.user_low).public_id),
                "reason": c.reason,
                "created": c.created,
            }
            for c in connections
        ],
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created": t.created, "last_used": t.last_used}
            for t in ApiToken.objects.filter(user=user)
        ],
        "two_factor": [
            {"type": a.type, "created": a.created_at, "last_used": a.last_used_at}
            for a in Authenticator.objects.filter(user=user)
        ],
        "sessions": [
            {
                "started": s.created_at,
                "last_seen": s.last_seen_at,
                "ip": s.ip,
                "browser": s.user_agent,
            }
            for s in UserSession.objects.filter(user=user)
        ],
    }


def register_accounts_section() -> None:
    # Rows of accounts cascade with the user row, so no eraser is needed here.
    registry.register("account", export=_export_accounts)
