"""The federation endpoints: discovery, actors, inboxes, collections, published objects.

Every one answers 404 while FEDERATION_ENABLED is off, and for actors that are switched off.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from travel.federation import inbox as inboxes
from travel.federation.actors import (
    AS_CONTEXT,
    absolute,
    acct,
    active_actor,
    actor_document,
    actor_url,
    federation_on,
    site_host,
)
from travel.federation.models import Follower, LocalActor, OutgoingActivity, PublishedMeetup
from travel.federation.publishing import PUBLIC, event_object, is_public, publisher_of
from travel.federation.signatures import SignedRequest
from travel.meetups.models import Meetup

log = logging.getLogger(__name__)

AS_TYPE = "application/activity+json"
JRD_TYPE = "application/jrd+json"


def _json(
    document: dict[str, Any], *, content_type: str = AS_TYPE, status: int = 200
) -> JsonResponse:
    response = JsonResponse(document, status=status, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found(message: str = "Not found.") -> JsonResponse:
    return JsonResponse({"message": message}, status=404)


def _wants_activity(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "activity+json" in accept or "ld+json" in accept or "application/json" in accept


# --- discovery -------------------------------------------------------------------------
@require_GET
def webfinger(request: HttpRequest) -> HttpResponse:
    if not federation_on():
        return _not_found()
    resource = request.GET.get("resource", "").strip()
    if not resource:
        return JsonResponse(
            {"message": "Give ?resource=acct:name@host.", "field": "resource"}, status=400
        )
    username = ""
    if resource.startswith("acct:"):
        name, _, host = resource.removeprefix("acct:").lstrip("@").rpartition("@")
        if host.lower() != site_host().lower():
            return _not_found("That account is not on this server.")
        username = name
    elif resource.startswith(settings.SITE_URL.rstrip("/") + "/"):
        username = resource.rstrip("/").rsplit("/", 1)[-1]
    actor = active_actor(username) if username else None
    if actor is None:
        return _not_found("No such account here.")
    document = actor_document(actor)
    return _json(
        {
            "subject": acct(actor),
            "aliases": [actor_url(actor), document["url"]],
            "links": [
                {"rel": "self", "type": AS_TYPE, "href": actor_url(actor)},
                {
                    "rel": "http://webfinger.net/rel/profile-page",
                    "type": "text/html",
                    "href": document["url"],
                },
            ],
        },
        content_type=JRD_TYPE,
    )


@require_GET
def host_meta(request: HttpRequest) -> HttpResponse:
    if not federation_on():
        return _not_found()
    template = absolute(reverse("federation:webfinger")) + "?resource={uri}"
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="{template}"/>\n'
        "</XRD>\n"
    )
    return HttpResponse(xml, content_type="application/xrd+xml")


@require_GET
def nodeinfo_index(request: HttpRequest) -> HttpResponse:
    if not federation_on():
        return _not_found()
    return _json(
        {
            "links": [
                {
                    "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
                    "href": absolute(reverse("federation:nodeinfo")),
                }
            ]
        },
        content_type="application/json",
    )


@require_GET
def nodeinfo(request: HttpRequest) -> HttpResponse:
    if not federation_on():
        return _not_found()
    people = LocalActor.objects.filter(kind=LocalActor.Kind.PERSON, enabled=True).count()
    groups = LocalActor.objects.filter(kind=LocalActor.Kind.GROUP, enabled=True).count()
    return _json(
        {
            "version": "2.1",
            "software": {
                "name": "stopover",
                "version": "1.0",
                "repository": "https://example.invalid/stopover",
            },
            "protocols": ["activitypub"],
            "services": {"inbound": [], "outbound": ["atom1.0"]},
            # Only actors that chose to be public are counted: members stay uncounted.
            "usage": {"users": {"total": people}, "localPosts": 0},
            "openRegistrations": True,
            "metadata": {"nodeName": settings.SITE_NAME, "groups": groups},
        },
        content_type='application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"',
    )


# --- actors ----------------------------------------------------------------------------
@require_GET
def actor(request: HttpRequest, username: str) -> HttpResponse:
    local = active_actor(username)
    if local is None:
        return _not_found()
    document = actor_document(local)
    if not _wants_activity(request) and local.kind == LocalActor.Kind.GROUP:
        return HttpResponseRedirect(document["url"])
    return _json(document)


def _signed(request: HttpRequest) -> SignedRequest:
    return SignedRequest(
        method=request.method or "POST",
        url=request.build_absolute_uri(),
        headers={"host": request.get_host()}
        | {name.lower(): value for name, value in request.headers.items()},
        body=request.body,
    )


def _receive(request: HttpRequest, target: LocalActor | None) -> HttpResponse:
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > inboxes.MAX_BODY:
        return JsonResponse({"message": "The activity is too large."}, status=413)
    try:
        outcome = inboxes.receive(request=_signed(request), target=target)
    except inboxes.InboxError as exc:
        log.info("federation inbox: %s %s", exc.status, exc.message)
        return JsonResponse({"message": exc.message}, status=exc.status)
    return JsonResponse({"message": outcome.message}, status=outcome.status)


@csrf_exempt
@require_POST
def actor_inbox(request: HttpRequest, username: str) -> HttpResponse:
    local = active_actor(username)
    if local is None:
        return _not_found()
    return _receive(request, local)


@csrf_exempt
@require_POST
def shared_inbox(request: HttpRequest) -> HttpResponse:
    if not federation_on():
        return _not_found()
    return _receive(request, None)


def _public_meetups(local: LocalActor) -> list[Meetup]:
    published = PublishedMeetup.objects.filter(actor=local, deleted=False).values_list(
        "meetup_id", flat=True
    )
    meetups = (
        Meetup.objects.filter(pk__in=published)
        .select_related("place")
        .prefetch_related("topics")
        .order_by("-starts")[:20]
    )
    return [m for m in meetups if is_public(m)]


@require_GET
def outbox(request: HttpRequest, username: str) -> HttpResponse:
    local = active_actor(username)
    if local is None:
        return _not_found()
    url = actor_url(local)
    items = [
        {
            "id": f"{url}/outbox#create-{meetup.public_id}",
            "type": "Create",
            "actor": url,
            "to": [PUBLIC],
            "object": event_object(meetup, local),
        }
        for meetup in _public_meetups(local)
    ]
    return _json(
        {
            "@context": AS_CONTEXT,
            "id": url + "/outbox",
            "type": "OrderedCollection",
            "totalItems": len(items),
            "orderedItems": items,
        }
    )


@require_GET
def followers(request: HttpRequest, username: str) -> HttpResponse:
    """The number of followers only: who follows whom is nobody else's business."""
    local = active_actor(username)
    if local is None:
        return _not_found()
    return _json(
        {
            "@context": AS_CONTEXT,
            "id": actor_url(local) + "/followers",
            "type": "OrderedCollection",
            "totalItems": Follower.objects.filter(actor=local).count(),
        }
    )


@require_GET
def event(request: HttpRequest, public_id: str) -> HttpResponse:
    if not federation_on():
        return _not_found()
    meetup = Meetup.objects.select_related("place").filter(public_id=public_id).first()
    if meetup is None or not is_public(meetup):
        return _not_found()
    local = publisher_of(meetup)
    if local is None:
        return _not_found()
    if not _wants_activity(request):
        return HttpResponseRedirect(reverse("meetups:detail", args=[meetup.public_id]))
    return _json({"@context": AS_CONTEXT, **event_object(meetup, local)})


@require_GET
def activity(request: HttpRequest, public_id: str) -> HttpResponse:
    """A public activity we sent (addressed to the public): its JSON, as delivered."""
    if not federation_on():
        return _not_found()
    outgoing = OutgoingActivity.objects.filter(public_id=public_id, actor__enabled=True).first()
    if outgoing is None or PUBLIC not in (outgoing.payload.get("to") or []):
        return _not_found()
    return _json(outgoing.payload)


@require_GET
def note(request: HttpRequest, public_id: str) -> HttpResponse:
    if not federation_on():
        return _not_found()
    url = absolute(reverse("federation:note", args=[public_id]))
    outgoing = OutgoingActivity.objects.filter(
        kind="Create", payload__object__id=url, actor__enabled=True
    ).first()
    if outgoing is None or PUBLIC not in (outgoing.payload.get("to") or []):
        return _not_found()
    return _json({"@context": AS_CONTEXT, **outgoing.payload["object"]})
