"""Activities shaped as Mastodon, Mobilizon, Gancio, Friendica and Misskey send them
(from their public documentation and what they put on the wire), and RSVPs from them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.federation.conftest import Answer
from travel.collectives.services import collective_create
from travel.federation.actors import group_actor_set, person_actor_set
from travel.federation.models import Follower, RemoteActor, RemoteRSVP
from travel.meetups.services import meetup_create
from travel.messaging.models import Message

AS = "https://www.w3.org/ns/activitystreams"
PUBLIC = AS + "#Public"


@pytest.fixture
def group(federating, owner, places):
    collective = collective_create(
        creator=owner, name="Gothenburg Cyclists", home_place=places("Gothenburg")
    )
    return group_actor_set(collective=collective, actor=owner, enabled=True)


@pytest.fixture
def meetup(group, owner, places):
    starts = datetime.now(ZoneInfo("Europe/Stockholm")).replace(microsecond=0) + timedelta(days=12)
    return meetup_create(
        organizer=owner,
        collective=group.collective,
        title="Critical mass",
        place=places("Gothenburg"),
        venue="Gustaf Adolfs torg, by the statue",
        starts=starts,
        capacity=2,
        listed_publicly=True,
    )


def group_url(group) -> str:
    return f"http://testserver/ap/actors/{group.username}"


def event_url(meetup) -> str:
    return f"http://testserver/ap/events/{meetup.public_id}"


def test_mastodon_follow_and_undo(client, mastodon, group):
    follow = {
        "@context": AS,
        "id": mastodon.url("/0b6e3a1f-4f1e-4c7a-9d0d-4f6a5c1b2e3d"),
        "type": "Follow",
        "actor": mastodon.uri("ana"),
        "object": group_url(group),
    }
    assert mastodon.deliver(client, f"/ap/actors/{group.username}/inbox", follow).status_code == 202
    undo = {
        "@context": AS,
        "id": mastodon.url("/users/ana#follows/1/undo"),
        "type": "Undo",
        "actor": mastodon.uri("ana"),
        "object": follow,
    }
    assert mastodon.deliver(client, f"/ap/actors/{group.username}/inbox", undo).status_code == 202
    assert not Follower.objects.exists()


def test_gancio_follows_with_its_application_actor(client, mastodon, group):
    mastodon.add_actor("relay", type="Application", name="Gancio Göteborg")
    follow = {
        "@context": [AS, "https://w3id.org/security/v1"],
        "id": mastodon.url("/federation/u/relay#follow-1"),
        "type": "Follow",
        "actor": mastodon.uri("relay"),
        "object": group_url(group),
    }
    assert mastodon.deliver(client, "/ap/inbox", follow, name="relay").status_code == 202
    remote = Follower.objects.get().remote
    assert remote.kind == "Application"
    assert remote.shared_inbox == mastodon.url("/inbox")


def test_mobilizon_join_and_leave(client, mastodon, meetup, django_capture_on_commit_callbacks):
    join = {
        "@context": [
            AS,
            {"pt": "https://joinpeertube.org/ns#", "mz": "https://joinmobilizon.org/ns#"},
        ],
        "id": mastodon.url("/join/event/5b1d"),
        "type": "Join",
        "actor": mastodon.uri("ana"),
        "object": event_url(meetup),
        "participationMessage": "Coming by bike from Malmö!",
        "to": [event_url(meetup)],
        "cc": [PUBLIC],
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert mastodon.deliver(client, "/ap/inbox", join).status_code == 202
    assert RemoteRSVP.objects.get().answer == "yes"
    [accept] = mastodon.activities("/users/ana/inbox")
    assert accept["type"] == "Accept" and accept["object"]["type"] == "Join"
    assert "Gustaf" not in json.dumps(accept)  # a remote attendee never gets the venue
    leave = {
        "id": mastodon.url("/leave/5b1d"),
        "type": "Leave",
        "actor": mastodon.uri("ana"),
        "object": event_url(meetup),
    }
    assert mastodon.deliver(client, "/ap/inbox", leave).status_code == 202
    assert RemoteRSVP.objects.get().answer == "no"


@pytest.mark.parametrize(
    "kind, answer", [("Accept", "yes"), ("TentativeAccept", "maybe"), ("Reject", "no")]
)
def test_friendica_answers_an_event(client, mastodon, meetup, kind, answer):
    activity = {
        "@context": [
            AS,
            "https://w3id.org/security/v1",
            {"dfrn": "http://purl.org/macgirvin/dfrn/1.0/"},
        ],
        "id": mastodon.url(f"/objects/{kind}-1"),
        "type": kind,
        "actor": mastodon.uri("ana"),
        "object": event_url(meetup),
        "to": [group_url(meetup.collective.fediverse_actor)],
        "instrument": {"type": "Service", "name": "Friendica 'Yellow Archangel' 2024.12"},
    }
    assert mastodon.deliver(client, "/ap/inbox", activity).status_code == 202
    assert RemoteRSVP.objects.get().answer == answer


def test_a_full_meetup_refuses_another_remote_yes(client, mastodon, meetup, member):
    from travel.meetups.services import rsvp_set

    rsvp_set(meetup=meetup, user=member, answer="yes")  # organizer + member: capacity 2
    join = {
        "id": mastodon.url("/j/9"),
        "type": "Join",
        "actor": mastodon.uri("ana"),
        "object": event_url(meetup),
    }
    assert mastodon.deliver(client, "/ap/inbox", join).status_code == 409
    assert not RemoteRSVP.objects.exists()


def test_an_answer_to_a_meetup_that_is_not_public_is_refused(client, mastodon, meetup):
    meetup.listed_publicly = False
    meetup.save()
    join = {
        "id": mastodon.url("/j/2"),
        "type": "Join",
        "actor": mastodon.uri("ana"),
        "object": event_url(meetup),
    }
    assert mastodon.deliver(client, "/ap/inbox", join).status_code == 404
    assert not RemoteRSVP.objects.exists()


def test_misskey_direct_note(client, mastodon, federating, owner):
    person = person_actor_set(user=owner, enabled=True)
    me = f"http://testserver/ap/actors/{person.username}"
    mastodon.add_actor("kei", _misskey_summary="", isCat=False)
    note = {
        "@context": [
            AS,
            "https://w3id.org/security/v1",
            {
                "misskey": "https://misskey-hub.net/ns#",
                "_misskey_content": "misskey:_misskey_content",
            },
        ],
        "id": mastodon.url("/notes/9ab3c7/activity"),
        "type": "Create",
        "actor": mastodon.uri("kei"),
        "published": "2026-12-04T10:00:00.000Z",
        "object": {
            "id": mastodon.url("/notes/9ab3c7"),
            "type": "Note",
            "attributedTo": mastodon.uri("kei"),
            "content": (
                f'<p><a href="{me}" class="u-url mention">@olive@testserver</a> '
                "Passing through Oslo on the 6th — coffee?</p>"
            ),
            "_misskey_content": "@olive@testserver Passing through Oslo on the 6th — coffee?",
            "source": {
                "content": "@olive@testserver Passing through Oslo on the 6th — coffee?",
                "mediaType": "text/x.misskeymarkdown",
            },
            "published": "2026-12-04T10:00:00.000Z",
            "to": [me],
            "cc": [],
            "inReplyTo": None,
            "attachment": [],
            "sensitive": False,
            "tag": [{"type": "Mention", "href": me, "name": "@olive@testserver"}],
        },
        "to": [me],
        "cc": [],
    }
    assert mastodon.deliver(client, "/ap/inbox", note, name="kei").status_code == 202
    [message] = Message.objects.filter(recipient=owner)
    assert message.body == "@olive@testserver Passing through Oslo on the 6th — coffee?"


def test_a_remote_actor_on_a_private_address_is_refused_by_the_fetcher(
    client, mastodon, group, settings
):
    """The actor's key URL points at a private address: the fetcher refuses, 401."""
    settings.FEDERATION_ALLOW_HTTP_LOOPBACK = False
    follow = {
        "id": mastodon.url("/f/1"),
        "type": "Follow",
        "actor": mastodon.uri("ana"),
        "object": group_url(group),
    }
    assert mastodon.deliver(client, "/ap/inbox", follow).status_code == 401
    assert not RemoteActor.objects.exists()


def test_an_actor_whose_key_belongs_to_another_server_is_refused(client, mastodon, group):
    document = json.loads(mastodon.routes["/users/ana"].body)
    document["publicKey"]["owner"] = "https://elsewhere.example/users/ana"
    mastodon.routes["/users/ana"] = Answer(
        200, json.dumps(document).encode(), {"Content-Type": "application/activity+json"}
    )
    follow = {
        "id": mastodon.url("/f/1"),
        "type": "Follow",
        "actor": mastodon.uri("ana"),
        "object": group_url(group),
    }
    assert mastodon.deliver(client, "/ap/inbox", follow).status_code == 401
    assert not Follower.objects.exists()
