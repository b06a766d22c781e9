"""The moderation queue in the admin, and the admin's MFA requirement."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from accounts.models import ModerationAction, Report
from tests.conftest import make_member
from tests.messaging.conftest import connect, send
from travel.messaging import selectors, services
from travel.messaging.models import Message

pytestmark = pytest.mark.urls("tests.messaging.admin_urls")


def moderator_client(*, mfa: bool = True, mfa_session: bool = True) -> tuple[Client, object]:
    user = make_member(is_staff=True, is_superuser=True)
    if mfa:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client = Client()
    client.force_login(user)
    if mfa_session:
        session = client.session
        session["account_authentication_methods"] = [{"method": "mfa", "type": "totp", "at": 0}]
        session.save()
    return client, user


def test_staff_with_a_second_factor_see_the_queue(db):
    client, _ = moderator_client()
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/report/").status_code == 200


def test_anonymous_visitors_sign_in_through_allauth(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_staff_without_a_second_factor_are_sent_to_set_one_up(db):
    client, _ = moderator_client(mfa=False, mfa_session=False)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/")


def test_a_session_that_skipped_the_second_factor_must_sign_in_again(db):
    client, _ = moderator_client(mfa=True, mfa_session=False)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_members_who_are_not_staff_are_refused(member_client):
    response = member_client.get("/admin/", follow=True)
    assert response.status_code == 403


def _report_on_message(owner, member):
    connect(owner, member)
    message = send(member, owner, "nasty words")
    return message, services.report_file(
        reporter=owner, kind="message", public_id=message.public_id, reason="harassment"
    )


def act(client, action, reports):
    return client.post(
        "/admin/accounts/report/",
        {"action": action, "_selected_action": [r.pk for r in reports]},
    )


def test_dismiss_closes_the_report_and_logs_it(owner, member):
    _message, report = _report_on_message(owner, member)
    client, moderator = moderator_client()
    assert act(client, "dismiss", [report]).status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED and report.handled_by == moderator
    log = ModerationAction.objects.get()
    assert (log.action, log.moderator, log.report) == ("dismiss", moderator, report)


def test_hide_takes_a_message_out_of_sight(owner, member):
    message, report = _report_on_message(owner, member)
    client, _ = moderator_client()
    act(client, "hide_content", [report])
    message.refresh_from_db()
    assert message.hidden
    assert selectors.recent_messages(user=owner, conversation=message.conversation) == []
    assert ModerationAction.objects.get().action == "hide"


def test_suspend_makes_the_member_vanish_for_everyone_else(owner, member, outsider):
    _message, report = _report_on_message(owner, member)
    client, _ = moderator_client()
    act(client, "suspend_member", [report])
    member.refresh_from_db()
    assert member.is_suspended
    assert selectors.inbox_for(user=owner) == []
    from accounts.selectors import member_for_viewer

    assert member_for_viewer(viewer=outsider, public_id=str(member.public_id)) is None
    assert ModerationAction.objects.get().action == "suspend"


def test_the_audit_log_cannot_be_edited(owner, member):
    _message, report = _report_on_message(owner, member)
    client, _ = moderator_client()
    act(client, "dismiss", [report])
    log = ModerationAction.objects.get()
    assert (
        client.post(
            f"/admin/accounts/moderationaction/{log.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert ModerationAction.objects.count() == 1


def test_a_moderator_releases_a_held_message(owner, member):
    message = send(member, owner, "held for review")
    Message.objects.filter(pk=message.pk).update(held=True)
    Message.objects.filter(pk=message.pk).update(held=True)
    client, _ = moderator_client()
    client.post(
        "/admin/messaging/message/", {"action": "release", "_selected_action": [message.pk]}
    )
    message.refresh_from_db()
    assert not message.held
    assert ModerationAction.objects.get().action == "release"
