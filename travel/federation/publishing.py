"""What we publish: public meet-ups as Events, and the activities about our own actors.

Every function here runs inside the transaction of the change it reports: it writes
the OutgoingActivity and its Delivery rows there (the outbox pattern), and the sending
is queued on commit. P10: an Event carries what the public Atom feeds carry (title,
city, date and time in the place's zone, topics, link), never the venue, the
description, the organizer or attendees.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts.models import Visibility
from travel.federation.actors import (
    AS_CONTEXT,
    PUBLIC,
    absolute,
    actor_document,
    actor_url,
    federation_on,
)
from travel.federation.models import (
    BlockedDomain,
    Delivery,
    Follower,
    LocalActor,
    OutgoingActivity,
    PublishedMeetup,
    RemoteInstance,
)
from travel.meetups.models import Meetup

log = logging.getLogger(__name__)

# Every (activity, object) this instance can send; the P10 test walks each one.
SENDABLE = frozenset(
    {
        ("Accept", "Follow"),
        ("Accept", "Join"),
        ("Create", "Event"),
        ("Update", "Event"),
        ("Create", "Note"),
        ("Delete", "Tombstone"),
        ("Update", "Person"),
        ("Update", "Group"),
        ("Delete", "actor"),
        ("Follow", "actor"),
        ("Create", "Note (direct)"),
    }
)


# --- who speaks for a meet-up ----------------------------------------------------------
def publisher_of(meetup: Meetup) -> LocalActor | None:
    """The collective's Group if it federates, else the organizer's Person if on."""
    if meetup.collective_id:
        group = LocalActor.objects.filter(collective_id=meetup.collective_id, enabled=True).first()
        if group is not None:
            return group
    return LocalActor.objects.filter(
        user_id=meetup.organizer_id, enabled=True, user__is_active=True, user__is_suspended=False
    ).first()


def is_public(meetup: Meetup) -> bool:
    """Listed publicly, visible to all members, not cancelled: the only meet-ups that leave."""
    return (
        meetup.listed_publicly
        and meetup.visibility == Visibility.MEMBERS
        and meetup.status == Meetup.Status.SCHEDULED
    )


# --- the Event -----------------------------------------------------------------------
def event_id(meetup: Meetup) -> str:
    return absolute(reverse("federation:event", args=[meetup.public_id]))


def _when(local: datetime) -> tuple[str, str]:
    with translation.override("en"):
        return formats.date_format(local, "l j F Y"), local.strftime("%H:%M")


def event_line(meetup: Meetup) -> str:
    """ "Tuesday 7 April 2026, 19:00 (Europe/Oslo), Tromsø" — what Mastodon shows."""
    day, time = _when(meetup.starts_local)
    return f"{day}, {time} ({meetup.tz.key}), {meetup.place.name}"


def event_object(meetup: Meetup, actor: LocalActor) -> dict[str, Any]:
    place = meetup.place
    line = event_line(meetup)
    topics = list(meetup.topics.all())
    tags = [
        {
            "type": "Hashtag",
            "name": "#" + topic.slug.replace("-", ""),
            "href": absolute(reverse("meetups:atom_topic", args=[topic.slug])),
        }
        for topic in topics
    ]
    topic_line = " ".join(tag["name"] for tag in tags)
    content = f"<p>{_escape(line)}</p>"
    if topic_line:
        content += f"<p>{_escape(topic_line)}</p>"
    followers = actor_url(actor) + "/followers"
    document: dict[str, Any] = {
        "id": event_id(meetup),
        "type": "Event",
        "name": meetup.title,
        "summary": line,
        "content": content,
        "startTime": meetup.starts_local.isoformat(),
        "timezone": meetup.tz.key,
        "location": {
            "type": "Place",
            "name": place.name,
            "address": {
                "type": "PostalAddress",
                "addressLocality": place.name,
                "addressCountry": place.country_code,
            },
        },
        "tag": tags,
        "url": absolute(reverse("meetups:detail", args=[meetup.public_id])),
        "attributedTo": actor_url(actor),
        "to": [PUBLIC],
        "cc": [followers],
        "published": meetup.created.isoformat(),
        "updated": meetup.updated.isoformat(),
        "joinMode": "free",
        "commentsEnabled": False,
    }
    if meetup.ends_local is not None:
        document["endTime"] = meetup.ends_local.isoformat()
    return document


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


# --- the outbox ----------------------------------------------------------------------
def activity_id(actor: LocalActor, outgoing: OutgoingActivity) -> str:
    return absolute(reverse("federation:activity", args=[outgoing.public_id]))


def follower_inboxes(actor: LocalActor) -> set[str]:
    """One inbox per instance where it has a shared inbox, else each follower's own."""
    inboxes: set[str] = set()
    shared_by_domain: dict[str, str] = {}
    rows = list(Follower.objects.filter(actor=actor).select_related("remote"))
    for row in rows:
        if row.remote.shared_inbox:
            shared_by_domain.setdefault(row.remote.domain, row.remote.shared_inbox)
    for row in rows:
        inboxes.add(shared_by_domain.get(row.remote.domain) or row.remote.inbox)
    return inboxes


def enqueue(
    *, actor: LocalActor, kind: str, payload: dict[str, Any], inboxes: set[str]
) -> OutgoingActivity | None:
    """Write the activity and one Delivery per inbox; sending is queued on commit."""
    from urllib.parse import urlsplit

    blocked = set(BlockedDomain.objects.values_list("domain", flat=True))
    dead = set(
        RemoteInstance.objects.filter(dead_since__isnull=False).values_list("domain", flat=True)
    )
    targets = {}
    for inbox in inboxes:
        domain = (urlsplit(inbox).hostname or "").lower()
        if domain and domain not in blocked and domain not in dead:
            targets[inbox] = domain
    outgoing = OutgoingActivity(actor=actor, kind=kind, payload={})
    outgoing.payload = {
        "@context": AS_CONTEXT,
        "id": activity_id(actor, outgoing),
        "type": kind,
        "actor": actor_url(actor),
        **payload,
    }
    outgoing.save()
    if not targets:
        return outgoing
    Delivery.objects.bulk_create(
        [
            Delivery(activity=outgoing, inbox=inbox, domain=domain)
            for inbox, domain in targets.items()
        ],
        ignore_conflicts=True,
    )
    pk = outgoing.pk
    transaction.on_commit(lambda: _queue(pk))
    return outgoing


def _queue(activity_pk: int) -> None:
    from travel.federation.tasks import deliver

    for delivery_id in Delivery.objects.filter(
        activity_id=activity_pk, status=Delivery.Status.PENDING
    ).values_list("pk", flat=True):
        try:
            deliver.apply_async(args=[delivery_id], retry=False)
        except Exception as exc:  # the beat job re-queues what was not queued
            log.warning("federation: could not queue delivery %s (%s)", delivery_id, exc)


def _to_followers(actor: LocalActor) -> dict[str, Any]:
    return {"to": [PUBLIC], "cc": [actor_url(actor) + "/followers"]}


# --- meet-ups (domain event subscribers) ---------------------------------------------
def meetup_sync(*, meetup_id: int, change: str = "created") -> None:
    """Tell followers what they should now know about a meet-up: Create, Update (with a
    short Note saying what changed), or Delete when it is cancelled or no longer public."""
    if not federation_on():
        return
    meetup = Meetup.objects.select_related("place").filter(pk=meetup_id).first()
    if meetup is None:
        return
    published = PublishedMeetup.objects.select_for_update().filter(meetup=meetup).first()
    actor = publisher_of(meetup)
    if actor is None or not is_public(meetup):
        if published is not None and not published.deleted:
            _meetup_delete(meetup, published, cancelled=meetup.is_cancelled)
        return
    if published is None or published.deleted or published.actor_id != actor.pk:
        if published is not None and not published.deleted:
            _meetup_delete(meetup, published, cancelled=False)
        _meetup_create(meetup, actor, published)
        return
    _meetup_update(meetup, actor, published)


def _meetup_create(meetup: Meetup, actor: LocalActor, published: PublishedMeetup | None) -> None:
    event = event_object(meetup, actor)
    enqueue(
        actor=actor,
        kind="Create",
        payload={"object": event, **_to_followers(actor)},
        inboxes=follower_inboxes(actor),
    )
    if published is None:
        published = PublishedMeetup(meetup=meetup, actor=actor)
    published.actor = actor
    published.starts = meetup.starts
    published.place_name = meetup.place.name
    published.deleted = False
    published.save()


def change_note(meetup: Meetup, published: PublishedMeetup) -> str:
    """A short line for people whose client shows Notes only ("moved to 19:00")."""
    with translation.override("en"):
        parts = []
        if meetup.starts != published.starts:
            old = published.starts.astimezone(meetup.tz)
            new = meetup.starts_local
            if old.date() == new.date():
                parts.append(_("moved to %(time)s") % {"time": new.strftime("%H:%M")})
            else:
                day, time = _when(new)
                parts.append(_("moved to %(day)s, %(time)s") % {"day": day, "time": time})
        if meetup.place.name != published.place_name:
            parts.append(_("now in %(city)s") % {"city": meetup.place.name})
        if not parts:
            parts.append(_("updated"))
        return f"{meetup.title}: {', '.join(parts)} ({event_line(meetup)})"


def _note(actor: LocalActor, text: str, in_reply_to: str) -> dict[str, Any]:
    from uuid import uuid4

    return {
        "id": absolute(reverse("federation:note", args=[uuid4()])),
        "type": "Note",
        "attributedTo": actor_url(actor),
        "content": f"<p>{_escape(text)}</p>",
        "inReplyTo": in_reply_to,
        **_to_followers(actor),
    }


def _meetup_update(meetup: Meetup, actor: LocalActor, published: PublishedMeetup) -> None:
    inboxes = follower_inboxes(actor)
    event = event_object(meetup, actor)
    enqueue(
        actor=actor,
        kind="Update",
        payload={"object": event, **_to_followers(actor)},
        inboxes=inboxes,
    )
    note = _note(actor, change_note(meetup, published), event["id"])
    enqueue(
        actor=actor,
        kind="Create",
        payload={"object": note, **_to_followers(actor)},
        inboxes=inboxes,
    )
    published.starts = meetup.starts
    published.place_name = meetup.place.name
    published.save(update_fields=["starts", "place_name", "updated"])


def _meetup_delete(meetup: Meetup, published: PublishedMeetup, *, cancelled: bool) -> None:
    actor = published.actor
    inboxes = follower_inboxes(actor)
    if cancelled:
        with translation.override("en"):
            text = _("Cancelled: %(title)s (%(when)s)") % {
                "title": meetup.title,
                "when": event_line(meetup),
            }
        enqueue(
            actor=actor,
            kind="Create",
            payload={"object": _note(actor, text, event_id(meetup)), **_to_followers(actor)},
            inboxes=inboxes,
        )
    enqueue(
        actor=actor,
        kind="Delete",
        payload={
            "object": {"id": event_id(meetup), "type": "Tombstone", "formerType": "Event"},
            **_to_followers(actor),
        },
        inboxes=inboxes,
    )
    published.deleted = True
    published.save(update_fields=["deleted", "updated"])


# --- our actors ------------------------------------------------------------------------
def actor_update_send(*, actor: LocalActor) -> None:
    enqueue(
        actor=actor,
        kind="Update",
        payload={"object": actor_document(actor), **_to_followers(actor)},
        inboxes=follower_inboxes(actor),
    )


def actor_delete_send(*, actor: LocalActor) -> None:
    """The actor was switched off: followers drop it, and we forget them."""
    enqueue(
        actor=actor,
        kind="Delete",
        payload={"object": actor_url(actor), **_to_followers(actor)},
        inboxes=follower_inboxes(actor),
    )
    Follower.objects.filter(actor=actor).delete()
    PublishedMeetup.objects.filter(actor=actor).update(deleted=True)
