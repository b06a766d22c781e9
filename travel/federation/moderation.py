"""Moderators cut off a remote server; members cut off a remote actor."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Block, User
from accounts.services import block_create
from travel.federation.models import BlockedDomain, Delivery, Follower, RemoteActor, RemoteRSVP


def _normalise(domain: str) -> str:
    return domain.strip().lower().removeprefix("https://").removeprefix("http://").split("/")[0]


@transaction.atomic
def domain_block(*, domain: str, moderator: User | None, reason: str = "") -> BlockedDomain:
    """Nothing from `domain` (and its subdomains) is processed, nothing goes to it, and
    what it had here (follows, answers to meet-ups, queued deliveries) goes."""
    domain = _normalise(domain)
    block, _ = BlockedDomain.objects.get_or_create(
        domain=domain, defaults={"reason": reason, "blocked_by": moderator}
    )
    remotes = RemoteActor.objects.filter(domain=domain) | RemoteActor.objects.filter(
        domain__endswith="." + domain
    )
    Follower.objects.filter(remote__in=remotes).delete()
    RemoteRSVP.objects.filter(remote__in=remotes).delete()
    Delivery.objects.filter(status=Delivery.Status.PENDING, domain__in=[domain]).update(
        status=Delivery.Status.FAILED, last_error="domain blocked"
    )
    Delivery.objects.filter(status=Delivery.Status.PENDING, domain__endswith="." + domain).update(
        status=Delivery.Status.FAILED, last_error="domain blocked"
    )
    return block


@transaction.atomic
def domain_unblock(*, domain: str) -> None:
    BlockedDomain.objects.filter(domain=_normalise(domain)).delete()


@transaction.atomic
def remote_actor_block(*, member: User, remote: RemoteActor) -> Block:
    """A member blocks a remote actor: the same total block as against a local member,
    on the account that carries the remote actor's messages."""
    from travel.federation.inbox import stand_in

    return block_create(blocker=member, blocked=stand_in(remote))
