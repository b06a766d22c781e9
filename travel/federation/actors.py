"""Local actors: who we are on the Fediverse, and what each actor's document shows.

Three kinds: the instance actor (an `Application` that signs our fetches), a
collective's `Group` (switched on by its admins) and a member's `Person` (off by default,
switched on by the member). A Person shows only the display name, the "about me" text if
the member chose to show it, and the member's publicly listed meet-ups (P10).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from travel.collectives.models import Collective, Membership
from travel.federation.keys import new_key_pair
from travel.federation.models import LocalActor

AS_CONTEXT = [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
]
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
INSTANCE_USERNAME = "stopover"
RESERVED = {INSTANCE_USERNAME, "admin", "api", "inbox", "actor", "root", "webmaster", "support"}


def federation_on() -> bool:
    return bool(getattr(settings, "FEDERATION_ENABLED", False))


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def site_host() -> str:
    """The host (with a port, if any) that names our actors: acct:name@host."""
    return urlsplit(site_url()).netloc


def absolute(path: str) -> str:
    return site_url() + path


def actor_url(actor: LocalActor) -> str:
    return absolute(reverse("federation:actor", args=[actor.username]))


def key_id(actor: LocalActor) -> str:
    return actor_url(actor) + "#main-key"


def acct(actor: LocalActor) -> str:
    return f"acct:{actor.username}@{site_host()}"


# Letters slugify would drop rather than spell in ASCII (Tromsø -> tromso, not troms).
_ASCII = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "ł": "l"})


def _new_username(base: str) -> str:
    stem = slugify(base.translate(_ASCII))[:50].strip("-") or "member"
    candidate, n = stem, 1
    while candidate in RESERVED or LocalActor.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def _create(kind: str, username: str, **owner: Any) -> LocalActor:
    private, public = new_key_pair()
    return LocalActor.objects.create(
        kind=kind,
        username=username,
        private_key_pem=private,
        public_key_pem=public,
        **owner,
    )


def instance_actor() -> LocalActor:
    """The instance's own actor (created with its keys the first time it is needed)."""
    actor = LocalActor.objects.filter(kind=LocalActor.Kind.INSTANCE).first()
    if actor is not None:
        return actor
    try:
        with transaction.atomic():
            return _create(LocalActor.Kind.INSTANCE, INSTANCE_USERNAME, enabled=True)
    except IntegrityError:
        return LocalActor.objects.get(kind=LocalActor.Kind.INSTANCE)


def is_collective_admin(user: User, collective: Collective) -> bool:
    return Membership.objects.filter(
        collective=collective, user=user, role=Membership.Role.ADMIN
    ).exists()


@transaction.atomic
def group_actor_set(*, collective: Collective, actor: User, enabled: bool) -> LocalActor:
    """Switch a collective's Group actor on or off. Only its admins may."""
    if not is_collective_admin(actor, collective):
        raise PermissionDenied(_("Only the collective's admins can change this."))
    local = LocalActor.objects.select_for_update().filter(collective=collective).first()
    if local is None:
        local = _create(
            LocalActor.Kind.GROUP, _new_username(collective.name), collective=collective
        )
    if local.enabled != enabled:
        local.enabled = enabled
        local.save(update_fields=["enabled"])
        _announce_switch(local)
    return local


@transaction.atomic
def person_actor_set(*, user: User, enabled: bool, show_bio: bool = False) -> LocalActor:
    """Switch a member's Person actor on or off (off by default), and whether it shows
    their "about me" text."""
    local = LocalActor.objects.select_for_update().filter(user=user).first()
    if local is None:
        local = _create(
            LocalActor.Kind.PERSON,
            _new_username(user.display_name or user.email.split("@")[0]),
            user=user,
        )
    changed = local.enabled != enabled
    local.enabled = enabled
    local.show_bio = show_bio
    local.save(update_fields=["enabled", "show_bio"])
    if changed:
        _announce_switch(local)
    elif enabled:
        from travel.federation.publishing import actor_update_send

        actor_update_send(actor=local)
    return local


def _announce_switch(local: LocalActor) -> None:
    """Switching off tells followers the actor is gone (Delete); on again starts afresh."""
    if not local.enabled:
        from travel.federation.publishing import actor_delete_send

        actor_delete_send(actor=local)


@transaction.atomic
def key_rotate(*, actor: LocalActor) -> LocalActor:
    """A new key pair; followers get an Update carrying the new public key."""
    from travel.federation.publishing import actor_update_send

    actor = LocalActor.objects.select_for_update().get(pk=actor.pk)
    actor.private_key_pem, actor.public_key_pem = new_key_pair()
    actor.key_version += 1
    actor.key_rotated = timezone.now()
    actor.save(update_fields=["private_key_pem", "public_key_pem", "key_version", "key_rotated"])
    if actor.enabled and actor.kind != LocalActor.Kind.INSTANCE:
        actor_update_send(actor=actor)
    return actor


def active_actor(username: str) -> LocalActor | None:
    """The actor named `username` if federation is on and the actor is switched on."""
    if not federation_on():
        return None
    actor = (
        LocalActor.objects.select_related("collective__home_place", "user")
        .filter(username=username, enabled=True)
        .first()
    )
    if actor is None:
        return None
    if actor.kind == LocalActor.Kind.PERSON:
        user = actor.user
        if user is None or not user.is_active or user.is_suspended:
            return None
    return actor


def actor_document(actor: LocalActor) -> dict[str, Any]:
    """The actor as ActivityStreams JSON: only what P10 lets out."""
    url = actor_url(actor)
    document: dict[str, Any] = {
        "@context": AS_CONTEXT,
        "id": url,
        "type": actor.kind,
        "preferredUsername": actor.username,
        "inbox": url + "/inbox",
        "outbox": url + "/outbox",
        "followers": url + "/followers",
        "endpoints": {"sharedInbox": absolute(reverse("federation:shared_inbox"))},
        "publicKey": {"id": key_id(actor), "owner": url, "publicKeyPem": actor.public_key_pem},
        "manuallyApprovesFollowers": False,
        "discoverable": actor.kind != LocalActor.Kind.INSTANCE,
    }
    if actor.kind == LocalActor.Kind.INSTANCE:
        document["name"] = settings.SITE_NAME
        document["url"] = absolute("/")
    elif actor.kind == LocalActor.Kind.GROUP:
        collective = actor.collective
        assert collective is not None
        document["name"] = collective.name
        document["summary"] = collective.description
        document["url"] = absolute(reverse("collectives:detail", args=[collective.public_id]))
        document["location"] = {
            "type": "Place",
            "name": collective.home_place.name,
        }
    else:
        user = actor.user
        assert user is not None
        document["name"] = user.display_name or actor.username
        document["summary"] = user.bio if actor.show_bio else ""
        document["url"] = url
    return document
