"""The inbox: verify, then act on one activity, once.

Order matters and is the same for every inbox (an actor's or the shared one):
1. the HTTP signature verifies (date, body digest, key fetched through the safe fetcher
   unless its server is blocked), else 401 and the body is not even parsed;
2. the body is small enough and is a JSON object with an id, a type and an actor, and
   that actor is the one whose key signed;
4. an activity id seen before changes nothing (replay);
5. the activity is handled in one transaction with its replay record.

A Note addressed only to a member's Person actor becomes a first message from a
stand-in account for the remote actor, through `message_send`: the same blocks, mutes,
quotas and near-duplicate flood guard as a local stranger's first message (P7). While
the member has not answered, at most REQUEST_CAP messages of one remote actor reach them.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts.models import User, Visibility
from travel.federation import remote as remotes
from travel.federation.actors import PUBLIC, actor_url, federation_on
from travel.federation.models import (
    Follower,
    InboxActivity,
    LocalActor,
    RemoteActor,
    RemoteInstance,
    RemoteRSVP,
)
from travel.federation.publishing import enqueue
from travel.federation.signatures import SignatureError, SignedRequest, verify
from travel.meetups.models import Meetup
from travel.messaging.models import Conversation, Message
from travel.messaging.services import QuotaExceeded, message_send

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024
REQUEST_CAP = 2
HANDLED = {"Follow", "Undo", "Accept", "TentativeAccept", "Reject", "Join", "Leave"}
HANDLED |= {"Delete", "Update", "Create"}
_EVENT_PATH = re.compile(r"/ap/events/([0-9a-f-]{36})$")


@dataclass
class Outcome:
    status: int
    message: str


class InboxError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def parse(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY:
        raise InboxError(413, "The activity is too large.")
    try:
        activity = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise InboxError(400, "The body is not JSON.") from None
    if not isinstance(activity, dict):
        raise InboxError(400, "The body is not a JSON object.")
    if not _id(activity.get("id")) or not isinstance(activity.get("type"), str):
        raise InboxError(400, "An activity needs an id and a type.")
    if not _id(activity.get("actor")):
        raise InboxError(400, "An activity needs an actor.")
    return activity


def authenticate(request: SignedRequest) -> RemoteActor:
    """The remote actor whose key signed `request` (checked before the body is read)."""
    signer: dict[str, RemoteActor] = {}

    def lookup(key: str) -> str:
        if remotes.is_blocked_domain(remotes.domain_of(key)):
            raise SignatureError("That server is blocked here.")
        try:
            found = remotes.actor_for_key(key)
        except remotes.RemoteError as exc:
            raise SignatureError(f"The signing key could not be fetched: {exc.message}") from exc
        signer["actor"] = found
        return found.public_key_pem

    try:
        verify(request, lookup)
    except SignatureError as first:
        known = signer.get("actor")
        if known is None:
            raise InboxError(401, str(first)) from first
        # Perhaps the key was rotated: fetch the actor once more and try again.
        try:
            fresh = remotes.actor_fetch(known.uri, refresh=True)
            verify(request, lambda key: fresh.public_key_pem)
            signer["actor"] = fresh
        except (SignatureError, remotes.RemoteError) as second:
            raise InboxError(401, str(second)) from second
    return signer["actor"]


def receive(*, request: SignedRequest, target: LocalActor | None) -> Outcome:
    """Handle one POST to an inbox (`target` None for the shared inbox)."""
    if not federation_on():
        raise InboxError(404, "Federation is off here.")
    actor = authenticate(request)
    activity = parse(request.body)
    if _id(activity.get("actor")) != actor.uri:
        raise InboxError(401, "The request is signed by another actor than the activity's.")
    if remotes.is_blocked_domain(actor.domain):
        raise InboxError(403, "That server is blocked here.")
    kind = activity["type"]
    if kind not in HANDLED:
        raise InboxError(400, f"Activities of type {kind[:40]} are not handled here.")
    activity_id = _id(activity["id"])
    if remotes.domain_of(activity_id) != actor.domain:
        raise InboxError(400, "The activity id belongs to another server.")
    RemoteInstance.objects.filter(domain=actor.domain, dead_since__isnull=False).update(
        dead_since=None, failures=0
    )
    try:
        with transaction.atomic():
            InboxActivity.objects.create(
                activity_id=activity_id, kind=kind[:40], actor_uri=actor.uri
            )
            message = _handle(kind, activity, actor, target)
    except IntegrityError:
        return Outcome(202, "Seen before.")
    return Outcome(202, message)


def _local_actor(uri: str) -> LocalActor | None:
    username = uri.rstrip("/").rsplit("/", 1)[-1]
    actor = LocalActor.objects.filter(username=username, enabled=True).first()
    if actor is None or actor_url(actor) != uri:
        return None
    return actor


def _meetup_for(uri: str) -> Meetup | None:
    from travel.federation.publishing import event_id, is_public

    match = _EVENT_PATH.search(uri)
    if not match:
        return None
    meetup = Meetup.objects.select_related("place").filter(public_id=match.group(1)).first()
    if meetup is None or event_id(meetup) != uri or not is_public(meetup):
        return None
    return meetup


def _handle(kind: str, activity: dict[str, Any], actor: RemoteActor, target: Any) -> str:
    obj = activity.get("object")
    if kind == "Follow":
        return _follow(activity, actor)
    if kind == "Undo":
        return _undo(obj, actor)
    if kind in ("Accept", "TentativeAccept", "Reject", "Join", "Leave"):
        return _answer(kind, obj, actor, activity)
    if kind == "Delete":
        return _delete(obj, actor)
    if kind == "Update":
        return _update(obj, actor)
    return _create(obj, actor, activity)


def _follow(activity: dict[str, Any], actor: RemoteActor) -> str:
    local = _local_actor(_id(activity.get("object")))
    if local is None or local.kind == LocalActor.Kind.INSTANCE:
        raise InboxError(404, "No such actor here.")
    Follower.objects.update_or_create(
        actor=local, remote=actor, defaults={"follow_id": _id(activity["id"])}
    )
    follow = {
        "id": _id(activity["id"]),
        "type": "Follow",
        "actor": actor.uri,
        "object": actor_url(local),
    }
    enqueue(
        actor=local,
        kind="Accept",
        payload={"object": follow, "to": [actor.uri]},
        inboxes={actor.inbox},
    )
    return "Accepted."


def _undo(obj: Any, actor: RemoteActor) -> str:
    if not isinstance(obj, dict):
        # Some servers send only the id of what they undo.
        follow_id = _id(obj)
        deleted, _ = Follower.objects.filter(remote=actor, follow_id=follow_id).delete()
        return "Undone." if deleted else "Nothing to undo."
    inner = obj.get("type")
    if _id(obj.get("actor")) not in ("", actor.uri):
        raise InboxError(400, "One cannot undo another actor's activity.")
    if inner == "Follow":
        local = _local_actor(_id(obj.get("object")))
        if local is not None:
            Follower.objects.filter(actor=local, remote=actor).delete()
        return "Unfollowed."
    if inner in ("Join", "Accept", "TentativeAccept"):
        meetup = _meetup_for(_id(obj.get("object")))
        if meetup is not None:
            RemoteRSVP.objects.filter(meetup=meetup, remote=actor).delete()
        return "Answer withdrawn."
    return "Nothing to undo."


def _is_our_follow(uri: str) -> bool:
    from travel.federation.models import Following

    return Following.objects.filter(follow_id=uri).exists()


_ANSWERS = {
    "Join": RemoteRSVP.Answer.YES,
    "Accept": RemoteRSVP.Answer.YES,
    "TentativeAccept": RemoteRSVP.Answer.MAYBE,
    "Reject": RemoteRSVP.Answer.NO,
    "Leave": RemoteRSVP.Answer.NO,
}


def _answer(kind: str, obj: Any, actor: RemoteActor, activity_of: dict[str, Any]) -> str:
    """Join/Leave (Mobilizon) and Accept/TentativeAccept/Reject (Friendica) of our Event.
    Accept/Reject of a Follow we never sent mean nothing here."""
    if kind in ("Accept", "Reject") and (
        (isinstance(obj, dict) and obj.get("type") == "Follow") or _is_our_follow(_id(obj))
    ):
        from travel.federation.outgoing import follow_answered

        follow_answered(follow_id=_id(obj), remote=actor, accepted=kind == "Accept")
        return "Noted."
    meetup = _meetup_for(_id(obj))
    if meetup is None:
        if kind in ("Accept", "Reject"):
            return "Noted."
        raise InboxError(404, "No such public meet-up here.")
    if meetup.has_ended():
        raise InboxError(400, "This meet-up is over.")
    answer = _ANSWERS[kind]
    if answer == RemoteRSVP.Answer.YES and meetup.capacity is not None:
        Meetup.objects.select_for_update().filter(pk=meetup.pk).first()
        taken = meetup.rsvps.filter(answer="yes").count()
        taken += (
            RemoteRSVP.objects.filter(meetup=meetup, answer="yes").exclude(remote=actor).count()
        )
        if taken >= meetup.capacity:
            raise InboxError(409, "This meet-up is full.")
    RemoteRSVP.objects.update_or_create(meetup=meetup, remote=actor, defaults={"answer": answer})
    if kind == "Join":
        # Mobilizon waits for the organizer's Accept of a Join (free join: at once). It
        # carries the Join only: the venue stays here (P10).
        from travel.federation.publishing import publisher_of

        local = publisher_of(meetup)
        if local is not None:
            join = {"id": _id(activity_of.get("id")), "type": "Join", "actor": actor.uri}
            join["object"] = _id(obj)
            enqueue(
                actor=local,
                kind="Accept",
                payload={"object": join, "to": [actor.uri]},
                inboxes={actor.inbox},
            )
    return "Answer recorded."


def _delete(obj: Any, actor: RemoteActor) -> str:
    if _id(obj) == actor.uri:
        # The actor is gone: their follows, answers, stand-in account and messages go too.
        from accounts.data_rights import account_delete

        member = actor.member
        actor.delete()
        if member is not None:
            # Through the account deletion every app knows, so each erases its part.
            account_delete(user=member)
        return "Forgotten."
    return "Nothing of theirs is kept here."


def _update(obj: Any, actor: RemoteActor) -> str:
    if isinstance(obj, dict) and _id(obj) == actor.uri:
        try:
            updated = remotes.actor_store(obj, uri=actor.uri)
        except remotes.RemoteError as exc:
            raise InboxError(400, exc.message) from exc
        if updated.member is not None:
            updated.member.display_name = _stand_in_name(updated)
            updated.member.save(update_fields=["display_name"])
        return "Profile updated."
    return "Not kept here."


# --- direct messages ---------------------------------------------------------------------
def _recipients(obj: dict[str, Any], activity: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for source in (obj, activity):
        for field in ("to", "cc", "bto", "bcc", "audience"):
            value = source.get(field)
            values = value if isinstance(value, list) else [value]
            found |= {_id(v) for v in values if _id(v)}
    return found


def _create(obj: Any, actor: RemoteActor, activity: dict[str, Any]) -> str:
    if not isinstance(obj, dict) or obj.get("type") not in ("Note", "ChatMessage"):
        return "Not kept here."
    if _id(obj.get("attributedTo")) not in ("", actor.uri):
        raise InboxError(400, "The note is attributed to another actor.")
    recipients = _recipients(obj, activity)
    if PUBLIC in recipients or "as:Public" in recipients or "Public" in recipients:
        return "Public notes are not kept here."
    people = [a for a in map(_local_actor, recipients) if a is not None]
    others = [uri for uri in recipients if _local_actor(uri) is None]
    if len(people) != 1 or people[0].kind != LocalActor.Kind.PERSON or others:
        # Only a note to exactly one of our members, and to nobody else, is a message.
        return "Only direct notes to one member are kept here."
    recipient = people[0].user
    assert recipient is not None
    body = note_text(obj)
    if not body:
        raise InboxError(400, "The note is empty.")
    return _message(actor, recipient, body)


def note_text(obj: dict[str, Any]) -> str:
    content = obj.get("content")
    if not isinstance(content, str):
        content = (
            obj.get("source", {}).get("content") if isinstance(obj.get("source"), dict) else ""
        )
    text = re.sub(r"<br\s*/?>|</p>\s*<p[^>]*>", "\n", content or "")
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def _stand_in_name(actor: RemoteActor) -> str:
    return f"{actor.name or actor.username} ({actor.handle})"[:80]


def stand_in(actor: RemoteActor) -> User:
    """The local account that carries a remote actor's messages (it cannot sign in)."""
    if actor.member is not None:
        return actor.member
    digest = hashlib.sha256(actor.uri.encode()).hexdigest()[:24]
    user = User.objects.create_user(
        email=f"remote-{digest}@fediverse.invalid",
        password=None,
        display_name=_stand_in_name(actor),
        profile_visibility=Visibility.ONLY_ME,
    )
    actor.member = user
    actor.save(update_fields=["member"])
    return user


def _message(actor: RemoteActor, recipient: User, body: str) -> str:
    sender = stand_in(actor)
    pending = Conversation.objects.filter(
        starter=sender, recipient=recipient, status=Conversation.Status.REQUEST
    ).first()
    if pending is not None and (
        Message.objects.filter(conversation=pending, sender=sender).count() >= REQUEST_CAP
    ):
        log.info("federation: %s has %s unanswered messages; dropped", actor.uri, REQUEST_CAP)
        return "Waiting for an answer to the earlier messages."
    try:
        with transaction.atomic():
            message_send(sender=sender, recipient=recipient, body=body[:4000])
    except Http404:
        # Blocked, suspended, or otherwise unreachable: answered like a delivery.
        return "Delivered."
    except QuotaExceeded as exc:
        raise InboxError(429, "Too many new conversations from this actor.") from exc
    except ValidationError as exc:
        raise InboxError(400, "; ".join(exc.messages)) from exc
    return "Delivered."
