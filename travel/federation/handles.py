"""Fediverse handles on profiles: @name@host resolved by WebFinger to its real profile
page (Misskey, Friendica and others do not use Mastodon's https://host/@name)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import ContactChannel
from travel.federation.actors import federation_on
from travel.federation.models import HandleProfile
from travel.federation.remote import RemoteError, webfinger

log = logging.getLogger(__name__)
FRESH = timedelta(days=7)


def _key(handle: str) -> str:
    return "@" + handle.strip().lstrip("@").lower()


def profile_url_for(handle: str) -> str | None:
    """The resolved profile page of `handle`, if we know it (no request is made here)."""
    row = HandleProfile.objects.filter(handle=_key(handle)).first()
    return (row.profile_url or row.actor_url or None) if row else None


def handle_resolve(handle: str) -> HandleProfile | None:
    """Ask the handle's server by WebFinger, through the safe fetcher; None if it cannot say."""
    key = _key(handle)
    known = HandleProfile.objects.filter(handle=key).first()
    if known is not None and known.resolved > timezone.now() - FRESH:
        return known
    try:
        found = webfinger(key)
    except RemoteError as exc:
        log.info("federation: could not resolve %s: %s", key, exc.message)
        return known
    row, _ = HandleProfile.objects.update_or_create(
        handle=key,
        defaults={
            "profile_url": found["profile"],
            "actor_url": found["actor"],
            "resolved": timezone.now(),
        },
    )
    return row


def on_contacts_changed(*, user_id: int, fields: Any = (), **kwargs: Any) -> None:
    """Resolve the member's Fediverse handles after the change commits (a task)."""
    if "contacts" not in set(fields) or not federation_on():
        return
    from travel.federation.tasks import resolve_handles

    transaction.on_commit(lambda: resolve_handles.delay(user_id))


def member_handles_resolve(*, user_id: int) -> int:
    handles = ContactChannel.objects.filter(
        user_id=user_id, kind=ContactChannel.Kind.FEDIVERSE
    ).values_list("value", flat=True)
    return sum(1 for handle in handles if handle_resolve(handle) is not None)
