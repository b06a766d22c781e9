"""The conversation partial a stay request page loads with hx-get."""

from __future__ import annotations

from django.urls import reverse

from travel.messaging import services


def url(kind="stay_request", subject_id="req-1"):
    return reverse("messaging:subject", args=[kind, subject_id])


def test_both_participants_get_the_partial(owner, member, owner_client, member_client):
    conversation = services.conversation_for_subject(
        a=member, b=owner, kind="stay_request", subject_id="req-1"
    )
    services.message_reply(sender=member, conversation=conversation, body="Arriving at 6")
    for client in (owner_client, member_client):
        response = client.get(url(), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Arriving at 6" in body and "<html" not in body
    assert url() == "/messages/subject/stay_request/req-1/"


def test_anyone_else_gets_a_404(owner, member, client, blocked_client, request):
    from tests.conftest import client_for, make_member

    services.conversation_for_subject(a=member, b=owner, kind="stay_request", subject_id="req-1")
    assert client_for(make_member()).get(url()).status_code == 404
    assert blocked_client.get(url()).status_code == 404
    assert client.get(url()).status_code == 302
    assert client_for(owner).get(url(subject_id="other")).status_code == 404
