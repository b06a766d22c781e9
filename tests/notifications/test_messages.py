"""Done when 1: a message from a connection gives the recipient one unread count, one
email and one push, each exactly once even when the relay runs twice; a stranger's
first message only an in-app request (P7)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.conftest import client_for
from tests.messaging.conftest import connect, send
from travel.notifications import selectors, services
from travel.notifications.models import Notification
from travel.outbox.models import OutboxMessage
from travel.outbox.services import outbox_deliver, outbox_flush


def _emails_due_now():
    later = timezone.now() + timedelta(minutes=1)
    return sum(
        services.emails_send_due(recipient_id=r, now=later)
        for r in services.recipients_with_due_emails(now=later)
    )


def test_it_tells_a_connection_once_in_app_by_email_and_by_push(
    owner, member, push_server, mailoutbox, django_capture_on_commit_callbacks
):
    connect(owner, member)
    device = push_server.device()
    services.push_subscribe(
        user=member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth_b64
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(owner, member, "The spare room at Storgata 5 is free on Friday.")
    assert selectors.unread_count(user=member) == 1
    response = client_for(member).get("/api/notifications/unread")
    assert response.json() == {"notifications": 1, "messages": 1}

    # The push went out on commit, encrypted; the device decrypts a title and a link.
    [payload] = device.received()
    assert payload["title"] == "New message from Olive Owner"
    assert payload["url"].endswith("/")
    assert "Storgata" not in str(payload)  # no words of the message without previews

    with django_capture_on_commit_callbacks(execute=True):
        assert _emails_due_now() == 1
        assert _emails_due_now() == 0  # the sweep twice: one email
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["member@example.org"]
    assert mail.subject.startswith("[Stopover] ")
    assert "Olive Owner" in mail.body and "Storgata" not in mail.body
    assert mail.extra_headers["List-Unsubscribe"].startswith("<http")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The relay again, every way: nothing is sent twice.
    for row in OutboxMessage.objects.all():
        assert outbox_deliver(outbox_id=row.pk) is False
    assert outbox_flush() == 0
    assert len(mailoutbox) == 1
    assert len(device.received()) == 1
    assert OutboxMessage.objects.filter(channel="push").count() == 1


def test_a_strangers_first_message_is_only_an_in_app_request(
    owner, outsider, push_server, mailoutbox, django_capture_on_commit_callbacks
):
    device = push_server.device()
    services.push_subscribe(
        user=owner, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth_b64
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(outsider, owner, "Hi, can we talk about the hackerspace?")
        _emails_due_now()
    [notice] = Notification.objects.filter(recipient=owner)
    assert notice.kind == "message_request"
    assert notice.email == ""
    assert mailoutbox == []
    assert device.received() == []
    assert not OutboxMessage.objects.exists()


def test_several_messages_in_ten_minutes_make_one_email(
    owner, member, mailoutbox, django_capture_on_commit_callbacks
):
    connect(owner, member)
    with django_capture_on_commit_callbacks(execute=True):
        send(owner, member, "One")
        assert _emails_due_now() == 1
        send(owner, member, "Two")
        send(owner, member, "Three")
        # Within ten minutes of the first email: they wait for the window to end.
        assert _emails_due_now() == 0
        later = timezone.now() + timedelta(minutes=11)
        assert services.emails_send_due(recipient_id=member.pk, now=later) == 1
    assert len(mailoutbox) == 2
    assert "2 new messages" in mailoutbox[1].subject


def test_read_in_the_app_means_no_email(
    owner, member, mailoutbox, django_capture_on_commit_callbacks
):
    connect(owner, member)
    with django_capture_on_commit_callbacks(execute=True):
        send(owner, member, "Hello")
        services.notifications_mark_all_read(user=member)
        assert _emails_due_now() == 0
    assert mailoutbox == []


def test_a_muted_sender_notifies_nothing(owner, member, mailoutbox):
    from travel.messaging.services import mute

    connect(owner, member)
    mute(muter=member, muted=owner)
    send(owner, member, "Hello")
    assert not Notification.objects.filter(recipient=member).exists()


def test_the_recipients_language_is_used(owner, member):
    connect(owner, member)
    services.recipient_set(user=member, language="de")
    send(owner, member, "Hallo")
    notice = Notification.objects.get(recipient=member)
    # Untranslated strings fall back to English until the lead's translation pass; the
    # text was rendered under the member's language either way.
    assert "Olive Owner" in notice.text


def test_a_gone_device_is_removed(owner, member, push_server, django_capture_on_commit_callbacks):
    from travel.notifications.models import PushSubscription

    connect(owner, member)
    device = push_server.device("old-phone")
    push_server.status["/push/old-phone"] = 410
    services.push_subscribe(
        user=member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth_b64
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(owner, member, "Hello")
    assert not PushSubscription.objects.filter(user=member).exists()


def test_a_failing_push_service_is_retried(
    owner, member, push_server, django_capture_on_commit_callbacks
):
    connect(owner, member)
    device = push_server.device("flaky")
    push_server.status["/push/flaky"] = 500
    services.push_subscribe(
        user=member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth_b64
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(owner, member, "Hello")
    row = OutboxMessage.objects.get(channel="push")
    assert row.sent_at is None and row.last_error
    push_server.status["/push/flaky"] = 201
    assert outbox_flush() == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert len(device.received()) == 2  # the failed attempt reached it, the retry too


def test_a_push_carries_the_words_only_when_the_member_opted_into_previews(
    owner, member, push_server, django_capture_on_commit_callbacks
):
    connect(owner, member)
    services.recipient_set(user=member, previews=True)
    device = push_server.device("preview")
    services.push_subscribe(
        user=member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth_b64
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(owner, member, "Meet at the station at nine?")
    [payload] = device.received()
    assert payload["body"] == "Meet at the station at nine?"
