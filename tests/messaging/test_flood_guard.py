"""The flood guard (P7), with the acceptance test of the issue."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from tests.conftest import make_member
from tests.messaging.conftest import connect, send
from tests.messaging.texts import SPAM, genuine_messages, spam_variants
from travel.messaging import flood, services
from travel.messaging.models import Message

DISTINCT = [text for batch in genuine_messages(senders=4, per_sender=10, seed=3) for text in batch]


def established(email: str | None = None, **fields) -> User:
    user = make_member(email, **fields)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=90))
    user.refresh_from_db()
    return user


def test_it_undoes_the_usual_disguises():
    plain = flood.normalise("Join us now, earn money!")
    assert flood.normalise("JOIN   us now,,, earn MONEY!!!") == plain
    assert flood.normalise("J\u200bo\u200di\u2060n us now, earn money!") == plain
    assert flood.normalise("Jоіn us nοw, еаrn mоnеy!") == plain  # Cyrillic and Greek
    assert flood.normalise("Ｊｏｉｎ us now, earn money!") == plain  # fullwidth (NFKC)
    assert flood.normalise("Jóin us now, éarn money!") == plain


def test_the_flood_test_holds_all_but_two_copies_and_flags_the_sender(db):
    """One account sends 12 variants of one text to 12 members: at most 2 delivered."""
    spammer = established("spammer@example.org")
    targets = [established() for _ in range(12)]
    sent, refused = [], 0
    for target, text in zip(targets, spam_variants(), strict=True):
        try:
            sent.append(send(spammer, target, text))
        except services.QuotaExceeded:
            refused += 1  # held ones count against the quota too

    delivered = [m for m in sent if not m.held]
    assert len(sent) + refused == 12 and len(sent) == 10
    assert len(delivered) <= 2
    assert Message.objects.filter(sender=spammer, held=True).count() >= 8
    spammer.refresh_from_db()
    assert spammer.flagged_at is not None
    # Held messages reach nobody: no unread counts, no requests for the held ones.
    from travel.messaging.selectors import requests_for

    reached = [t for t in targets if requests_for(user=t)]
    assert len(reached) == len(delivered)


def test_genuine_first_messages_are_never_held(db):
    """200 distinct first messages: 25 members each writing to 8 different people
    within their quota, every message written for its reader (same sender, same trip,
    some shared phrasing); and two members both writing "welcome to Berlin!"."""
    recipients = [established() for _ in range(40)]
    batches = genuine_messages(senders=25, per_sender=8)
    total = 0
    for index, texts in enumerate(batches):
        sender = established()
        for offset, text in enumerate(texts):
            recipient = recipients[(index * 3 + offset) % len(recipients)]
            message = send(sender, recipient, text)
            assert not message.held, text
            total += 1
        sender.refresh_from_db()
        assert sender.flagged_at is None
    assert total == 200

    lena, tariq, traveller = established(), established(), established()
    assert not send(lena, traveller, "welcome to Berlin!").held
    assert not send(tariq, traveller, "welcome to Berlin!").held
    assert Message.objects.filter(held=True).count() == 0


def test_it_compares_only_with_messages_to_other_people(db):
    sender = established()
    friend = established()
    connect(sender, friend)
    # Writing the same long text again and again to one person is not a flood.
    for _ in range(4):
        assert not send(sender, friend, SPAM).held


def test_it_does_not_hold_copies_sent_to_connections(db):
    host = established()
    guests = [established() for _ in range(4)]
    house_rules = "The door code is 4711, towels are in the blue cupboard, no shoes inside."
    for guest in guests:
        connect(host, guest)
        assert not send(host, guest, house_rules).held


def test_a_flagged_sender_has_every_new_conversation_held(db):
    spammer = established(flagged_at=timezone.now())
    message = send(spammer, established(), "A completely different text, really.")
    assert message.held


def test_new_accounts_have_a_stricter_quota(db):
    newcomer = make_member()  # joined today
    for _ in range(flood.DEFAULT_QUOTAS["new"][0]):
        assert not send(newcomer, established(), DISTINCT[_]).held
    with pytest.raises(services.QuotaExceeded):
        send(newcomer, established(), "One more hello from the newcomer.")


def test_an_unverified_email_counts_as_new(db):
    from allauth.account.models import EmailAddress

    member = established()
    EmailAddress.objects.filter(user=member).update(verified=False)
    assert flood.quota_for(member)[0] == "new"
    EmailAddress.objects.filter(user=member).update(verified=True)
    assert flood.quota_for(member)[0] == "established"


def test_established_members_are_limited_per_hour(db):
    member = established()
    per_hour = flood.DEFAULT_QUOTAS["established"][0]
    for n in range(per_hour):
        assert not send(member, established(), DISTINCT[n]).held
    with pytest.raises(services.QuotaExceeded):
        send(member, established(), "And another new person.")


def test_the_daily_quota_applies_across_hours(db, settings):
    settings.MESSAGING_NEW_CONVERSATION_QUOTAS = {"established": (100, 3)}
    member = established()
    for n in range(3):
        assert not send(member, established(), DISTINCT[n]).held
    with pytest.raises(services.QuotaExceeded):
        send(member, established(), "Over the daily quota.")


def test_a_reply_is_never_limited_by_the_quota(db, settings):
    settings.MESSAGING_NEW_CONVERSATION_QUOTAS = {"established": (1, 1)}
    member, other = established(), established()
    first = send(member, other, "Hello, first message!")
    with pytest.raises(services.QuotaExceeded):
        send(member, established(), "Second new conversation.")
    for n in range(5):
        reply = services.message_reply(
            sender=member, conversation=first.conversation, body=f"Follow-up {n}"
        )
        assert not reply.held
    # Writing to the same member again continues the conversation: not new either.
    assert send(member, other, "And via compose again").conversation == first.conversation


def test_it_fails_open_with_a_warning_when_the_cache_is_down(db, monkeypatch, caplog, settings):
    settings.MESSAGING_NEW_CONVERSATION_QUOTAS = {"established": (0, 0)}

    def broken(*args, **kwargs):
        raise ConnectionError("redis is away")

    monkeypatch.setattr(flood.cache, "get_many", broken)
    monkeypatch.setattr(flood.cache, "add", broken)
    with caplog.at_level(logging.WARNING, logger="travel.messaging.flood"):
        message = send(established(), established(), "Hello while the cache is down")
    assert message.pk is not None
    assert "cache unavailable" in caplog.text
