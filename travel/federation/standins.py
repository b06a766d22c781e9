"""Stand-in accounts: the local account that carries a remote actor's messages, so that
blocks, mutes, quotas and the flood guard of messaging apply to them unchanged. It has
no password and no verified email: nobody can sign in as it."""

from __future__ import annotations

import hashlib

from accounts.models import User, Visibility
from travel.federation.models import RemoteActor


def stand_in_name(actor: RemoteActor) -> str:
    return f"{actor.name or actor.username} ({actor.handle})"[:80]


def stand_in(actor: RemoteActor) -> User:
    """The local account that carries a remote actor's messages (it cannot sign in)."""
    if actor.member is not None:
        return actor.member
    digest = hashlib.sha256(actor.uri.encode()).hexdigest()[:24]
    user = User.objects.create_user(
        email=f"remote-{digest}@fediverse.invalid",
        password=None,
        display_name=stand_in_name(actor),
        profile_visibility=Visibility.ONLY_ME,
    )
    actor.member = user
    actor.save(update_fields=["member"])
    return user
