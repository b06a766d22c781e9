"""P10: walk every activity the instance can send, and every public endpoint, and check
that nothing on the never-federate list is in any of them: trips, stops, host offers,
stay requests, exact or fuzzed points, contacts, meet-ups not listed publicly, venues,
descriptions, attendees, emails, a bio the member did not choose to show."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.services import contact_add, profile_update
from tests.conftest import make_member
from tests.matching import factories
from travel.collectives.services import collective_create, collective_update
from travel.federation.actors import group_actor_set, key_rotate, person_actor_set
from travel.federation.models import LocalActor, OutgoingActivity
from travel.federation.outgoing import remote_follow, remote_message
from travel.federation.publishing import SENDABLE
from travel.meetups.services import meetup_cancel, meetup_create, meetup_update, rsvp_set

AS = {"Accept": "application/activity+json"}
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def _kind(payload: dict) -> tuple[str, str]:
    obj = payload.get("object")
    if isinstance(obj, str):
        return payload["type"], "actor"
    if obj.get("type") == "Note" and PUBLIC not in obj.get("to", []):
        return payload["type"], "Note (direct)"
    return payload["type"], obj.get("type") if obj.get("type") != "Tombstone" else "Tombstone"


@pytest.fixture
def world(federating, owner, member, places):
    """A member with everything private Stopover knows, and public things beside it."""
    owner.bio = "SECRET-BIO: I sleep at the blue house"
    owner.save()
    contact_add(
        user=owner, kind="matrix", value="@olive-secret:matrix.example", visibility="members"
    )
    contact_add(user=owner, kind="email", value="olive-secret@example.org", visibility="members")
    trip = factories.trip(owner, [(places("Oslo"), 3, 6), (places("Malmö"), 7, 9)])
    trip.title = "SECRET-TRIP north by train"
    trip.save()
    offer = factories.offer(owner, places("Oslo"), dlat=0.0123, dlon=0.0456)
    factories.accepted_stay(member, offer, 4, 5)
    collective = collective_create(creator=owner, name="Oslo Hacklab", home_place=places("Oslo"))
    starts = datetime.now(ZoneInfo("Europe/Oslo")).replace(microsecond=0) + timedelta(days=20)
    private = meetup_create(
        organizer=owner,
        collective=collective,
        title="SECRET-MEETUP members only",
        place=places("Oslo"),
        venue="SECRET-VENUE 1",
        starts=starts,
    )
    public = meetup_create(
        organizer=owner,
        collective=collective,
        title="Open soldering night",
        description="SECRET-DESCRIPTION ring the bell twice",
        place=places("Oslo"),
        venue="SECRET-VENUE 2, Grünerløkka",
        starts=starts + timedelta(days=1),
        listed_publicly=True,
    )
    rsvp_set(meetup=public, user=member, answer="yes")
    return {
        "owner": owner,
        "member": member,
        "collective": collective,
        "trip": trip,
        "offer": offer,
        "private": private,
        "public": public,
        "starts": starts,
    }


SECRETS = [
    "SECRET",
    "olive-secret",
    "owner@example.org",
    "Grünerløkka",
    "blue house",
    "Secret street",
]


def test_every_activity_and_endpoint_carries_only_what_is_public(
    world, client, mastodon, django_capture_on_commit_callbacks
):
    owner, collective = world["owner"], world["collective"]
    with django_capture_on_commit_callbacks(execute=True):
        group = group_actor_set(collective=collective, actor=owner, enabled=True)
        person = person_actor_set(user=owner, enabled=True)
        for local in (group, person):
            url = f"http://testserver/ap/actors/{local.username}"
            follow = {
                "id": mastodon.url(f"/f/{local.pk}"),
                "type": "Follow",
                "actor": mastodon.uri("ana"),
                "object": url,
            }
            assert (
                mastodon.deliver(client, f"/ap/actors/{local.username}/inbox", follow).status_code
                == 202
            )
        # Every path that sends: publish (the public meet-up re-announced by changing it),
        # change, cancel, profile and collective updates, a new key, switching off.
        event = f"http://testserver/ap/events/{world['public'].public_id}"
        join = {
            "id": mastodon.url("/j/1"),
            "type": "Join",
            "actor": mastodon.uri("ana"),
            "object": event,
        }
        assert mastodon.deliver(client, "/ap/inbox", join).status_code == 202
        later = world["starts"] + timedelta(days=1, hours=2)
        meetup_update(meetup=world["public"], actor=owner, data={"starts": later})  # Create
        meetup_update(meetup=world["public"], actor=owner, data={"capacity": 30})  # Update
        meetup_update(meetup=world["private"], actor=owner, data={"title": "SECRET-MEETUP renamed"})
        second = meetup_create(
            organizer=owner,
            collective=collective,
            title="Repair café",
            place=world["public"].place,
            venue="SECRET-VENUE 3",
            starts=later + timedelta(days=2),
            listed_publicly=True,
        )
        meetup_cancel(meetup=second, actor=owner)
        profile_update(user=owner, data={"display_name": "Olive O."})
        collective_update(
            collective=collective, actor=owner, data={"description": "We fix things."}
        )
        key_rotate(actor=group)
        remote_follow(actor=group, handle=mastodon.uri("ana"))
        remote_message(sender=owner, handle=mastodon.uri("ana"), body="See you in Oslo!")
        person_actor_set(user=owner, enabled=False)

    sent = [row.payload for row in OutgoingActivity.objects.order_by("pk")]
    assert {_kind(p) for p in sent} == SENDABLE, "every kind the instance can send is walked"
    wire = [got.body.decode() for got in mastodon.received if got.method == "POST"]
    assert wire, "activities really went over HTTP"

    # Everything readable without signing in, too.
    public_id = world["public"].public_id
    endpoints = [
        f"/ap/actors/{group.username}",
        f"/ap/actors/{group.username}/outbox",
        f"/ap/actors/{group.username}/followers",
        f"/ap/events/{public_id}",
        f"/ap/events/{world['private'].public_id}",
        f"/.well-known/webfinger?resource=acct:{group.username}@testserver",
        "/nodeinfo/2.1",
        "/ap/actors/stopover",
    ]
    client.logout()
    pages = [client.get(path, headers=AS).content.decode() for path in endpoints]

    offer = world["offer"]
    points = [
        f"{offer.exact_lat:.4f}",
        f"{offer.exact_lon:.4f}",
        f"{offer.public_lat:.4f}",
        f"{offer.public_lon:.4f}",
    ]
    for text in [json.dumps(p, ensure_ascii=False) for p in sent] + wire + pages:
        for secret in SECRETS + points:
            assert secret not in text, (secret, text[:300])
        assert str(world["trip"].public_id) not in text
        assert str(world["private"].public_id) not in text
        assert str(offer.public_id) not in text
        assert str(world["member"].public_id) not in text
        assert world["member"].display_name not in text  # an attendee
    events = [p["object"] for p in sent if _kind(p) in {("Create", "Event"), ("Update", "Event")}]
    assert events and all(set(e["location"]) == {"type", "name", "address"} for e in events)


def test_an_actor_of_a_member_who_did_not_opt_in_does_not_exist(federating, client, owner, places):
    make_member("quiet@example.org", display_name="Quiet Person")
    assert not LocalActor.objects.exists()
    assert client.get("/ap/actors/quiet-person", headers=AS).status_code == 404
    assert (
        client.get("/.well-known/webfinger?resource=acct:quiet-person@testserver").status_code
        == 404
    )
