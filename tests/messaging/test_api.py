"""The messaging API: /api/conversations, /api/requests, /api/reports, /api/mutes."""

from __future__ import annotations

import json

import pytest

from accounts.models import ApiToken, Mute, Report
from accounts.selectors import are_connected
from tests.messaging.conftest import send
from travel.messaging.models import MAX_BODY, Conversation, Message


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def test_it_starts_a_conversation_and_lists_it(owner, member, member_client):
    response = post(member_client, "/api/conversations", {"to": str(owner.public_id), "body": "Hi"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["other"]["name"] == "Olive Owner"
    assert data["messages"][0]["body"] == "Hi" and data["messages"][0]["mine"]
    listed = member_client.get("/api/conversations").json()
    assert [c["id"] for c in listed] == [data["id"]]


def test_a_first_message_shows_in_the_recipients_requests(owner, member, owner_client):
    conversation = send(member, owner).conversation
    assert owner_client.get("/api/conversations").json() == []
    requests = owner_client.get("/api/requests").json()
    assert [r["id"] for r in requests] == [str(conversation.public_id)]
    assert requests[0]["is_request"]


def test_accept_and_decline(owner, member, outsider, owner_client):
    accepted = send(member, owner).conversation
    declined = send(outsider, owner).conversation
    assert post(owner_client, f"/api/requests/{accepted.public_id}/accept", {}).status_code == 200
    assert are_connected(owner, member)
    assert post(owner_client, f"/api/requests/{declined.public_id}/decline", {}).status_code == 200
    assert owner_client.get("/api/requests").json() == []
    assert post(owner_client, f"/api/requests/{accepted.public_id}/other", {}).status_code == 404


def test_a_message_over_the_limit_is_a_422_naming_body(owner, member_client):
    # The limit is in the schema (taken from the model), so it is a schema error.
    response = post(
        member_client,
        "/api/conversations",
        {"to": str(owner.public_id), "body": "x" * (MAX_BODY + 1)},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "body"
    assert not Conversation.objects.exists()


def test_a_message_to_someone_who_blocked_you_is_a_404_like_a_missing_member(owner, blocked_client):
    import uuid

    blocked_answer = post(
        blocked_client, "/api/conversations", {"to": str(owner.public_id), "body": "hi"}
    )
    missing_answer = post(
        blocked_client, "/api/conversations", {"to": str(uuid.uuid4()), "body": "hi"}
    )
    assert blocked_answer.status_code == missing_answer.status_code == 404
    assert blocked_answer.json() == missing_answer.json()
    assert not Message.objects.exists()


def test_the_quota_is_a_429(owner, member_client, settings):
    settings.MESSAGING_NEW_CONVERSATION_QUOTAS = {"established": (0, 0), "new": (0, 0)}
    response = post(member_client, "/api/conversations", {"to": str(owner.public_id), "body": "Hi"})
    assert response.status_code == 429
    assert "replies are not limited" in response.json()["message"]


def test_get_and_reply_in_a_conversation(owner_client, member_client, outsider, thread):
    path = f"/api/conversations/{thread.public_id}"
    assert len(owner_client.get(path).json()["messages"]) == 2
    reply = post(member_client, f"{path}/messages", {"body": "<b>bold</b>"})
    assert reply.status_code == 201 and reply.json()["body"] == "<b>bold</b>"
    from tests.conftest import client_for

    stranger = client_for(outsider)
    assert stranger.get(path).status_code == 404
    assert post(stranger, f"{path}/messages", {"body": "hi"}).status_code == 404


def test_anonymous_callers_get_401(client, thread):
    assert client.get("/api/conversations").status_code == 401
    assert client.get(f"/api/conversations/{thread.public_id}").status_code == 401
    assert client.get("/api/requests").status_code == 401


def test_a_personal_token_works(owner, thread):
    from django.test import Client

    token = ApiToken.generate()
    ApiToken.objects.create(
        user=owner, name="script", prefix=token[:8], token_hash=ApiToken.hash(token)
    )
    response = Client().get("/api/conversations", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and len(response.json()) == 1


def test_a_report_needs_a_reason(owner, member_client):
    response = post(
        member_client,
        "/api/reports",
        {"kind": "member", "target": str(owner.public_id), "reason": ""},
    )
    assert response.status_code == 400 and response.json()["field"] == "reason"
    assert not Report.objects.exists()


def test_it_files_a_report_on_a_member_or_a_message(owner, member, member_client, thread):
    assert (
        post(
            member_client,
            "/api/reports",
            {"kind": "member", "target": str(owner.public_id), "reason": "spam"},
        ).status_code
        == 201
    )
    received = Message.objects.filter(recipient=member).first()
    response = post(
        member_client,
        "/api/reports",
        {"kind": "message", "target": str(received.public_id), "reason": "harassment"},
    )
    assert response.status_code == 201
    assert Report.objects.filter(target_owner=owner).count() == 2


@pytest.mark.parametrize("kind", ["member", "message"])
def test_reports_on_invisible_things_are_404(owner, blocked_client, thread, kind):
    target = owner.public_id if kind == "member" else Message.objects.first().public_id
    response = post(
        blocked_client, "/api/reports", {"kind": kind, "target": str(target), "reason": "spam"}
    )
    assert response.status_code == 404
    assert (
        post(
            blocked_client,
            "/api/reports",
            {"kind": "nope", "target": str(target), "reason": "spam"},
        ).status_code
        == 400
    )


def test_mute_and_unmute(owner, member, member_client, blocked_client):
    assert post(member_client, "/api/mutes", {"member": str(owner.public_id)}).status_code == 201
    assert Mute.objects.filter(muter=member, muted=owner).exists()
    assert member_client.delete(f"/api/mutes/{owner.public_id}").status_code == 204
    assert not Mute.objects.exists()
    assert post(member_client, "/api/mutes", {"member": str(member.public_id)}).status_code == 400
    assert post(blocked_client, "/api/mutes", {"member": str(owner.public_id)}).status_code == 404
