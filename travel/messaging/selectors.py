"""Every read of conversations, permission-aware.

A member sees a conversation when they take part in it, and the other side is neither
blocked (either way, P5) nor suspended; otherwise it answers like a missing one. A
conversation whose other side deleted their account stays, with a "deleted member".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet, Sum

from accounts.models import Reference, User
from accounts.moderation import muted_user_ids
from accounts.selectors import are_connected, blocked_user_ids
from travel.messaging.models import Conversation, Message, Participant

NEWEST_FIRST = F("conversation__last_message_at").desc(nulls_last=True)


def _other_side_ok(user: User, *, muted: bool) -> Q:
    """The other side of the conversation is someone `user` may see (or deleted)."""
    ok = Q()
    for side in ("starter", "recipient"):
        other = f"conversation__{side}"
        hidden = Q(**{f"{other}__in": blocked_user_ids(user=user)}) | Q(
            **{f"{other}__is_suspended": True}
        )
        if muted:
            hidden |= Q(**{f"{other}__in": muted_user_ids(user=user)})
        ok &= ~hidden | Q(**{f"{other}__isnull": True})
    return ok


def sides_visible_to(user: User, *, muted: bool = False) -> QuerySet[Participant]:
    """`user`'s sides of the conversations they may open (muted ones too unless asked)."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return Participant.objects.filter(user=user).filter(_other_side_ok(user, muted=muted))


def _with_other(qs: QuerySet[Participant], user: User) -> QuerySet[Participant]:
    return qs.select_related("conversation__starter", "conversation__recipient")


@dataclass
class Row:
    """A conversation as the inbox shows it to one member."""

    side: Participant
    conversation: Conversation
    other: User | None  # None: the other side deleted their account

    @property
    def unread(self) -> int:
        return self.side.unread_count

    @property
    def is_request_for_me(self) -> bool:
        return (
            self.conversation.status == Conversation.Status.REQUEST
            and self.conversation.starter_id != self.side.user_id
        )


def _rows(sides: Iterable[Participant]) -> list[Row]:
    rows = []
    for side in sides:
        conversation = side.conversation
        other = (
            conversation.recipient
            if conversation.starter_id == side.user_id
            else conversation.starter
        )
        rows.append(Row(side, conversation, other))
    return rows


def inbox_for(*, user: User, limit: int = 100) -> list[Row]:
    """Conversations in `user`'s inbox, newest first: active ones, and ones they started
    (requests they sent look ordinary to them). Muted people are left out."""
    sides = sides_visible_to(user, muted=True).filter(
        Q(conversation__status=Conversation.Status.ACTIVE) | Q(conversation__starter=user)
    )
    sides = sides.filter(
        Q(conversation__last_message_at__isnull=False) | Q(conversation__starter=user)
    ).order_by(NEWEST_FIRST, "-conversation__created", "-conversation_id")
    return _rows(_with_other(sides, user)[:limit])


def requests_for(*, user: User, limit: int = 100) -> list[Row]:
    """First messages from non-connections, waiting for `user` to accept or decline (P7)."""
    sides = (
        sides_visible_to(user, muted=True)
        .filter(conversation__status=Conversation.Status.REQUEST)
        .exclude(conversation__starter=user)
        .filter(conversation__last_message_at__isnull=False)
        .order_by(NEWEST_FIRST, "-conversation_id")
    )
    return _rows(_with_other(sides, user)[:limit])


def unread_total(*, user: User) -> int:
    """Unread messages in the inbox (requests are not counted: they notify nothing)."""
    if not user.is_authenticated:
        return 0
    total = (
        sides_visible_to(user, muted=True)
        .filter(conversation__status=Conversation.Status.ACTIVE)
        .aggregate(total=Sum("unread_count"))["total"]
    )
    return total or 0


def requests_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return (
        sides_visible_to(user, muted=True)
        .filter(conversation__status=Conversation.Status.REQUEST)
        .exclude(conversation__starter=user)
        .filter(conversation__last_message_at__isnull=False)
        .count()
    )


def side_for(*, user: User, public_id: Any) -> Participant | None:
    """`user`'s side of the conversation `public_id`, or None (missing, blocked, …)."""
    try:
        return (
            _with_other(sides_visible_to(user), user)
            .filter(conversation__public_id=public_id)
            .first()
        )
    except (ValueError, TypeError):
        return None


def row_for(*, user: User, public_id: Any) -> Row | None:
    side = side_for(user=user, public_id=public_id)
    return _rows([side])[0] if side is not None else None


def row_for_subject(*, user: User, kind: str, subject_id: str) -> Row | None:
    side = (
        _with_other(sides_visible_to(user), user)
        .filter(conversation__subject_kind=kind, conversation__subject_id=subject_id)
        .first()
    )
    return _rows([side])[0] if side is not None else None


def messages_visible_to(*, user: User, conversation: Conversation) -> QuerySet[Message]:
    """Messages `user` may read in a conversation they take part in: all delivered
    ones, and their own held ones (which the sender sees marked "waiting for a moderator")."""
    return (
        Message.objects.filter(conversation=conversation, hidden=False)
        .filter(Q(held=False) | Q(sender=user))
        .select_related("sender")
    )


def recent_messages(*, user: User, conversation: Conversation, limit: int = 200) -> list[Message]:
    newest = messages_visible_to(user=user, conversation=conversation).order_by("-created", "-id")
    return list(reversed(list(newest[:limit])))


def messages_after(
    *, user: User, conversation: Conversation, after: Message | None
) -> list[Message]:
    qs = messages_visible_to(user=user, conversation=conversation)
    if after is not None:
        qs = qs.filter(Q(created__gt=after.created) | Q(created=after.created, id__gt=after.id))
    return list(qs.order_by("created", "id")[:200])


def message_in(*, user: User, conversation: Conversation, public_id: Any) -> Message | None:
    try:
        return (
            messages_visible_to(user=user, conversation=conversation)
            .filter(public_id=public_id)
            .first()
        )
    except (ValueError, TypeError):
        return None


def existing_conversation(*, a: User, b: User) -> Conversation | None:
    """The general (subject-less) conversation of a pair, if any."""
    return Conversation.objects.filter(
        pair_key=pair_key(a, b), subject_kind="", subject_id=""
    ).first()


def pair_key(a: User, b: User) -> str:
    low, high = sorted([str(a.public_id), str(b.public_id)])
    return f"{low}:{high}"


def message_owner_for_report(viewer: User, public_id: str) -> User | None:
    """The sender of a message `viewer` received and may see (report target 'message')."""
    if not viewer.is_authenticated:
        return None
    found = (
        Message.objects.filter(
            public_id=public_id,
            recipient=viewer,
            held=False,
            hidden=False,
            sender__isnull=False,
            sender__is_suspended=False,
        )
        .exclude(sender__in=blocked_user_ids(user=viewer))
        .select_related("sender")
        .first()
    )
    return found.sender if found is not None else None


def references_for(subject: User, viewer: User) -> list[Reference]:
    """Published references about `subject` that `viewer` may read: none from blocked
    or suspended authors, and nothing at all for someone `viewer` may not see."""
    if not viewer.is_authenticated:
        return []
    from accounts.selectors import members_visible_to

    if not members_visible_to(viewer).filter(pk=subject.pk).exists():
        return []
    return list(
        Reference.objects.filter(subject=subject, published_at__isnull=False)
        .exclude(author__in=blocked_user_ids(user=viewer))
        .exclude(author__is_suspended=True)
        .select_related("author", "subject")
        .order_by("-published_at")[:50]
    )


def references_summary(subject: User, viewer: User) -> dict[str, Any]:
    """What a profile shows: the revealed references with their counts."""
    found = references_for(subject, viewer)
    return {
        "references": found,
        "count": len(found),
        "recommend": sum(1 for r in found if r.recommend),
    }


def may_write_reference(*, author: User, subject: User) -> bool:
    """For now: between connected members (stays and meet-ups make connections)."""
    return author.pk != subject.pk and are_connected(author, subject)


def reference_author_for_report(viewer: User, public_id: str) -> User | None:
    """The author of a revealed reference `viewer` can read (reports of references)."""
    try:
        ref = (
            Reference.objects.filter(public_id=public_id, published_at__isnull=False)
            .select_related("author", "subject")
            .first()
        )
    except (ValueError, ValidationError):
        return None
    if ref is None or ref not in references_for(ref.subject, viewer):
        return None
    return ref.author
