"""HTML and script typed into any text field are shown as text, never executed."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Connection, Reference
from accounts.services import connection_make
from travel.messaging import services

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_names_and_messages_are_escaped_on_every_messaging_page(owner, member, owner_client):
    member.display_name = EVIL[:80]
    member.save(update_fields=["display_name"])
    connection_make(a=owner, b=member, reason=Connection.Reason.STAY)
    message = services.message_send(sender=member, recipient=owner, body=EVIL)
    conversation = message.conversation
    services.conversation_for_subject(a=member, b=owner, kind="stay_request", subject_id="s1")
    services.message_reply(
        sender=member,
        conversation=services.conversation_for_subject(
            a=member, b=owner, kind="stay_request", subject_id="s1"
        ),
        body=EVIL,
    )
    pages = [
        reverse("messaging:inbox"),
        reverse("messaging:conversation", args=[conversation.public_id]),
        reverse("messaging:poll", args=[conversation.public_id]),
        reverse("messaging:subject", args=["stay_request", "s1"]),
        reverse("messaging:compose", args=[member.public_id]) + "?",
        reverse("messaging:report", args=["member", member.public_id]),
    ]
    for path in pages:
        response = owner_client.get(path, follow=True)
        html = response.content.decode()
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path


def test_reference_text_is_escaped(owner, member, outsider):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from travel.messaging.selectors import references_for

    Reference.objects.create(
        author=owner, subject=member, kind="met", text=EVIL, published_at=timezone.now()
    )
    html = render_to_string(
        "messaging/_references.html", {"references": references_for(member, outsider)}
    )
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_api_returns_text_as_json_strings(owner, member, member_client):
    import json

    response = member_client.post(
        "/api/conversations",
        json.dumps({"to": str(owner.public_id), "body": EVIL}),
        content_type="application/json",
    )
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["messages"][0]["body"] == EVIL
