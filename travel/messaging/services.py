"""Every state change in messaging: sending, requests, read state, mutes, reports."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Connection, Mute, Report, User
from accounts.moderation import target_owner
from accounts.selectors import are_connected, is_blocked_between
from accounts.services import connection_make
from travel import events
from travel.messaging import flood
from travel.messaging.models import MAX_BODY, Conversation, Message, Participant
from travel.messaging.selectors import pair_key

log = logging.getLogger(__name__)


class QuotaExceeded(ValidationError):
    """Too many new conversations for now (the API answers 429)."""


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message first.")})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {
                "body": _("A message can be at most %(max)d characters long; this one has %(n)d.")
                % {"max": MAX_BODY, "n": len(body)}
            }
        )
    return body


def _reachable(sender: User, recipient: User | None) -> None:
    """A blocked, suspended, inactive or missing recipient answers like a missing one."""
    if (
        recipient is None
        or recipient.pk == sender.pk
        or not recipient.is_active
        or recipient.is_suspended
        or is_blocked_between(sender, recipient)
    ):
        raise Http404


def _deliver(message: Message) -> None:
    conversation = message.conversation
    Conversation.objects.filter(pk=conversation.pk).filter(
        Q(last_message_at__isnull=True) | Q(last_message_at__lt=message.created)
    ).update(last_message_at=message.created)
    if conversation.last_message_at is None or conversation.last_message_at < message.created:
        conversation.last_message_at = message.created
    if message.recipient_id is not None:
        Participant.objects.filter(conversation=conversation, user_id=message.recipient_id).update(
            unread_count=F("unread_count") + 1
        )


def _sent(message: Message, *, is_request: bool) -> None:
    events.emit(
        events.message_sent,
        message_id=message.pk,
        conversation_id=message.conversation_id,
        sender_id=message.sender_id,
        recipient_ids=(message.recipient_id,) if message.recipient_id is not None else (),
        is_request=is_request,
        held=message.held,
    )


def _flag(sender: User) -> None:
    if sender.flagged_at is None:
        sender.flagged_at = timezone.now()
        User.objects.filter(pk=sender.pk, flagged_at__isnull=True).update(
            flagged_at=sender.flagged_at
        )
        log.info("flood guard: flagged member %s for near-duplicate messages", sender.public_id)


def _post(
    *,
    conversation: Conversation,
    sender: User,
    recipient: User | None,
    body: str,
    flagged: bool = False,
    is_request: bool = False,
) -> Message:
    if recipient is None:
        # Nobody receives it (they declined): nothing to guard.
        verdict = flood.Verdict(False, "", flood.fingerprint(body))
    else:
        verdict = flood.judge(
            sender_id=sender.pk,
            recipient_id=recipient.pk,
            body=body,
            connected=are_connected(sender, recipient),
            flagged=flagged,
            # A conversation about something (their stay request…) is its own context.
            context=conversation.subject_kind or None,
        )
    message = Message(
        conversation=conversation,
        sender=sender,
        recipient=recipient,
        body=body,
        held=verdict.hold,
        held_reason=verdict.reason[:200],
        fingerprint=verdict.fingerprint,
    )
    message.full_clean(exclude=["fingerprint"])
    message.save()
    if verdict.hold:
        if not flagged:
            _flag(sender)
    else:
        _deliver(message)
    _sent(message, is_request=is_request)
    return message


@transaction.atomic
def message_send(*, sender: User, recipient: User, body: str) -> Message:
    """Write to a member: continues the pair's conversation, or starts one.

    A new conversation counts against the sender's quota and goes to the recipient's
    requests inbox unless they are connected (P7). Raises Http404 when the recipient
    may not be reached (blocked either way, suspended, oneself), QuotaExceeded when
    the sender has started too many conversations lately.
    """
    body = _clean_body(body)
    _reachable(sender, recipient)
    existing = (
        Conversation.objects.select_for_update()
        .filter(pair_key=pair_key(sender, recipient), subject_kind="", subject_id="")
        .first()
    )
    if existing is not None:
        return _reply(sender=sender, conversation=existing, body=body)
    connected = are_connected(sender, recipient)
    if not connected and flood.quota_exhausted(sender):
        raise QuotaExceeded(
            {
                "body": _(
                    "You have started many conversations recently. Please wait a while "
                    "before writing to someone new; replies are not limited."
                )
            }
        )
    conversation = _conversation_create(sender=sender, recipient=recipient, request=not connected)
    message = _post(
        conversation=conversation,
        sender=sender,
        recipient=recipient,
        body=body,
        # Already caught sending copies: everything new waits for a moderator.
        flagged=sender.flagged_at is not None and not connected,
        is_request=not connected,
    )
    # Held or not, it was a new conversation: a bot cannot flood by being held.
    flood.quota_consume(sender)
    return message


def _conversation_create(
    *, sender: User, recipient: User, request: bool, kind: str = "", subject_id: str = ""
) -> Conversation:
    conversation = Conversation(
        pair_key=pair_key(sender, recipient),
        subject_kind=kind,
        subject_id=subject_id,
        starter=sender,
        recipient=recipient,
        status=Conversation.Status.REQUEST if request else Conversation.Status.ACTIVE,
    )
    conversation.full_clean()
    conversation.save()
    now = timezone.now()
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=sender, last_read_at=now),
            Participant(conversation=conversation, user=recipient),
        ]
    )
    return conversation


def _reply(*, sender: User, conversation: Conversation, body: str) -> Message:
    other_id = conversation.other_side(sender.pk)
    recipient = User.objects.filter(pk=other_id).first() if other_id else None
    if recipient is not None:
        _reachable(sender, recipient)
    if not Participant.objects.filter(conversation=conversation, user=sender).exists():
        raise Http404
    if (
        recipient is not None
        and not Participant.objects.filter(conversation=conversation, user=recipient).exists()
    ):
        # They declined: the starter may write on, nothing reaches them (P7).
        recipient = None
    if (
        conversation.status == Conversation.Status.REQUEST
        and sender.pk != conversation.starter_id
        and recipient is not None
    ):
        # Answering a request accepts it and makes a connection.
        Conversation.objects.filter(pk=conversation.pk).update(status=Conversation.Status.ACTIVE)
        conversation.status = Conversation.Status.ACTIVE
        connection_make(a=sender, b=recipient, reason=Connection.Reason.CONVERSATION)
    message = _post(conversation=conversation, sender=sender, recipient=recipient, body=body)
    Participant.objects.filter(conversation=conversation, user=sender).update(
        last_read_at=message.created, unread_count=0
    )
    return message


@transaction.atomic
def message_reply(*, sender: User, conversation: Conversation, body: str) -> Message:
    """Write in an existing conversation. Never limited by the new-conversation quota.

    The caller fetched `conversation` through a selector for `sender`.
    """
    body = _clean_body(body)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    return _reply(sender=sender, conversation=conversation, body=body)


@transaction.atomic
def conversation_for_subject(*, a: User, b: User, kind: str, subject_id: str) -> Conversation:
    """The conversation of `a` and `b` about something (e.g. kind="stay_request",
    subject_id=<its public id>); created on first call, `a` as its starter.

    Not a request (the subject is the introduction) and not quota-limited: the calling
    app has its own rules for who may contact whom.
    """
    if not kind or not subject_id:
        raise ValidationError(_("A subject needs a kind and an id."))
    if a.pk == b.pk:
        raise ValidationError(_("A conversation needs two different members."))
    key = pair_key(a, b)
    found = Conversation.objects.filter(
        pair_key=key, subject_kind=kind, subject_id=str(subject_id)
    ).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return _conversation_create(
                sender=a, recipient=b, request=False, kind=kind, subject_id=str(subject_id)
            )
    except IntegrityError:  # created meanwhile by a concurrent call
        return Conversation.objects.get(pair_key=key, subject_kind=kind, subject_id=str(subject_id))


@transaction.atomic
def conversation_mark_read(*, side: Participant) -> None:
    now = timezone.now()
    Participant.objects.filter(pk=side.pk).update(last_read_at=now, unread_count=0)
    side.last_read_at, side.unread_count = now, 0


@transaction.atomic
def request_accept(*, side: Participant) -> Conversation:
    """Move a request to the inbox and make the two a connection."""
    conversation = Conversation.objects.select_for_update().get(pk=side.conversation_id)
    if (
        conversation.status != Conversation.Status.REQUEST
        or conversation.starter_id == side.user_id
    ):
        raise Http404
    conversation.status = Conversation.Status.ACTIVE
    conversation.save(update_fields=["status"])
    if conversation.starter is not None:
        connection_make(a=side.user, b=conversation.starter, reason=Connection.Reason.CONVERSATION)
    conversation_mark_read(side=side)
    # What they just read needs no email.
    Message.objects.filter(
        conversation=conversation, recipient_id=side.user_id, notify_batch__isnull=True
    ).update(notify_batch=conversation.public_id)
    return conversation


@transaction.atomic
def request_decline(*, side: Participant) -> None:
    """Drop a request silently: the recipient's side goes, the starter is not told and
    may write on without reaching them."""
    conversation = Conversation.objects.select_for_update().get(pk=side.conversation_id)
    if (
        conversation.status != Conversation.Status.REQUEST
        or conversation.starter_id == side.user_id
    ):
        raise Http404
    conversation.status = Conversation.Status.DECLINED
    conversation.save(update_fields=["status"])
    Message.objects.filter(conversation=conversation, recipient_id=side.user_id).update(
        recipient=None, notify_batch=conversation.public_id
    )
    side.delete()


# --- Mutes ----------------------------------------------------------------------------


@transaction.atomic
def mute(*, muter: User, muted: User) -> Mute:
    if muter.pk == muted.pk:
        raise ValidationError({"member": _("You cannot mute yourself.")})
    found, _created = Mute.objects.get_or_create(muter=muter, muted=muted)
    return found


@transaction.atomic
def unmute(*, muter: User, muted: User) -> None:
    Mute.objects.filter(muter=muter, muted=muted).delete()


# --- Reports --------------------------------------------------------------------------


@transaction.atomic
def report_file(
    *, reporter: User, kind: str, public_id: Any, reason: str, details: str = ""
) -> Report:
    """Report something `reporter` may see. Unknown, invisible or own things: Http404."""
    if kind not in Report.Kind.values:
        raise Http404
    owner = target_owner(viewer=reporter, kind=kind, public_id=str(public_id))
    if owner is None:
        raise Http404
    if owner.pk == reporter.pk:
        raise ValidationError({"reason": _("You cannot report yourself or your own things.")})
    report = Report(
        reporter=reporter,
        target_kind=kind,
        target_public_id=public_id,
        target_owner=owner,
        reason=reason,
        details=(details or "").strip(),
    )
    report.full_clean()
    report.save()
    return report


# --- Moderation -----------------------------------------------------------------------


def message_hide(public_id: str) -> None:
    """Take a reported message out of sight (registered as the 'message' hider)."""
    with transaction.atomic():
        for message in Message.objects.select_for_update().filter(
            public_id=public_id, hidden=False
        ):
            message.hidden = True
            message.save(update_fields=["hidden"])
            _recount_unread(message)


def _recount_unread(message: Message) -> None:
    if message.recipient_id is None:
        return
    side = Participant.objects.filter(
        conversation_id=message.conversation_id, user_id=message.recipient_id
    ).first()
    if side is None:
        return
    unread = Message.objects.filter(
        conversation_id=message.conversation_id,
        recipient_id=side.user_id,
        held=False,
        hidden=False,
    )
    if side.last_read_at is not None:
        unread = unread.filter(created__gt=side.last_read_at)
    Participant.objects.filter(pk=side.pk).update(unread_count=unread.count())


@transaction.atomic
def message_release(*, message: Message) -> bool:
    """Deliver a held message after a moderator found it fine."""
    updated = Message.objects.filter(pk=message.pk, held=True).update(held=False, held_reason="")
    if not updated:
        return False
    message.held, message.held_reason = False, ""
    _deliver(message)
    # The moderator found the sender genuine: their next messages are judged afresh.
    if message.sender_id is not None:
        User.objects.filter(pk=message.sender_id).update(flagged_at=None)
    _sent(message, is_request=message.conversation.status == Conversation.Status.REQUEST)
    return True
