"""Stand-in accounts: the local account that carries a remote actor's messages, so that
blocks, mutes, quotas and the flood guard of messaging apply to them unchanged. It has
no password and no verified email: nobody can sign in as it."""

from __future__ import annotations

import hashlib
from typing import Any

from accounts.models import User, Visibility
from travel.federation.models import RemoteActor

# A reserved top-level domain (RFC 2606): no mail to a stand-in could ever arrive.
STAND_IN_DOMAIN = "fediverse.invalid"


def no_email_to_stand_ins(recipient: Any, template: str) -> dict[str, Any] | None:
    """The outbox's email policy: a stand-in has no mailbox, and the words of the
    messages written to it belong on its own server, never in an outbox row."""
    if str(getattr(recipient, "email", "")).endswith("@" + STAND_IN_DOMAIN):
        return None
    return {}


def stand_in_name(actor: RemoteActor) -> str:
    return f"{actor.name or actor.username} ({actor.handle})"[:80]


def stand_in(actor: RemoteActor) -> User:
    """The local account that carries a remote actor's messages (it cannot sign in)."""
    if actor.member is not None:
        return actor.member
    digest = hashlib.sha256(actor.uri.encode()).hexdigest()[:24]
    user = User.objects.create_user(
        email=f"remote-{digest}@{STAND_IN_DOMAIN}",
        password=None,
        display_name=stand_in_name(actor),
        profile_visibility=Visibility.ONLY_ME,
    )
    actor.member = user
    actor.save(update_fields=["member"])
    return user
