"""The switches: a collective's Group actor, a member's Person actor, and new keys.

Each tells the actor's followers what changed (through the outbox, in the transaction).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from travel.collectives.models import Collective
from travel.federation.actors import create_actor, is_collective_admin, new_username
from travel.federation.keys import new_key_pair
from travel.federation.models import LocalActor
from travel.federation.publishing import actor_delete_send, actor_update_send


@transaction.atomic
def group_actor_set(*, collective: Collective, actor: User, enabled: bool) -> LocalActor:
    """Switch a collective's Group actor on or off. Only its admins may."""
    if not is_collective_admin(actor, collective):
        raise PermissionDenied(_("Only the collective's admins can change this."))
    local = LocalActor.objects.select_for_update().filter(collective=collective).first()
    if local is None:
        local = create_actor(
            LocalActor.Kind.GROUP, new_username(collective.name), collective=collective
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
        local = create_actor(
            LocalActor.Kind.PERSON,
            new_username(user.display_name or user.email.split("@")[0]),
            user=user,
        )
    changed = local.enabled != enabled
    local.enabled = enabled
    local.show_bio = show_bio
    local.save(update_fields=["enabled", "show_bio"])
    if changed:
        _announce_switch(local)
    elif enabled:
        actor_update_send(actor=local)
    return local


def _announce_switch(local: LocalActor) -> None:
    """Switching off tells followers the actor is gone (Delete); on again starts afresh."""
    if not local.enabled:
        actor_delete_send(actor=local)


@transaction.atomic
def key_rotate(*, actor: LocalActor) -> LocalActor:
    """A new key pair; followers get an Update carrying the new public key."""
    actor = LocalActor.objects.select_for_update().get(pk=actor.pk)
    actor.private_key_pem, actor.public_key_pem = new_key_pair()
    actor.key_version += 1
    actor.key_rotated = timezone.now()
    actor.save(update_fields=["private_key_pem", "public_key_pem", "key_version", "key_rotated"])
    if actor.enabled and actor.kind != LocalActor.Kind.INSTANCE:
        actor_update_send(actor=actor)
    return actor
