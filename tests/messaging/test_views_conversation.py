"""The conversation page, its polling partial and replies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Block
from travel.messaging.models import MAX_BODY, Message


def url(conversation, name="messaging:conversation"):
    return reverse(name, args=[conversation.public_id])


def test_it_shows_the_conversation_to_both_sides(owner_client, member_client, thread):
    for client in (owner_client, member_client):
        page = client.get(url(thread)).content.decode()
        assert "the spare room is free on Friday" in page
        assert 'hx-trigger="every 4s"' in page


@pytest.mark.parametrize("who", ["outsider", "blocked"])
def test_it_is_a_404_for_anyone_else(request, who, thread):
    from tests.conftest import client_for

    client = client_for(request.getfixturevalue(who))
    for name in ("messaging:conversation", "messaging:poll"):
        assert client.get(url(thread, name)).status_code == 404
    assert client.post(url(thread), {"body": "intrusion"}).status_code == 404
    assert not Message.objects.filter(body="intrusion").exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, thread):
    response = client.get(url(thread))
    assert response.status_code == 302


def test_it_answers_404_after_a_block(owner, member, member_client, thread):
    Block.objects.create(blocker=owner, blocked=member)
    assert member_client.get(url(thread)).status_code == 404


def test_a_reply_without_javascript_redirects_back(owner_client, thread):
    response = owner_client.post(url(thread), {"body": "See you at eight"})
    assert response.status_code == 302
    assert Message.objects.filter(conversation=thread, body="See you at eight").exists()


def test_a_too_long_reply_is_refused_with_the_text_kept(owner_client, thread):
    text = "y" * (MAX_BODY + 1)
    response = owner_client.post(url(thread), {"body": text})
    assert response.status_code == 400
    assert text in response.content.decode()
    assert "at most" in response.content.decode()


def test_polling_returns_only_new_messages(owner, member, owner_client, member_client, thread):
    last = Message.objects.filter(conversation=thread).order_by("-created").first()
    nothing = owner_client.get(url(thread, "messaging:poll"), {"after": last.public_id})
    assert "message-item" not in nothing.content.decode()
    member_client.post(url(thread), {"body": "New one!"}, HTTP_HX_REQUEST="true")
    fresh = owner_client.get(url(thread, "messaging:poll"), {"after": last.public_id})
    body = fresh.content.decode()
    assert body.count("message-item") == 1 and "New one!" in body
    assert 'hx-swap-oob="beforeend:#message-list"' in body


def test_an_htmx_reply_triggers_the_form_reset(owner_client, thread):
    response = owner_client.post(url(thread), {"body": "Via HTMX"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "messageSent"
    bad = owner_client.post(url(thread), {"body": ""}, HTTP_HX_REQUEST="true")
    assert "HX-Trigger" not in bad
    assert "Write a message first" in bad.content.decode()


def test_html_in_a_message_is_shown_as_text(owner_client, member_client, thread):
    member_client.post(url(thread), {"body": "<script>alert('x')</script><b>bold</b>"})
    page = owner_client.get(url(thread)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;" in page


def test_opening_a_conversation_marks_it_read(owner, owner_client, member_client, thread):
    from travel.messaging.selectors import unread_total

    member_client.post(url(thread), {"body": "Ping"})
    assert unread_total(user=owner) >= 1
    owner_client.get(url(thread))
    assert unread_total(user=owner) == 0
