"""The inbox: direct Notes to opted-in members under P7, blocks, replays, bad input."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from accounts.services import block_create
from tests.conftest import make_member
from travel.federation.models import BlockedDomain, Follower, InboxActivity, RemoteActor
from travel.federation.switches import person_actor_set
from travel.messaging.models import Conversation, Message

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


@pytest.fixture
def olive(federating, owner):
    person_actor_set(user=owner, enabled=True)
    return owner


def actor_url(user) -> str:
    return f"http://testserver/ap/actors/{user.fediverse_actor.username}"


def inbox(user) -> str:
    return f"/ap/actors/{user.fediverse_actor.username}/inbox"


def mastodon_dm(mastodon, to: str, text: str, n: int, name: str = "ana") -> dict:
    """A direct message as Mastodon sends it (visibility "direct": to the mention only)."""
    status = mastodon.url(f"/users/{name}/statuses/{n}")
    return {
        "@context": ["https://www.w3.org/ns/activitystreams", {"ostatus": "http://ostatus.org#"}],
        "id": status + "/activity",
        "type": "Create",
        "actor": mastodon.uri(name),
        "published": "2026-12-04T12:00:00Z",
        "to": [to],
        "cc": [],
        "object": {
            "id": status,
            "type": "Note",
            "summary": None,
            "inReplyTo": None,
            "published": "2026-12-04T12:00:00Z",
            "url": mastodon.url(f"/@{name}/{n}"),
            "attributedTo": mastodon.uri(name),
            "to": [to],
            "cc": [],
            "sensitive": False,
            "content": (
                f'<p><span class="h-card"><a href="{to}" class="u-url mention">'
                f"@<span>olive</span></a></span> {text}</p>"
            ),
            "tag": [{"type": "Mention", "href": to, "name": "@olive@testserver"}],
        },
    }


def delivered_to(user) -> list[Message]:
    return list(Message.objects.filter(recipient=user, held=False))


def test_a_direct_note_lands_in_the_requests_inbox(client, mastodon, olive):
    answer = mastodon.deliver(
        client,
        inbox(olive),
        mastodon_dm(mastodon, actor_url(olive), "Hej! Can I pitch a hammock?", 1),
    )
    assert answer.status_code == 202, answer.content
    [message] = delivered_to(olive)
    assert message.body == "@olive Hej! Can I pitch a hammock?"
    assert message.conversation.status == Conversation.Status.REQUEST
    assert "@ana@127.0.0.1" in message.sender.display_name
    assert not message.sender.has_usable_password()


def test_twelve_near_identical_notes_from_one_bot_deliver_at_most_two(client, mastodon, olive):
    for n in range(12):
        text = f"Hi traveller!! Cheap hostel rooms, book now at spam.example/deal{n} ({n})"
        mastodon.deliver(client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), text, n))
    assert 1 <= len(delivered_to(olive)) <= 2


def test_twelve_near_identical_notes_to_twelve_members_deliver_at_most_two(
    db, client, mastodon, federating
):
    members = [make_member() for _ in range(12)]
    for member in members:
        person_actor_set(user=member, enabled=True)
    for n, member in enumerate(members):
        text = f"Hi traveller!! Cheap hostel rooms, book now at spam.example/deal ({n})"
        mastodon.deliver(client, inbox(member), mastodon_dm(mastodon, actor_url(member), text, n))
    assert 1 <= sum(len(delivered_to(member)) for member in members) <= 2
    # The rest wait for a moderator (held) or were never accepted: none reached anyone.
    assert Message.objects.filter(held=False).count() <= 2


def test_a_public_reply_is_not_a_message(client, mastodon, olive):
    activity = mastodon_dm(mastodon, actor_url(olive), "Nice trip!", 1)
    activity["to"] = activity["object"]["to"] = [PUBLIC]
    activity["cc"] = activity["object"]["cc"] = [actor_url(olive)]
    assert mastodon.deliver(client, inbox(olive), activity).status_code == 202
    assert delivered_to(olive) == []


def test_a_member_who_blocked_the_remote_actor_gets_nothing(client, mastodon, olive):
    mastodon.deliver(
        client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "first hello", 1)
    )
    stand_in = RemoteActor.objects.get(uri=mastodon.uri("ana")).member
    block_create(blocker=olive, blocked=stand_in)
    answer = mastodon.deliver(
        client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "are you there?", 2)
    )
    assert answer.status_code == 202  # the sender learns nothing
    assert not Message.objects.filter(body__contains="are you there").exists()


def test_a_blocked_domain_is_refused_before_anything_happens(client, mastodon, olive):
    BlockedDomain.objects.create(domain="127.0.0.1")
    answer = mastodon.deliver(
        client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "hello", 1)
    )
    assert answer.status_code in (401, 403)
    assert not Message.objects.exists()
    assert not InboxActivity.objects.exists()
    assert not RemoteActor.objects.exists()


def test_a_replayed_activity_changes_nothing(client, mastodon, olive):
    activity = mastodon_dm(mastodon, actor_url(olive), "Once only, please.", 1)
    assert mastodon.deliver(client, inbox(olive), activity).status_code == 202
    assert mastodon.deliver(client, inbox(olive), activity).status_code == 202
    assert len(delivered_to(olive)) == 1
    assert InboxActivity.objects.count() == 1


def test_a_note_signed_by_one_actor_for_another_is_refused(client, mastodon, olive):
    mastodon.add_actor("eve")
    activity = mastodon_dm(mastodon, actor_url(olive), "I am ana, honest", 1, name="ana")
    answer = mastodon.deliver(client, inbox(olive), activity, name="eve")
    assert answer.status_code == 401
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "body, status",
    [
        (b"not json", 400),
        (b"[1, 2, 3]", 400),
        (b'{"type": "Create"}', 400),
    ],
)
def test_malformed_activities_get_400_and_change_nothing(client, mastodon, olive, body, status):
    from apsig.draft.sign import Signer

    from travel.federation.keys import load_private

    url = "http://testserver" + inbox(olive)
    headers = Signer(
        {"Host": "testserver"},
        load_private(mastodon.actors["ana"][0]),
        "POST",
        url,
        mastodon.uri("ana") + "#main-key",
        body,
    ).sign()
    headers.pop("Authorization")
    headers.pop("host")
    answer = client.post(
        inbox(olive), data=body, content_type="application/activity+json", headers=headers
    )
    assert answer.status_code == status
    assert answer.json()["message"]
    assert not InboxActivity.objects.exists()


def test_an_oversized_activity_gets_413(client, mastodon, olive):
    activity = mastodon_dm(mastodon, actor_url(olive), "x" * 300_000, 1)
    assert mastodon.deliver(client, inbox(olive), activity).status_code == 413
    assert not Message.objects.exists()


def test_an_unknown_type_gets_400(client, mastodon, olive):
    activity = {
        "id": mastodon.url("/b/1"),
        "type": "Bite",
        "actor": mastodon.uri("ana"),
        "object": actor_url(olive),
    }
    assert mastodon.deliver(client, inbox(olive), activity).status_code == 400
    assert not InboxActivity.objects.exists()


def test_update_of_a_remote_actor_changes_their_name(client, mastodon, olive):
    mastodon.deliver(
        client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "hello there", 1)
    )
    import json

    document = json.loads(mastodon.routes["/users/ana"].body)
    document["name"] = "Ana the Cyclist"
    update = {
        "id": mastodon.url("/users/ana#updates/1"),
        "type": "Update",
        "actor": mastodon.uri("ana"),
        "object": document,
    }
    assert mastodon.deliver(client, inbox(olive), update).status_code == 202
    remote = RemoteActor.objects.get(uri=mastodon.uri("ana"))
    assert remote.name == "Ana the Cyclist"
    assert remote.member.display_name.startswith("Ana the Cyclist")


def test_delete_of_a_remote_actor_removes_their_data(client, mastodon, olive):
    mastodon.deliver(
        client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "hello there", 1)
    )
    delete = {
        "id": mastodon.url("/users/ana#delete"),
        "type": "Delete",
        "actor": mastodon.uri("ana"),
        "object": mastodon.uri("ana"),
        "to": [PUBLIC],
    }
    assert mastodon.deliver(client, inbox(olive), delete).status_code == 202
    assert not RemoteActor.objects.exists()
    assert not Message.objects.exists()


def test_nothing_is_received_while_federation_is_off(client, mastodon, olive, settings):
    settings.FEDERATION_ENABLED = False
    answer = mastodon.deliver(
        client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "hello", 1)
    )
    assert answer.status_code == 404
    assert not Message.objects.exists()


def test_a_member_without_a_person_actor_cannot_be_written_to(client, mastodon, federating, member):
    answer = client.get("/ap/actors/member", headers={"Accept": "application/activity+json"})
    assert answer.status_code == 404
    assert not Follower.objects.exists()
    cache.clear()


def test_a_member_blocks_a_remote_writer_from_the_conversation(client, mastodon, olive):
    mastodon.deliver(client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "hello!", 1))
    conversation = Conversation.objects.get()
    client.force_login(olive)
    page = client.get(f"/messages/c/{conversation.public_id}/").content.decode()
    stand_in = RemoteActor.objects.get().member
    assert f"/me/people/{stand_in.public_id}/block" in page
    client.post(f"/me/people/{stand_in.public_id}/block")
    client.logout()
    mastodon.deliver(
        client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "why no answer?", 2)
    )
    assert not Message.objects.filter(body__contains="why no answer").exists()


def test_a_remote_key_rotation_is_picked_up_by_fetching_the_actor_again(client, mastodon, olive):
    import json

    from tests.federation.conftest import AS_JSON, Answer
    from travel.federation.keys import new_key_pair

    mastodon.deliver(
        client, inbox(olive), mastodon_dm(mastodon, actor_url(olive), "first hello", 1)
    )
    private, public = new_key_pair()
    document = json.loads(mastodon.routes["/users/ana"].body)
    document["publicKey"]["publicKeyPem"] = public
    mastodon.routes["/users/ana"] = Answer(200, json.dumps(document).encode(), AS_JSON)
    activity = mastodon_dm(mastodon, actor_url(olive), "signed with my new key", 2)
    assert mastodon.deliver(client, inbox(olive), activity, key=private).status_code == 202
    assert RemoteActor.objects.get().public_key_pem == public


def test_no_email_is_ever_written_to_a_remote_writers_stand_in(db):
    """A local member answering a remote writer notifies its stand-in account: that must
    not put the message's words into an email to a mailbox that does not exist."""
    from travel.federation.standins import stand_in
    from travel.outbox.models import OutboxMessage
    from travel.outbox.services import queue_email

    actor = RemoteActor.objects.create(
        uri="https://social.example/users/ana",
        domain="social.example",
        username="ana",
        inbox="https://social.example/users/ana/inbox",
    )
    writer = stand_in(actor)
    local = make_member("Lars Local")

    written = queue_email(
        recipient=writer,
        template="emails/hosting/stay_request",
        context={},
        key="stand-in-test",
    )
    assert written is False
    assert not OutboxMessage.objects.filter(key="stand-in-test").exists()
    # A member with a real address still gets theirs through the same path.
    assert queue_email(
        recipient=local, template="emails/hosting/stay_request", context={}, key="local-test"
    )
