"""Our members and collectives acting towards the Fediverse: following a remote actor,
and writing to one (their Person actor signs; the message is delivered as a direct Note)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.models import User
from travel.federation import remote as remotes
from travel.federation.actors import absolute, actor_url
from travel.federation.models import Following, LocalActor, RemoteActor
from travel.federation.publishing import enqueue
from travel.messaging.models import Message
from travel.messaging.services import message_send


def _remote(handle_or_uri: str) -> RemoteActor:
    target = handle_or_uri.strip()
    try:
        if not target.startswith(("https://", "http://")):
            target = remotes.webfinger(target)["actor"]
            if not target:
                raise remotes.RemoteError(_("That handle has no ActivityPub actor."))
        return remotes.actor_fetch(target)
    except remotes.RemoteError as exc:
        raise ValidationError({"handle": exc.message}) from exc


@transaction.atomic
def remote_follow(*, actor: LocalActor, handle: str) -> Following:
    """`actor` follows the remote actor named by a handle (@name@host) or an actor URL."""
    remote = _remote(handle)
    existing = Following.objects.filter(actor=actor, remote=remote).first()
    if existing is not None:
        return existing
    outgoing = enqueue(
        actor=actor,
        kind="Follow",
        payload={"object": remote.uri, "to": [remote.uri]},
        inboxes={remote.inbox},
    )
    assert outgoing is not None
    return Following.objects.create(actor=actor, remote=remote, follow_id=outgoing.payload["id"])


def follow_answered(*, follow_id: str, remote: RemoteActor, accepted: bool) -> bool:
    """The remote actor's Accept or Reject of our Follow; False if it is not ours."""
    following = Following.objects.filter(follow_id=follow_id, remote=remote).first()
    if following is None:
        return False
    if accepted:
        Following.objects.filter(pk=following.pk).update(accepted=True)
    else:
        following.delete()
    return True


@transaction.atomic
def remote_message(*, sender: User, handle: str, body: str) -> Message:
    """Write to someone on another server; their answers come back to the conversation.
    The sender must be on the Fediverse themselves (their Person actor signs)."""
    from travel.federation.inbox import stand_in

    if not LocalActor.objects.filter(user=sender, enabled=True).exists():
        raise ValidationError(
            {"handle": _("Switch on your Fediverse profile first, in Settings → Fediverse.")}
        )
    return message_send(sender=sender, recipient=stand_in(_remote(handle)), body=body)


def on_message_sent(
    *, message_id: int, sender_id: int, recipient_ids: Any = (), held: bool = False, **kwargs: Any
) -> None:
    """A member's message to a remote actor's stand-in goes out as a direct Note."""
    if held or not recipient_ids:
        return
    remote = RemoteActor.objects.filter(member_id__in=list(recipient_ids)).first()
    if remote is None:
        return
    actor = LocalActor.objects.filter(user_id=sender_id, enabled=True).first()
    if actor is None:
        return  # a message to a remote actor needs the sender's own actor to sign it
    message = Message.objects.get(pk=message_id)
    note_id = absolute(f"/ap/messages/{message.public_id}")
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in message.body.splitlines() if line)
    note = {
        "id": note_id,
        "type": "Note",
        "attributedTo": actor_url(actor),
        "content": paragraphs,
        "to": [remote.uri],
        "cc": [],
        "tag": [{"type": "Mention", "href": remote.uri, "name": remote.handle}],
    }
    enqueue(
        actor=actor,
        kind="Create",
        payload={"object": note, "to": [remote.uri], "cc": []},
        inboxes={remote.inbox},
    )
