"""Export and erasure of a member's messaging data (P8)."""

from __future__ import annotations

import json

from django.utils import timezone

from accounts.models import Mute, Reference, Report
from accounts.registry import sections
from tests.messaging.conftest import connect, send
from travel.messaging import selectors, services
from travel.messaging.data import erase, export
from travel.messaging.models import Conversation, Message


def section():
    return next(s for s in sections() if s.name == "messaging")


def test_it_is_registered(db):
    assert section().export is export and section().erase is erase


def test_the_export_has_what_they_wrote_and_nothing_private_of_others(owner, member, outsider):
    connect(owner, member)
    send(owner, member, "MARKER-OWNER-MESSAGE")
    services.message_reply(
        sender=member,
        conversation=Conversation.objects.get(),
        body="MEMBER-PRIVATE-REPLY",
    )
    services.report_file(
        reporter=owner,
        kind="member",
        public_id=outsider.public_id,
        reason="spam",
        details="MARKER-REPORT",
    )
    Reference.objects.create(author=owner, subject=member, kind="met", text="MARKER-REF-WRITTEN")
    Reference.objects.create(
        author=member,
        subject=owner,
        kind="met",
        text="PUBLISHED-ABOUT-OWNER",
        published_at=timezone.now(),
    )
    Reference.objects.create(
        author=outsider, subject=owner, kind="met", text="UNPUBLISHED-ABOUT-OWNER"
    )
    Mute.objects.create(muter=owner, muted=outsider)

    data = json.dumps(export(owner))
    for marker in (
        "MARKER-OWNER-MESSAGE",
        "MARKER-REPORT",
        "MARKER-REF-WRITTEN",
        "PUBLISHED-ABOUT-OWNER",
    ):
        assert marker in data
    for private in ("MEMBER-PRIVATE-REPLY", "UNPUBLISHED-ABOUT-OWNER", "member@example.org"):
        assert private not in data


def test_erasure_removes_their_words_and_keeps_the_other_side(owner, member, outsider):
    connect(owner, member)
    send(owner, member, "MARKER-OWNER-MESSAGE")
    conversation = Conversation.objects.get()
    services.message_reply(sender=member, conversation=conversation, body="Mel's own reply")
    services.report_file(
        reporter=owner,
        kind="member",
        public_id=outsider.public_id,
        reason="spam",
        details="MARKER-REPORT",
    )
    Reference.objects.create(author=owner, subject=member, kind="met", text="MARKER-REF")

    erase(owner)
    owner.delete()

    assert not Message.objects.filter(body__contains="MARKER").exists()
    assert not Report.objects.filter(details__contains="MARKER").exists()
    assert Report.objects.count() == 1  # moderators can still finish it
    assert not Reference.objects.filter(text__contains="MARKER").exists()
    row = selectors.row_for(user=member, public_id=conversation.public_id)
    assert row is not None and row.other is None  # "deleted member"
    assert [m.body for m in selectors.recent_messages(user=member, conversation=conversation)] == [
        "Mel's own reply"
    ]
    conversation.refresh_from_db()
    assert str(owner.public_id) not in (conversation.pair_key or "")


def test_the_other_side_can_still_reply_into_the_void(owner, member):
    connect(owner, member)
    conversation = send(owner, member, "hello").conversation
    erase(owner)
    owner.delete()
    message = services.message_reply(
        sender=member, conversation=conversation, body="Are you there?"
    )
    assert message.recipient is None
