"""The services say what happened, once, with ids (travel/events.py): what the other
apps (notifications, federation, the matcher) build on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import moderation
from accounts.services import block_create, block_remove, profile_update
from tests.conftest import make_member
from tests.hosting.conftest import ask, make_offer
from travel import events
from travel.hosting import services as hosting
from travel.hosting.models import StayRequest
from travel.messaging.services import message_send


@pytest.fixture
def heard():
    """Every event sent during the test: [(name, kwargs)]."""
    names = {
        getattr(events, name): name
        for name in dir(events)
        if isinstance(getattr(events, name), type(events.trip_saved))
    }
    got: list[tuple[str, dict]] = []
    receivers = {}
    for signal, name in names.items():

        def receiver(sender, signal, _name=name, **kwargs):
            got.append((_name, kwargs))

        receivers[signal] = receiver
        signal.connect(receiver)
    yield got
    for signal, receiver in receivers.items():
        signal.disconnect(receiver)


def only(heard, name):
    return [kwargs for n, kwargs in heard if n == name]


def test_every_stay_request_transition_is_said_once_expiry_included(heard, db):
    host, traveller = make_member(), make_member()
    offer = make_offer(host)
    first = ask(traveller, offer)
    hosting.stay_request_accept(stay_request=first, by=host)
    hosting.stay_request_cancel(stay_request=first, by=traveller)
    second = ask(traveller, offer, start=20)
    hosting.stay_request_decline(stay_request=second, by=host)
    third = ask(traveller, offer, start=30)
    StayRequest.objects.filter(pk=third.pk).update(created=timezone.now() - timedelta(days=8))
    hosting.stay_requests_expire()
    said = [
        (e["stay_request_id"], e["previous_status"], e["status"], e["actor_id"])
        for e in only(heard, "stay_request_changed")
    ]
    assert said == [
        (first.pk, None, "pending", traveller.pk),
        (first.pk, "pending", "accepted", host.pk),
        (first.pk, "accepted", "cancelled", traveller.pk),
        (second.pk, None, "pending", traveller.pk),
        (second.pk, "pending", "declined", host.pk),
        (third.pk, None, "pending", traveller.pk),
        (third.pk, "pending", "expired", None),
    ]
    assert all(
        e["traveller_id"] == traveller.pk and e["host_id"] == host.pk
        for e in only(heard, "stay_request_changed")
    )


def test_a_strangers_first_message_is_a_request(heard, db):
    sender, recipient = make_member(), make_member()
    message = message_send(sender=sender, recipient=recipient, body="Hello there")
    (sent,) = only(heard, "message_sent")
    assert sent["message_id"] == message.pk and sent["is_request"] is True
    assert sent["recipient_ids"] == (recipient.pk,) and sent["sender_id"] == sender.pk


def test_blocks_profiles_and_suspensions_say_so(heard, db):
    a, b, moderator = make_member(), make_member(), make_member(is_staff=True)
    block_create(blocker=a, blocked=b)
    block_create(blocker=a, blocked=b)  # already blocked: nothing new happened
    block_remove(blocker=a, blocked_public_id=b.public_id)
    profile_update(user=a, data={"bio": "Hi", "open_to_meet": True})
    moderation.member_suspend(user=b, moderator=moderator)
    moderation.member_restore(user=b, moderator=moderator)
    assert [(n, kw.get("blocker_id"), kw.get("blocked_id")) for n, kw in heard][:2] == [
        ("block_created", a.pk, b.pk),
        ("block_removed", a.pk, b.pk),
    ]
    assert only(heard, "profile_changed") == [
        {"user_id": a.pk, "fields": frozenset({"bio", "open_to_meet"})}
    ]
    assert only(heard, "member_suspended") == [{"user_id": b.pk, "actor_id": moderator.pk}]
    assert only(heard, "member_restored") == [{"user_id": b.pk, "actor_id": moderator.pk}]


def test_a_failed_change_says_nothing(heard, db):
    from django.core.exceptions import ValidationError

    host = make_member()
    with pytest.raises(ValidationError):
        hosting.offer_create(host=host, data={"title": "No point"})
    assert heard == []
