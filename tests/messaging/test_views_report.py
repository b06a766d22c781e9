"""The report form at /messages/report/<kind>/<public id>/."""

from __future__ import annotations

import uuid

from django.urls import reverse

from accounts.models import Report
from travel.messaging.models import Message


def url(kind, public_id):
    return reverse("messaging:report", args=[kind, public_id])


def test_it_reports_a_member_with_a_reason(owner, member_client):
    assert member_client.get(url("member", owner.public_id)).status_code == 200
    response = member_client.post(
        url("member", owner.public_id), {"reason": "harassment", "details": "<i>x</i>"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.target_owner == owner and report.reporter.email == "member@example.org"


def test_a_report_without_reason_is_refused_and_keeps_the_details(owner, member_client):
    response = member_client.post(url("member", owner.public_id), {"details": "they spam"})
    assert response.status_code == 400
    assert "Choose a reason" in response.content.decode()
    assert "they spam" in response.content.decode()
    assert not Report.objects.exists()


def test_it_reports_a_received_message(owner, member, member_client, owner_client, thread):
    received = Message.objects.get(recipient=member)
    assert (
        member_client.post(url("message", received.public_id), {"reason": "spam"}).status_code
        == 302
    )
    # Your own message, or one you did not receive: 404.
    assert owner_client.get(url("message", received.public_id)).status_code == 404


def test_invisible_unknown_or_own_targets_are_404(owner, owner_client, blocked_client, client):
    assert blocked_client.get(url("member", owner.public_id)).status_code == 404
    assert owner_client.get(url("member", owner.public_id)).status_code == 404
    assert owner_client.get(url("member", uuid.uuid4())).status_code == 404
    assert owner_client.get(url("planet", uuid.uuid4())).status_code == 404
    assert client.get(url("member", owner.public_id)).status_code == 302
    assert not Report.objects.exists()
