"""The access sweep (P3, P5, P9): every URL and API route that takes an id, called as the
owner, another member, a blocked member and an anonymous visitor.

One world: `owner` has one of every kind of thing addressed by an id, hidden from other
members wherever visibility allows hiding. Every URL pattern with a parameter must be in
ROUTES below (a new URL fails the sweep until it is added), which names the world's
object behind each parameter and, per role, what the answer may be:

- DENY (the default): exactly the answer for an id that does not exist: a 404 (the same
  JSON for the API), a 405 where the view does not take that method, and for anonymous
  visitors the sign-in redirect (HTML) or a 401 (API). Nothing in the database changes.
- READ: readable by design (a collective's page, a spot): GET is a 200; anything else may
  be refused any way short of a 5xx, and nothing in the database changes.
- ACT: a change anyone signed in may make by design (ask to join a collective, confirm a
  spot, block someone whose id they know): not a 404; run in a savepoint rolled back.
- FEED: a secret-token feed: whoever holds the token reads it (a wrong token is a 404).
- PUBLIC: public aggregate feeds that name no person.

Responses to anyone but the owner never contain the owner's name, email or the titles
and texts of their hidden things (the FEED holders excepted: the token is the key).
The owner's own calls run last, each in a savepoint rolled back: they must not be a 404.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Connection, ContactChannel, Mute
from accounts.services import api_token_create, connection_make
from tests.conftest import client_for, make_member
from tests.matching.factories import day, meetup, offer, spot, trip

# ------------------------------------------------------------------ policies

DENY, READ, ACT, FEED, PUBLIC = "deny", "read", "act", "feed", "public"
ROLES = ("member", "blocked", "anonymous")


def lit(value: str) -> str:
    """A route parameter given literally (an action, a kind), not a world object."""
    return "=" + value


@dataclass(frozen=True)
class Case:
    params: dict[str, str]  # route parameter -> world key, or lit("value")
    member: str = DENY
    blocked: str = DENY
    anonymous: str = DENY
    # URLs that take a person act on that person: the owner's own calls go to their
    # connected friend (nobody messages, mutes, blocks or reports themselves).
    owner_params: dict[str, str] | None = None
    # An API body that passes the schema, so the call reaches the permission check
    # (a schema error would answer 422 before anything is looked up). "@key": a world id.
    body: dict[str, Any] | None = None


PERSON = {"params": {"public_id": "owner_person"}, "owner_params": {"public_id": "friend"}}


EVERYONE_READS = {"member": READ, "blocked": READ, "anonymous": READ}
FED = Case({"username": "group_actor"}, **EVERYONE_READS)  # type: ignore[arg-type]


def feed(key: str) -> Case:
    return Case({"token": key}, member=FEED, blocked=FEED, anonymous=FEED)


ROUTES: dict[str, list[Case]] = {
    # accounts ------------------------------------------------------------------------
    "me/people/<uuid:public_id>/": [Case({"public_id": "owner_person"})],
    # Anyone who knows a member's public id may block them, even with a hidden profile
    # (accounts.selectors.member_blockable_by): someone writing to you must be blockable.
    "me/people/<uuid:public_id>/block": [Case(**PERSON, member=ACT)],  # type: ignore[arg-type]
    "me/people/<uuid:public_id>/photo.jpg": [Case({"public_id": "owner_person"})],
    "me/settings/contacts/<uuid:public_id>/": [Case({"public_id": "contact"})],
    "me/settings/contacts/<uuid:public_id>/delete": [Case({"public_id": "contact"})],
    "me/settings/blocks/<uuid:public_id>/delete": [Case({"public_id": "blocked_person"})],
    "me/settings/tokens/<int:token_id>/revoke": [Case({"token_id": "token"})],
    # trips ---------------------------------------------------------------------------
    "trips/calendar/<str:token>.ics": [feed("trip_feed")],
    "trips/<uuid:public_id>/": [Case({"public_id": "trip"})],
    "trips/<uuid:public_id>/edit": [Case({"public_id": "trip"})],
    "trips/<uuid:public_id>/delete": [Case({"public_id": "trip"})],
    "trips/<uuid:public_id>/calendar.ics": [Case({"public_id": "trip"})],
    "trips/<uuid:public_id>/calendar/reset": [Case({"public_id": "trip"})],
    "trips/<uuid:public_id>/route.gpx": [Case({"public_id": "trip"})],
    # hosting -------------------------------------------------------------------------
    "hosting/offers/<uuid:public_id>/": [Case({"public_id": "offer"})],
    "hosting/offers/<uuid:public_id>/edit/": [Case({"public_id": "offer"})],
    "hosting/offers/<uuid:public_id>/delete/": [Case({"public_id": "offer"})],
    "hosting/offers/<uuid:public_id>/availability/": [Case({"public_id": "offer"})],
    "hosting/offers/<uuid:public_id>/availability/<uuid:window_id>/delete/": [
        Case({"public_id": "offer", "window_id": "window"})
    ],
    # Offer to host: on someone else's trip (the owner offers on their friend's).
    "hosting/trips/<uuid:public_id>/invite/": [
        Case({"public_id": "trip"}, owner_params={"public_id": "peer_trip"})
    ],
    "hosting/requests/<uuid:public_id>/": [Case({"public_id": "stay"})],
    "hosting/requests/<uuid:public_id>/<str:action>/": [
        Case({"public_id": "stay", "action": lit("decline")})
    ],
    # Spots are shared map knowledge: members read and confirm them; only the member who
    # added one removes it.
    "hosting/spots/<uuid:public_id>/": [Case({"public_id": "spot"}, member=READ)],
    "hosting/spots/<uuid:public_id>/confirm/": [Case({"public_id": "spot"}, member=ACT)],
    "hosting/spots/<uuid:public_id>/delete/": [Case({"public_id": "spot"}, member=READ)],
    # meet-ups ------------------------------------------------------------------------
    "meetups/calendar/<str:token>.ics": [feed("meetup_feed")],
    "meetups/feeds/place/<int:place_id>.atom": [
        Case({"place_id": "oslo"}, member=PUBLIC, blocked=PUBLIC, anonymous=PUBLIC)
    ],
    "meetups/feeds/topic/<slug:slug>.atom": [
        Case({"slug": lit("unions")}, member=PUBLIC, blocked=PUBLIC, anonymous=PUBLIC)
    ],
    "meetups/<uuid:public_id>/": [Case({"public_id": "meetup"})],
    "meetups/<uuid:public_id>/edit/": [Case({"public_id": "meetup"})],
    "meetups/<uuid:public_id>/rsvp/": [Case({"public_id": "meetup"})],
    "meetups/<uuid:public_id>/invite/": [Case({"public_id": "meetup"})],
    "meetups/<uuid:public_id>/cancel/": [Case({"public_id": "meetup"})],
    "meetups/<uuid:public_id>/meetup.ics": [Case({"public_id": "meetup"})],
    # collectives ---------------------------------------------------------------------
    # Collectives are organisations, not people (travel/collectives/selectors.py): any
    # signed-in member reads their page and may ask to join; the member list, admin
    # actions, join offers and calendars are for members and admins only. The blocked
    # member reads it too: the page never shows the blocker (members are listed to
    # members only, without anyone across a block). Asking to join a collective whose
    # admin blocked you answers like a missing one (issue 14).
    "collectives/calendar/<str:token>.ics": [feed("collective_feed")],
    "collectives/<uuid:public_id>/": [Case({"public_id": "collective"}, member=READ, blocked=READ)],
    "collectives/<uuid:public_id>/edit/": [Case({"public_id": "collective"})],
    "collectives/<uuid:public_id>/join/": [Case({"public_id": "collective"}, member=ACT)],
    "collectives/<uuid:public_id>/leave/": [
        Case({"public_id": "collective"}, member=READ, blocked=READ)
    ],
    "collectives/<uuid:public_id>/invite/": [
        Case({"public_id": "collective"}, member=READ, blocked=READ)
    ],
    "collectives/<uuid:public_id>/calendar/reset/": [Case({"public_id": "collective"})],
    "collectives/<uuid:public_id>/offers/<uuid:offer_id>/<str:verdict>/": [
        Case({"public_id": "collective", "offer_id": "join_offer", "verdict": lit("decline")})
    ],
    "collectives/<uuid:public_id>/members/<uuid:user_id>/": [
        Case({"public_id": "collective", "user_id": "fellow"})
    ],
    # messaging -----------------------------------------------------------------------
    "messages/c/<uuid:public_id>/": [Case({"public_id": "conversation"})],
    "messages/c/<uuid:public_id>/poll/": [Case({"public_id": "conversation"})],
    "messages/c/<uuid:public_id>/accept/": [Case({"public_id": "conversation"})],
    "messages/c/<uuid:public_id>/decline/": [Case({"public_id": "conversation"})],
    "messages/new/<uuid:public_id>/": [Case(**PERSON)],  # type: ignore[arg-type]
    "messages/subject/<slug:kind>/<str:subject_id>/": [
        Case({"kind": lit("stay_request"), "subject_id": "stay"})
    ],
    "messages/mute/<uuid:public_id>/": [Case(**PERSON)],  # type: ignore[arg-type]
    "messages/report/<slug:kind>/<uuid:public_id>/": [
        Case({"kind": lit("member"), **PERSON["params"]}, owner_params=PERSON["owner_params"]),
        Case({"kind": lit("message"), "public_id": "message"}),
        Case({"kind": lit("trip"), "public_id": "trip"}, owner_params={"public_id": "peer_trip"}),
        Case(
            {"kind": lit("offer"), "public_id": "offer"}, owner_params={"public_id": "peer_offer"}
        ),
        # A spot is seen by all members, so any of them may report it.
        Case(
            {"kind": lit("spot"), "public_id": "spot"},
            member=ACT,
            owner_params={"public_id": "peer_spot"},
        ),
        Case(
            {"kind": lit("meetup"), "public_id": "meetup"},
            owner_params={"public_id": "peer_meetup"},
        ),
    ],
    "messages/references/new/<uuid:public_id>/": [Case(**PERSON)],  # type: ignore[arg-type]
    # matching ------------------------------------------------------------------------
    "matching/trips/<uuid:public_id>/suggestions": [Case({"public_id": "trip"})],
    "matching/trips/<uuid:public_id>/stops/<uuid:stop_id>/<str:kind>": [
        Case({"public_id": "trip", "stop_id": "trip_stop", "kind": lit("spot")})
    ],
    "matching/trips/<uuid:public_id>/stops/<uuid:stop_id>/seen": [
        Case({"public_id": "trip", "stop_id": "trip_stop"})
    ],
    "matching/suggestions/<uuid:public_id>/<str:state>": [
        Case({"public_id": "suggestion", "state": lit("seen")})
    ],
    # notifications -------------------------------------------------------------------
    "notifications/<uuid:public_id>/open/": [Case({"public_id": "notification"})],
    "notifications/devices/<uuid:public_id>/remove/": [Case({"public_id": "push_device"})],
    # An email's one-click link: the signed token is the key, no session needed (RFC
    # 8058); a wrong token is a 404.
    "notifications/email/<str:token>/": [
        Case({"token": "unsubscribe_token"}, member=ACT, blocked=ACT, anonymous=ACT)
    ],
    # API -----------------------------------------------------------------------------
    "api/blocks/<public_id>": [Case({"public_id": "blocked_person"})],
    "api/trips/<public_id>": [Case({"public_id": "trip"})],
    "api/trips/<public_id>/suggestions": [Case({"public_id": "trip"})],
    "api/trips/<public_id>/host-invitations": [
        Case(
            {"public_id": "trip"},
            owner_params={"public_id": "peer_trip"},
            body={
                "stop": "@trip_stop",
                "offer": "@offer",
                "arrive": "2030-01-01",
                "depart": "2030-01-02",
            },
        )
    ],
    "api/members/<public_id>/references": [Case({"public_id": "owner_person"})],
    "api/meetups/<public_id>": [Case({"public_id": "meetup"})],
    "api/meetups/<public_id>/rsvp": [Case({"public_id": "meetup"}, body={"answer": "yes"})],
    "api/meetups/<public_id>/invitations": [
        Case({"public_id": "meetup"}, body={"user": "@friend"})
    ],
    "api/collectives/<public_id>": [Case({"public_id": "collective"}, member=READ, blocked=READ)],
    "api/collectives/<public_id>/members": [
        Case({"public_id": "collective"}, member=READ, blocked=READ)
    ],
    "api/collectives/<public_id>/join": [Case({"public_id": "collective"}, member=ACT)],
    "api/collectives/<public_id>/leave": [
        Case({"public_id": "collective"}, member=READ, blocked=READ)
    ],
    "api/collectives/<public_id>/invitations": [
        Case({"public_id": "collective"}, member=READ, blocked=READ, body={"user": "@friend"})
    ],
    "api/collectives/<public_id>/offers/<offer_id>/<verdict>": [
        Case({"public_id": "collective", "offer_id": "join_offer", "verdict": lit("decline")})
    ],
    "api/offers/<public_id>": [Case({"public_id": "offer"})],
    "api/offers/<public_id>/availability": [
        Case({"public_id": "offer"}, body={"start": "2031-06-01", "end": "2031-06-03"})
    ],
    "api/offers/<public_id>/availability/<window_id>": [
        Case({"public_id": "offer", "window_id": "window"})
    ],
    "api/offers/<public_id>/requests": [
        Case(
            {"public_id": "offer"},
            body={"arrive": "2031-04-03", "depart": "2031-04-05", "message": "Hello"},
        )
    ],
    "api/stay-requests/<public_id>": [Case({"public_id": "stay"})],
    "api/stay-requests/<public_id>/<action>": [
        Case({"public_id": "stay", "action": lit("decline")})
    ],
    "api/spots/<public_id>": [Case({"public_id": "spot"}, member=READ)],
    "api/spots/<public_id>/confirm": [Case({"public_id": "spot"}, member=ACT)],
    "api/conversations/<public_id>": [Case({"public_id": "conversation"})],
    "api/conversations/<public_id>/messages": [
        Case({"public_id": "conversation"}, body={"body": "Hello again"})
    ],
    "api/requests/<public_id>/<action>": [
        Case({"public_id": "conversation", "action": lit("decline")})
    ],
    "api/mutes/<public_id>": [Case(**PERSON)],  # type: ignore[arg-type]
    "api/notifications/<notification_id>/read": [Case({"notification_id": "notification"})],
    "api/notifications/push-subscriptions/<subscription_id>": [
        Case({"subscription_id": "push_device"})
    ],
    # federation ----------------------------------------------------------------------
    # The collective switched its Group actor on: its actor, collections and public
    # Event are for the whole Fediverse to read (P10 says what they may carry; nothing
    # here names the owner). Inboxes take only signed POSTs (401 otherwise); the switch
    # is for the collective's admins.
    **{
        route: [FED]
        for route in (
            "ap/actors/<slug:username>",
            "ap/actors/<slug:username>/inbox",
            "ap/actors/<slug:username>/outbox",
            "ap/actors/<slug:username>/followers",
        )
    },
    "ap/events/<uuid:public_id>": [Case({"public_id": "fed_event"}, **EVERYONE_READS)],
    "ap/activities/<uuid:public_id>": [Case({"public_id": "fed_activity"}, **EVERYONE_READS)],
    "ap/notes/<uuid:public_id>": [Case({"public_id": "fed_note"}, **EVERYONE_READS)],
    "collectives/<uuid:public_id>/fediverse/": [Case({"public_id": "collective"})],
}

# Third-party URL trees: the admin (staff only, MFA) and allauth's sign-in pages.
SKIPPED_PREFIXES = ("admin/", "accounts/")
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


# ------------------------------------------------------------------ walking the URLs


@dataclass(frozen=True)
class Route:
    route: str
    is_api: bool
    methods: tuple[str, ...]


def _ninja_methods(pattern: URLPattern) -> tuple[str, ...]:
    """The HTTP methods of a django-ninja path (its PathView's operations)."""
    for cell in pattern.callback.__closure__ or ():
        view = cell.cell_contents
        if hasattr(view, "operations"):
            return tuple(sorted({m for op in view.operations for m in op.methods}))
    raise AssertionError(f"cannot find the operations of {pattern}")


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def routes_with_parameters() -> list[Route]:
    found: dict[str, Route] = {}
    for route, pattern in _walk(get_resolver()):
        if route.startswith(SKIPPED_PREFIXES) or not PARAM.search(route):
            continue
        is_api = route.startswith("api/")
        # Ninja lists one entry per operation name on the same path: keep one per path.
        methods = _ninja_methods(pattern) if is_api else ("GET", "POST")
        found.setdefault(route, Route(route, is_api, methods))
    return list(found.values())


# ------------------------------------------------------------------ the world


@dataclass
class World:
    ids: dict[str, Any]
    markers: list[str]
    clients: dict[str, Client] = field(default_factory=dict)


@pytest.fixture
def world(places, owner, member, blocked, outsider, settings) -> World:
    from travel.collectives.models import JoinOffer, Membership
    from travel.collectives.services import collective_create, membership_calendar_get
    from travel.hosting.models import StayRequest
    from travel.matching.models import Suggestion
    from travel.meetups.services import feed_token_get
    from travel.messaging.services import message_send
    from travel.notifications.models import Notification, PushSubscription
    from travel.notifications.services import unsubscribe_token
    from travel.topics.models import Topic

    oslo = places("Oslo")
    owner.profile_visibility = "only_me"
    owner.save(update_fields=["profile_visibility"])
    friend = make_member("friend@example.org", display_name="Fern Friend")
    applicant = make_member("applicant@example.org", display_name="Abe Applicant")
    connection_make(a=owner, b=friend, reason=Connection.Reason.MEETUP)

    contact = ContactChannel.objects.create(
        user=owner, kind="matrix", value="@olive-secret:example.org", visibility="members"
    )
    token_row, _token = api_token_create(user=owner, name="sweep script")
    from accounts.models import ProfilePhoto

    ProfilePhoto.objects.create(
        user=owner, image=b"\xff\xd8", width=1, height=1, visibility="only_me"
    )
    Mute.objects.create(muter=owner, muted=friend)

    the_trip = trip(owner, [(oslo, 1, 3)], visibility="only_me")
    the_trip.title = "Olive secret trip"
    the_trip.save(update_fields=["title"])
    stop = the_trip.stops.get()
    the_offer = offer(owner, oslo, visibility="only_me")
    the_offer.title = "Olive hidden room"
    the_offer.save(update_fields=["title"])
    window = the_offer.availability.get()
    stay = StayRequest.objects.create(
        traveller=outsider,
        offer=the_offer,
        arrive=day(2),
        depart=day(4),
        guests=1,
        message="May I stay, please?",
        status=StayRequest.Status.PENDING,
    )
    the_spot = spot(owner, oslo)
    the_meetup = meetup(owner, oslo, on=3, visibility="only_me")
    the_meetup.title = "Olive private evening"
    # Opted in to the public feeds, which must still leave it out: it is "only me".
    the_meetup.listed_publicly = True
    the_meetup.save(update_fields=["title", "listed_publicly"])
    first = message_send(sender=outsider, recipient=owner, body="Hello Olive, a quiet word.")
    suggestion = Suggestion.objects.create(
        trip=the_trip, stop=stop, kind="spot", target_id=the_spot.pk, score=1.0
    )

    collective = collective_create(
        creator=owner,
        name="Oslo Hacklab",
        home_place=oslo,
        topics=Topic.objects.filter(slug="free-software"),
    )
    Membership.objects.create(collective=collective, user=outsider)
    join_offer = JoinOffer.objects.create(
        collective=collective, user=applicant, kind=JoinOffer.Kind.REQUEST, message="hi"
    )
    calendar = membership_calendar_get(membership=collective.memberships.get(user=owner))
    fed = _federating_collective(settings, owner, collective, oslo)

    ids = {
        "owner_person": owner.public_id,
        "friend": friend.public_id,
        "blocked_person": blocked.public_id,
        "fellow": outsider.public_id,
        "contact": contact.public_id,
        "token": token_row.pk,
        "trip": the_trip.public_id,
        "trip_stop": stop.public_id,
        "trip_feed": the_trip.calendar_token,
        "offer": the_offer.public_id,
        "window": window.public_id,
        "stay": stay.public_id,
        "spot": the_spot.public_id,
        "meetup": the_meetup.public_id,
        "meetup_feed": feed_token_get(user=owner).token,
        "oslo": oslo.pk,
        "collective": collective.public_id,
        "collective_feed": calendar.token,
        "join_offer": join_offer.public_id,
        "conversation": first.conversation.public_id,
        "message": first.public_id,
        "suggestion": suggestion.public_id,
        # The outsider's first message told the owner (a request, in the app only).
        "notification": Notification.objects.get(recipient=owner).public_id,
        "push_device": PushSubscription.objects.create(
            user=owner,
            endpoint="https://push.example.org/send/olive",
            p256dh="BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
            auth="tBHItJI5svbpez7KI4CCXg",
        ).public_id,
        "unsubscribe_token": unsubscribe_token(user_id=owner.pk, kind="messages"),
        # The owner's own report calls go to someone else's things.
        "peer_trip": trip(friend, [(oslo, 1, 3)]).public_id,
        "peer_offer": offer(friend, oslo).public_id,
        "peer_spot": spot(friend, oslo).public_id,
        "peer_meetup": meetup(friend, oslo, on=4).public_id,
        **fed,
    }
    markers = [
        owner.display_name,
        owner.email,
        contact.value,
        the_trip.title,
        the_offer.title,
        the_offer.address,
        the_meetup.title,
        "a quiet word",
        "May I stay, please?",
    ]
    w = World(ids=ids, markers=markers)
    w.clients = {
        "owner": client_for(owner),
        "member": client_for(member),
        "blocked": client_for(blocked),
        "anonymous": Client(),
    }
    return w


def _federating_collective(settings, owner, collective, oslo) -> dict[str, Any]:
    """Federation on, the collective's Group actor on, one public meet-up of it sent out
    and changed (an Event, an activity and a Note to address)."""
    from travel.federation.models import OutgoingActivity
    from travel.federation.switches import group_actor_set
    from travel.meetups.services import meetup_update

    settings.FEDERATION_ENABLED = True
    settings.SITE_URL = "http://testserver"
    group = group_actor_set(collective=collective, actor=owner, enabled=True)
    public = meetup(owner, oslo, on=5)
    public.collective, public.title, public.listed_publicly = collective, "Repair night", True
    public.save(update_fields=["collective", "title", "listed_publicly"])
    meetup_update(meetup=public, actor=owner, data={"capacity": 20})  # Create
    meetup_update(meetup=public, actor=owner, data={"capacity": 25})  # Update + Note
    create = OutgoingActivity.objects.filter(kind="Create", payload__object__type="Event").get()
    note = OutgoingActivity.objects.filter(payload__object__type="Note").get()
    return {
        "group_actor": group.username,
        "fed_event": public.public_id,
        "fed_activity": create.public_id,
        "fed_note": note.payload["object"]["id"].rsplit("/", 1)[-1],
    }


# ------------------------------------------------------------------ calling


def _missing(spec: str, conv: str | None) -> str:
    """A value of the same shape that names nothing."""
    if conv == "int":
        return "2000000000"
    if spec.endswith("_feed"):
        return "no-such-token-" + uuid.uuid4().hex[:12]
    return str(uuid.uuid4())


def url_for(route: str, params: dict[str, str], ids: dict[str, Any], *, missing: bool) -> str:
    def value(match: re.Match) -> str:
        spec = params[match.group("name")]
        if spec.startswith("="):
            return spec[1:]
        return _missing(spec, match.group("conv")) if missing else str(ids[spec])

    return "/" + PARAM.sub(value, route)


def call(client: Client, route: Route, method: str, url: str, body: str = "{}"):
    # Each call on its own: no flash message of one call shows on the next one's page.
    client.cookies.pop("messages", None)
    if route.is_api:
        body = "" if method in ("GET", "DELETE") else body
        return client.generic(method, url, body, content_type="application/json")
    if method == "GET":
        return client.get(url)
    return client.post(url, {})


def savepoint_rolled_back(fn):
    with transaction.atomic():
        response = fn()
        transaction.set_rollback(True)
    return response


def snapshot() -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of all its rows."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result


def _json(response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def body_for(case: Case, ids: dict[str, Any]) -> str:
    def value(v: Any) -> Any:
        return str(ids[v[1:]]) if isinstance(v, str) and v.startswith("@") else v

    return json.dumps({k: value(v) for k, v in (case.body or {}).items()})


def _cases() -> Iterator[tuple[Route, Case]]:
    for route in routes_with_parameters():
        for case in ROUTES[route.route]:
            yield route, case


# ------------------------------------------------------------------ the tests


def test_it_knows_every_url_that_takes_a_parameter():
    """A new URL with an id fails here until the sweep knows whose thing it names."""
    live = {r.route for r in routes_with_parameters()}
    unknown = sorted(live - set(ROUTES))
    stale = sorted(set(ROUTES) - live)
    assert not unknown, f"add these URL patterns to ROUTES in {__file__}: {unknown}"
    assert not stale, f"these ROUTES entries match no URL any more: {stale}"
    for route in ROUTES:
        names = {m.group("name") for m in PARAM.finditer(route)}
        for case in ROUTES[route]:
            assert set(case.params) == names, route
            assert case.owner_params is None or set(case.owner_params) <= names, route


def _judge(
    policy: str, method: str, response: Any, probe: Any, *, api: bool, signed_in: bool
) -> str:
    """What is wrong with this answer under `policy` ("" when nothing is)."""
    status, missing = response.status_code, probe.status_code
    if status >= 500:
        return f"{status}"
    if missing == 405:  # a method the view does not take: refused before any look-up
        return "" if status == 405 else f"{status}, expected 405 as for a missing id"
    if policy == FEED and missing != 404:
        return f"a wrong token answers {missing}, expected 404"
    if policy in (FEED, PUBLIC):
        return "" if status == 200 else f"{status}, expected 200"
    if policy == READ:
        return f"{status}, expected it to be readable" if method == "GET" and status == 404 else ""
    if policy == ACT:
        return f"{status}, expected it to work" if status == 404 else ""
    # DENY: exactly what a missing thing answers.
    expected = {404} if signed_in else ({401} if api else {302})
    if status != missing or status not in expected:
        return f"{status}, a missing thing answers {missing}"
    if api and response.content != probe.content:
        return f"answers {response.content!r}, a missing thing {probe.content!r}"
    if status == 302 and not response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return f"redirects to {response['Location']}"
    return ""


def test_it_answers_others_like_a_missing_thing_and_changes_nothing(world):
    failures: list[str] = []
    before = snapshot()
    for route, case in _cases():
        url = url_for(route.route, case.params, world.ids, missing=False)
        missing_url = url_for(route.route, case.params, world.ids, missing=True)
        body = body_for(case, world.ids)
        for method in route.methods:
            probes: dict[bool, Any] = {}  # signed in? -> the answer for a missing id
            for role in ROLES:
                client, policy = world.clients[role], getattr(case, role)
                signed_in = role != "anonymous"
                if signed_in not in probes:
                    probes[signed_in] = call(client, route, method, missing_url, body)
                if policy == ACT:
                    response = savepoint_rolled_back(
                        lambda: call(client, route, method, url, body)  # noqa: B023
                    )
                else:
                    response = call(client, route, method, url, body)
                where = f"{method} {url} as {role} ({policy})"
                wrong = _judge(
                    policy,
                    method,
                    response,
                    probes[signed_in],
                    api=route.is_api,
                    signed_in=signed_in,
                )
                if wrong:
                    failures.append(f"{where}: {wrong}")
                if policy != FEED:
                    text = response.content.decode(errors="replace")
                    leaked = [m for m in world.markers if m in text]
                    if leaked:
                        failures.append(f"{where}: shows {leaked}")
    after = snapshot()
    changed = sorted(t for t in before if before[t] != after.get(t))
    if changed:
        failures.append(f"calls by others changed these tables: {changed}")
    assert not failures, "\n".join(failures)


def test_it_lets_the_owner_use_every_url(world):
    client = world.clients["owner"]
    failures: list[str] = []
    for route, case in _cases():
        params = {**case.params, **(case.owner_params or {})}
        url = url_for(route.route, params, world.ids, missing=False)
        body = body_for(case, world.ids)
        for method in route.methods:
            response = savepoint_rolled_back(
                lambda: call(client, route, method, url, body)  # noqa: B023
            )
            status = response.status_code
            if status == 405:
                # Only where the view does not take the method at all.
                missing_url = url_for(route.route, params, world.ids, missing=True)
                if call(client, route, method, missing_url, body).status_code == 405:
                    continue
            # An empty form may be refused (400, 409, 422, or a redirect with a message);
            # a page to read must open; nothing is a 404 or a 5xx.
            if status >= 500 or status == 404 or (method == "GET" and status >= 400):
                failures.append(f"{method} {url} as owner: {status}")
    assert not failures, "\n".join(failures)


def test_a_spot_names_its_adder_only_to_members_who_may_see_them(world, owner, member):
    """The spot is shared knowledge; its adder (whose profile is "only me") is a person."""
    spot_url = f"/hosting/spots/{world.ids['spot']}/"
    api_url = f"/api/spots/{world.ids['spot']}"
    box = "/api/spots?bbox=10.3,59.5,11.2,60.3"
    for url in (spot_url, api_url, box):
        assert owner.display_name not in world.clients["member"].get(url).content.decode()
        assert owner.display_name in world.clients["owner"].get(url).content.decode()
    owner.profile_visibility = "members"
    owner.save(update_fields=["profile_visibility"])
    for url in (spot_url, api_url, box):
        assert owner.display_name in world.clients["member"].get(url).content.decode()
