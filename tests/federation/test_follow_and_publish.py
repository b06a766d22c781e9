"""Done when 1-3: a collective's Group actor is found by WebFinger, followed by a remote
actor on another local port (signed Follow -> Accept delivered), and its new public
meet-up reaches that actor as a signed Create{Event} naming date, time and city, never
the venue. Unsigned or wrongly signed POSTs get 401 and change nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from apsig.draft.verify import Verifier

from travel.collectives.services import collective_create
from travel.federation.actors import group_actor_set
from travel.federation.keys import new_key_pair
from travel.federation.models import Follower, InboxActivity
from travel.meetups.services import meetup_cancel, meetup_create, meetup_update

pytestmark = pytest.mark.django_db(transaction=True)
AS = {"Accept": "application/activity+json"}


@pytest.fixture
def group(fediverse, owner, places):
    collective = collective_create(
        creator=owner, name="Tromsø Bike Kitchen", home_place=places("Tromsø")
    )
    return group_actor_set(collective=collective, actor=owner, enabled=True)


def _host(live_server) -> str:
    return live_server.url.removeprefix("http://")


def test_webfinger_finds_the_group_actor(fediverse, group):
    answer = httpx.get(
        f"{fediverse.url}/.well-known/webfinger",
        params={"resource": f"acct:tromso-bike-kitchen@{_host(fediverse)}"},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/jrd+json")
    jrd = answer.json()
    assert jrd["subject"] == f"acct:tromso-bike-kitchen@{_host(fediverse)}"
    self_link = next(link for link in jrd["links"] if link["rel"] == "self")
    actor = httpx.get(self_link["href"], headers=AS).json()
    assert actor["type"] == "Group"
    assert actor["name"] == "Tromsø Bike Kitchen"
    for field in ("inbox", "outbox", "followers"):
        assert httpx.get(actor[field], headers=AS).status_code in (200, 405)
    assert "BEGIN PUBLIC KEY" in actor["publicKey"]["publicKeyPem"]
    assert actor["publicKey"]["owner"] == actor["id"]


def test_webfinger_knows_no_group_that_was_not_switched_on(fediverse, owner, places):
    collective_create(creator=owner, name="Quiet Collective", home_place=places("Oslo"))
    answer = httpx.get(
        f"{fediverse.url}/.well-known/webfinger",
        params={"resource": f"acct:quiet-collective@{_host(fediverse)}"},
    )
    assert answer.status_code == 404


def test_a_signed_follow_gets_a_signed_accept_then_new_meetups(
    fediverse, group, mastodon, owner, places
):
    actor_url = httpx.get(f"{fediverse.url}/ap/actors/{group.username}", headers=AS).json()
    follow = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": mastodon.url("/activities/follow-1"),
        "type": "Follow",
        "actor": mastodon.uri("ana"),
        "object": actor_url["id"],
    }
    answer = mastodon.post(actor_url["inbox"], follow)
    assert answer.status_code == 202, answer.text
    assert Follower.objects.filter(actor=group, remote__uri=mastodon.uri("ana")).exists()

    accepts = mastodon.accepted("/users/ana/inbox")
    assert len(accepts) == 1
    accept = json.loads(accepts[0].body)
    assert accept["type"] == "Accept"
    assert accept["object"]["id"] == follow["id"]
    assert accept["actor"] == actor_url["id"]
    # Signed by the group's key, checked with apsig (not our code).
    verifier = Verifier(
        actor_url["publicKey"]["publicKeyPem"],
        "POST",
        mastodon.url("/users/ana/inbox"),
        accepts[0].headers,
        accepts[0].body,
    )
    assert verifier.verify(raise_on_fail=True) == actor_url["publicKey"]["id"]

    starts = datetime(2027, 4, 6, 19, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    meetup_create(
        organizer=owner,
        collective=group.collective,
        title="Fix your bike before the ferry",
        place=places("Tromsø"),
        venue="Storgata 42, back yard",
        starts=starts,
        listed_publicly=True,
        now=starts - timedelta(days=10),
    )
    creates = mastodon.activities()
    assert [c["type"] for c in creates] == ["Create"]
    event = creates[0]["object"]
    assert event["type"] == "Event"
    assert event["startTime"] == "2027-04-06T19:00:00+02:00"
    assert event["location"]["name"] == "Tromsø"
    for word in ("Tuesday 6 April 2027", "19:00", "Tromsø"):
        assert word in event["summary"]
        assert word in event["content"].split("</p>")[0]
    assert "Storgata" not in json.dumps(creates[0], ensure_ascii=False)
    # The Event, too, is signed by the group (cavage, after a refused RFC 9421 knock).
    created = mastodon.accepted()[0]
    verifier = Verifier(
        actor_url["publicKey"]["publicKeyPem"],
        "POST",
        mastodon.url("/inbox"),
        created.headers,
        created.body,
    )
    assert verifier.verify(raise_on_fail=True) == actor_url["publicKey"]["id"]


def test_changes_and_cancelling_reach_followers(fediverse, group, mastodon, owner, places):
    actor = httpx.get(f"{fediverse.url}/ap/actors/{group.username}", headers=AS).json()
    follow = {
        "id": mastodon.url("/f/2"),
        "type": "Follow",
        "actor": mastodon.uri("ana"),
        "object": actor["id"],
    }
    assert mastodon.post(actor["inbox"], follow).status_code == 202
    starts = datetime(2027, 4, 6, 18, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    meetup = meetup_create(
        organizer=owner,
        collective=group.collective,
        title="Hammock picnic",
        place=places("Tromsø"),
        starts=starts,
        listed_publicly=True,
        now=starts - timedelta(days=10),
    )
    meetup_update(meetup=meetup, actor=owner, data={"starts": starts + timedelta(hours=1)})
    meetup_cancel(meetup=meetup, actor=owner)
    posts = mastodon.activities()
    kinds = [(p["type"], p["object"]["type"]) for p in posts]
    assert kinds == [
        ("Create", "Event"),
        ("Update", "Event"),
        ("Create", "Note"),
        ("Create", "Note"),
        ("Delete", "Tombstone"),
    ]
    assert "moved to 19:00" in posts[2]["object"]["content"]
    assert "Cancelled" in posts[3]["object"]["content"]
    # Undo{Follow}: nothing more reaches the remote actor.
    undo = {
        "id": mastodon.url("/u/2"),
        "type": "Undo",
        "actor": mastodon.uri("ana"),
        "object": follow,
    }
    assert mastodon.post(actor["inbox"], undo).status_code == 202
    assert not Follower.objects.filter(actor=group).exists()


@pytest.mark.parametrize("form", ["none", "wrong-key"])
def test_an_unsigned_or_wrongly_signed_post_gets_401_and_changes_nothing(
    fediverse, group, mastodon, form
):
    inbox = f"{fediverse.url}/ap/actors/{group.username}/inbox"
    follow = {
        "id": mastodon.url("/f/3"),
        "type": "Follow",
        "actor": mastodon.uri("ana"),
        "object": inbox[:-6],
    }
    if form == "none":
        answer = mastodon.post(inbox, follow, form="none")
    else:
        answer = mastodon.post(inbox, follow, key=new_key_pair()[0])
    assert answer.status_code == 401
    assert not Follower.objects.exists()
    assert not InboxActivity.objects.exists()
    assert not mastodon.accepted("/users/ana/inbox")


def test_the_shared_inbox_needs_a_signature_too(fediverse, group, mastodon):
    follow = {
        "id": mastodon.url("/f/4"),
        "type": "Follow",
        "actor": mastodon.uri("ana"),
        "object": "x",
    }
    answer = mastodon.post(f"{fediverse.url}/ap/inbox", follow, form="none")
    assert answer.status_code == 401


def test_rfc9421_signed_follow_is_accepted(fediverse, group, mastodon):
    actor = httpx.get(f"{fediverse.url}/ap/actors/{group.username}", headers=AS).json()
    follow = {
        "id": mastodon.url("/f/5"),
        "type": "Follow",
        "actor": mastodon.uri("ana"),
        "object": actor["id"],
    }
    assert mastodon.post(actor["inbox"], follow, form="rfc9421").status_code == 202
    assert Follower.objects.filter(actor=group).count() == 1
