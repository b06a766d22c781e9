"""Telling members what happened: one `notify` for every kind, and its channels.

In the app always. By email per the member's preference for the kind: "immediately"
rows wait a few seconds and go out batched (several in ten minutes make one email, see
`emails_send_due`), "daily" rows wait for the digest. By Web Push, when the preference
is on and the member subscribed a device: one outbox row per person, written in the
notifying transaction. Nothing is told about blocked or muted people.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Block, Mute, User
from travel.notifications.kinds import (
    CHANNELS,
    DAILY,
    EMAIL_CHOICES,
    EMAILED_ELSEWHERE,
    IMMEDIATELY,
    KINDS,
    PREFERENCES,
)
from travel.notifications.models import (
    DigestSent,
    Notification,
    Preference,
    PushSubscription,
    Recipient,
)
from travel.outbox.models import OutboxMessage
from travel.outbox.services import outbox_enqueue_many, queue_email

# An "immediately" email waits this long, so a burst of messages makes one email and a
# member reading live is not emailed what they just read.
GRACE = timedelta(seconds=15)
# After an email, the next one about the same member waits this long: several messages
# in ten minutes make one email.
BATCH_WINDOW = timedelta(minutes=10)
# Older unemailed rows are not worth an email any more.
MAX_AGE = timedelta(days=3)

Text = Callable[[], str]


def _render(text: Text | str, language: str) -> str:
    if isinstance(text, str):
        return text
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(text())[:300]


def preferences_of(user_ids: Iterable[int], kind: str) -> dict[int, tuple[str, bool]]:
    """(email, push) of `kind` for each member: their row, else the kind's default."""
    default = PREFERENCES[kind]
    chosen = {
        user_id: (email, push)
        for user_id, email, push in Preference.objects.filter(
            user_id__in=list(user_ids), kind=kind
        ).values_list("user_id", "email", "push")
    }
    return {uid: chosen.get(uid, (default.email, default.push)) for uid in user_ids}


def notify(
    *,
    recipient: User | int,
    kind: str,
    key: str,
    text: Text | str,
    link: str = "",
    subject_id: str = "",
    actor_id: int | None = None,
    preview: Text | str = "",
    quiet: bool = False,
) -> Notification | None:
    """Tell one member; the row, or None when it exists already or they are not told."""
    recipient_id = recipient if isinstance(recipient, int) else recipient.pk
    made = notify_many(
        recipient_ids=[recipient_id],
        kind=kind,
        key=lambda _uid: key,
        text=text,
        link=link,
        subject_id=subject_id,
        actor_id=actor_id,
        preview=preview,
        quiet=quiet,
    )
    return made[0] if made else None


def notify_many(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    key: Callable[[int], str],
    text: Text | str,
    link: str = "",
    subject_id: str = "",
    actor_id: int | None = None,
    preview: Text | str = "",
    quiet: bool = False,
) -> list[Notification]:
    """Tell many members one thing, in a constant number of queries whatever their
    number: the text is rendered once per language, and each person gets one row, plus
    one push outbox row if they want pushes. Call it inside the change's transaction.

    `key(user_id)` gives each row's once-key. The actor is never told of their own act.
    `quiet`: in the app only, whatever the preferences (a stranger's invitation, P7).
    """
    return notify_items(
        [
            Item(
                recipient_id=uid,
                kind=kind,
                key=key(uid),
                text=text,
                link=link,
                subject_id=str(subject_id),
                actor_id=actor_id,
                preview=preview,
                quiet=quiet,
            )
            for uid in set(recipient_ids)
        ]
    )


@dataclass
class Item:
    """One thing to tell one member (see notify_items)."""

    recipient_id: int
    kind: str
    key: str
    text: Text | str
    link: str = ""
    subject_id: str = ""
    actor_id: int | None = None
    preview: Text | str = ""
    quiet: bool = False


def _silenced_pairs(items: list[Item]) -> set[tuple[int, int]]:
    """(recipient, actor) pairs where either blocked the other or the recipient muted
    the actor (P5): two queries for any number of items."""
    actors = {i.actor_id for i in items if i.actor_id is not None}
    if not actors:
        return set()
    recipients = {i.recipient_id for i in items}
    pairs: set[tuple[int, int]] = set()
    for blocker, blocked in Block.objects.filter(
        Q(blocker_id__in=recipients, blocked_id__in=actors)
        | Q(blocked_id__in=recipients, blocker_id__in=actors)
    ).values_list("blocker_id", "blocked_id"):
        pairs |= {(blocker, blocked), (blocked, blocker)}
    pairs |= set(
        Mute.objects.filter(muter_id__in=recipients, muted_id__in=actors).values_list(
            "muter_id", "muted_id"
        )
    )
    return pairs


def _all_preferences_of(
    user_ids: set[int], kinds: set[str]
) -> dict[tuple[int, str], tuple[str, bool]]:
    chosen = {
        (uid, kind): (email, push)
        for uid, kind, email, push in Preference.objects.filter(
            user_id__in=user_ids, kind__in=kinds
        ).values_list("user_id", "kind", "email", "push")
    }
    return {
        (uid, kind): chosen.get((uid, kind), (PREFERENCES[kind].email, PREFERENCES[kind].push))
        for uid in user_ids
        for kind in kinds
    }


def notify_items(items: list[Item]) -> list[Notification]:
    """Write many notifications (any kinds, any recipients) in a constant number of
    queries: who is active, who is silenced, their preferences, which keys exist, one
    bulk insert, and the push rows. Returns the rows written (not those that existed)."""
    for item in items:
        if item.kind not in KINDS:
            raise ValueError(f"unknown notification kind {item.kind!r}")
    items = [i for i in items if i.recipient_id != i.actor_id]
    if not items:
        return []
    people = {
        row["pk"]: row
        for row in User.objects.filter(
            pk__in={i.recipient_id for i in items}, is_active=True, is_suspended=False
        ).values("pk", "language", "notification_settings__previews")
    }
    silenced = _silenced_pairs(items)
    items = [
        i
        for i in items
        if i.recipient_id in people and (i.recipient_id, i.actor_id) not in silenced
    ]
    if not items:
        return []
    pref_kinds = {KINDS[i.kind] for i in items if KINDS[i.kind] and not i.quiet}
    prefs = _all_preferences_of({i.recipient_id for i in items}, pref_kinds)  # type: ignore[arg-type]
    rendered: dict[tuple[int, str], str] = {}

    def render(text: Text | str, language: str) -> str:
        if isinstance(text, str):
            return text
        cache_key = (id(text), language)
        if cache_key not in rendered:
            rendered[cache_key] = _render(text, language)
        return rendered[cache_key]

    rows: list[Notification] = []
    channels: dict[str, tuple[bool, str]] = {}  # key -> (push?, preview)
    for item in items:
        person = people[item.recipient_id]
        language = person["language"] or settings.LANGUAGE_CODE
        preference = KINDS[item.kind]
        email, push = "", False
        if preference and not item.quiet:
            email, push = prefs[(item.recipient_id, preference)]
        if item.kind in EMAILED_ELSEWHERE and email == IMMEDIATELY:
            email = ""  # its own app emails it now (email_policy below lets it through)
        key = item.key[:160]
        preview = ""
        if push and item.preview and person["notification_settings__previews"]:
            preview = render(item.preview, language)[:140]
        channels[key] = (push, preview)
        rows.append(
            Notification(
                recipient_id=item.recipient_id,
                key=key,
                kind=item.kind,
                text=render(item.text, language),
                link=item.link,
                subject_id=str(item.subject_id),
                actor_id=item.actor_id,
                email=(
                    Notification.Email.IMMEDIATE
                    if email == IMMEDIATELY
                    else Notification.Email.DAILY
                    if email == DAILY
                    else Notification.Email.NONE
                ),
            )
        )
    existing = set(
        Notification.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True)
    )
    rows = list({r.key: r for r in rows if r.key not in existing}.values())
    if not rows:
        return []
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    pushers = {r.recipient_id for r in rows if channels[r.key][0]}
    if pushers:
        subscribed = set(
            PushSubscription.objects.filter(user_id__in=pushers).values_list("user_id", flat=True)
        )
        push_rows = []
        for row in rows:
            push, preview = channels[row.key]
            if not push or row.recipient_id not in subscribed:
                continue
            url = settings.SITE_URL + row.link if row.link.startswith("/") else row.link
            payload: dict[str, Any] = {"title": row.text, "url": url, "tag": row.kind}
            if preview:
                payload["body"] = preview
            push_rows.append(
                OutboxMessage(
                    key=f"push:{row.key}"[:200],
                    channel=OutboxMessage.Channel.PUSH,
                    recipient_id=row.recipient_id,
                    subject=row.text[:255],
                    body=json.dumps(payload),
                )
            )
        outbox_enqueue_many(push_rows)
    return rows


# Emails other apps write, and the preference kind each falls under.
APP_EMAIL_KINDS = {
    "emails/hosting/stay_request": "stays",
    "emails/meetups/invitation": "meetups",
    "emails/meetups/cancelled": "meetups",
    "emails/meetups/reminder": "meetups",
    "emails/matching/collective": "collectives",
}


def email_policy(recipient: User, template: str) -> dict[str, Any] | None:
    """The outbox asks before writing any email (travel/outbox register_email_policy):
    another app's email of a kind goes only if the member wants that kind immediately
    (daily: the centre's digest carries it instead; never: nothing), and every email gets
    the one-click link to change that kind's setting."""
    kind = APP_EMAIL_KINDS.get(template)
    if kind is None:
        return {}  # the centre's own emails carry their headers already
    email, _push = preferences_of([recipient.pk], kind)[recipient.pk]
    if email != IMMEDIATELY:
        return None
    unsubscribe = unsubscribe_url(user_id=recipient.pk, kind=kind)
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# ------------------------------------------------------------------ read state


def notification_mark_read(*, user: User, public_id: Any) -> Notification:
    """Mark one of `user`'s notifications read; someone else's is the same 404 as none."""
    try:
        uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    row = Notification.objects.filter(recipient=user, public_id=public_id).first()
    if row is None:
        raise Http404
    if row.read_at is None:
        row.read_at = timezone.now()
        Notification.objects.filter(pk=row.pk, read_at__isnull=True).update(read_at=row.read_at)
    return row


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_subject_read(*, user: User, kind: str, subject_id: str) -> int:
    """Reading the thing itself (a conversation) reads what told about it."""
    return Notification.objects.filter(
        recipient=user, kind=kind, subject_id=subject_id, read_at__isnull=True
    ).update(read_at=timezone.now())


# ------------------------------------------------------------------ preferences


def preference_set(
    *, user: User, kind: str, email: str | None = None, push: bool | None = None
) -> Preference:
    """Set one preference kind's email and/or push; unknown kind or value -> ValidationError."""
    if kind not in PREFERENCES:
        raise ValidationError({"kind": _("Unknown notification kind: %(kind)s") % {"kind": kind}})
    if email is not None and email not in dict(EMAIL_CHOICES):
        raise ValidationError({"email": _("Choose immediately, daily or never.")})
    current_email, current_push = preferences_of([user.pk], kind)[user.pk]
    row, _created = Preference.objects.update_or_create(
        user=user,
        kind=kind,
        defaults={
            "email": current_email if email is None else email,
            "push": current_push if push is None else bool(push),
        },
    )
    return row


def preferences_set(*, user: User, values: dict[str, dict[str, Any]]) -> None:
    """Set several kinds at once: {kind: {"email": …, "push": …}}; all or nothing."""
    with transaction.atomic():
        for kind, channels in values.items():
            unknown = set(channels) - set(CHANNELS)
            if unknown:
                raise ValidationError(
                    {"channel": _("Unknown channel: %(channel)s") % {"channel": sorted(unknown)[0]}}
                )
            preference_set(
                user=user, kind=kind, email=channels.get("email"), push=channels.get("push")
            )


def recipient_set(
    *, user: User, language: str | None = None, previews: bool | None = None
) -> Recipient:
    """The language of a member's emails and pushes (the member's own, accounts), and
    whether pushes may carry previews."""
    from accounts.services import member_language_set

    if language is not None:
        if language not in dict(settings.LANGUAGES):
            raise ValidationError({"language": _("Choose one of the site's languages.")})
        member_language_set(user=user, language=language)
    row, _created = Recipient.objects.get_or_create(user=user)
    if previews is not None and row.previews != bool(previews):
        row.previews = bool(previews)
        row.save(update_fields=["previews"])
    return row


# One-click links in emails (RFC 8058): a signed (member, kind) pair, no login needed.
_SALT = "notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=_SALT, compress=True)


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    return settings.SITE_URL + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id=user_id, kind=kind)]
    )


def unsubscribe_read(token: str) -> tuple[User, str]:
    try:
        user_id, kind = signing.loads(token, salt=_SALT, max_age=timedelta(days=90))
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or (kind not in PREFERENCES and kind != "digest"):
        raise Http404
    return user, kind


def unsubscribe(*, token: str) -> tuple[User, str]:
    """Turn off email for the token's kind (the digest: every daily kind)."""
    user, kind = unsubscribe_read(token)
    kinds = (
        [kind]
        if kind != "digest"
        else [k for k, (email, _p) in _all_preferences(user).items() if email == DAILY]
    )
    for k in kinds:
        preference_set(user=user, kind=k, email="never")
    return user, kind


def _all_preferences(user: User) -> dict[str, tuple[str, bool]]:
    chosen = {
        kind: (email, push)
        for kind, email, push in Preference.objects.filter(user=user).values_list(
            "kind", "email", "push"
        )
    }
    return {k: chosen.get(k, (p.email, p.push)) for k, p in PREFERENCES.items()}


# ------------------------------------------------------------------ push devices


def push_subscribe(
    *, user: User, endpoint: str, p256dh: str, auth: str, label: str = ""
) -> PushSubscription:
    """Remember one device; checks come from travel.notifications.push (4xx with field)."""
    from travel.notifications.push import check_subscription

    check_subscription(endpoint=endpoint, p256dh=p256dh, auth=auth)
    with transaction.atomic():
        row = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
        if row is None:
            try:
                with transaction.atomic():
                    return PushSubscription.objects.create(
                        user=user, endpoint=endpoint, p256dh=p256dh, auth=auth, label=label[:100]
                    )
            except IntegrityError:
                row = PushSubscription.objects.get(endpoint=endpoint)
        # A device that changed hands (or re-subscribed) belongs to whoever holds it now.
        row.user, row.p256dh, row.auth, row.label = user, p256dh, auth, label[:100]
        row.save(update_fields=["user", "p256dh", "auth", "label"])
        return row


def push_unsubscribe(*, user: User, public_id: Any) -> None:
    try:
        uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    deleted, _ = PushSubscription.objects.filter(user=user, public_id=public_id).delete()
    if not deleted:
        raise Http404


# ------------------------------------------------------------------ email


def _email_groups(rows: list[Notification]) -> list[dict[str, Any]]:
    groups: dict[str, list[Notification]] = defaultdict(list)
    for row in rows:
        groups[KINDS[row.kind] or ""].append(row)
    return [
        {
            "kind": kind,
            "label": PREFERENCES[kind].label,
            "items": [
                {
                    "text": r.text,
                    "url": settings.SITE_URL + r.link if r.link.startswith("/") else r.link,
                }
                for r in items
            ],
        }
        for kind, items in groups.items()
        if kind
    ]


def recipients_with_due_emails(*, now: Any = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Notification.objects.filter(
            email=Notification.Email.IMMEDIATE,
            created__lte=now - GRACE,
            created__gte=now - MAX_AGE,
        )
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def emails_send_due(*, recipient_id: int, now: Any = None) -> int:
    """Claim one member's waiting "immediately" rows and write one email per preference
    kind, once; the number of emails written.

    Batched: if the member was emailed less than BATCH_WINDOW ago, the rows wait until
    the window ends, so several messages in ten minutes make one email. The claim (a
    conditional UPDATE) and the outbox rows share a transaction: a second run finds
    nothing to claim.
    """
    now = now or timezone.now()
    recipient = User.objects.filter(pk=recipient_id, is_active=True, is_suspended=False).first()
    settings_row, _ = Recipient.objects.get_or_create(user_id=recipient_id)
    if settings_row.last_emailed_at and settings_row.last_emailed_at > now - BATCH_WINDOW:
        return 0
    batch = uuid.uuid4()
    with transaction.atomic():
        waiting = Notification.objects.filter(
            recipient_id=recipient_id,
            email=Notification.Email.IMMEDIATE,
            created__gte=now - MAX_AGE,
        )
        # What was read in the app meanwhile needs no email.
        waiting.filter(read_at__isnull=False).update(email=Notification.Email.NONE)
        claimed = waiting.filter(read_at__isnull=True, created__lte=now).update(
            email=Notification.Email.SENT, email_batch=batch
        )
        if not claimed or recipient is None:
            return 0
        rows = list(Notification.objects.filter(email_batch=batch).order_by("created", "id"))
        sent = 0
        for group in _email_groups(rows):
            unsubscribe = unsubscribe_url(user_id=recipient_id, kind=group["kind"])
            sent += queue_email(
                key=f"notify:{batch}:{group['kind']}",
                recipient=recipient,
                template=f"emails/notifications/{group['kind']}",
                context={
                    **group,
                    "count": len(group["items"]),
                    "unsubscribe_url": unsubscribe,
                    "settings_url": settings.SITE_URL + reverse("notifications:settings"),
                },
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        Recipient.objects.filter(pk=settings_row.pk).update(last_emailed_at=now)
    return sent


def users_with_pending_digest() -> list[int]:
    return list(
        Notification.objects.filter(email=Notification.Email.DAILY, read_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def digest_send(*, user_id: int, day: date | None = None) -> bool:
    """Send today's digest to one member if not sent yet (at most one a day); True if
    an email was written. Claimed by creating the (user, day) row and a conditional
    UPDATE on `sent_at`, so two workers, or a task run twice, send it once."""
    day = day or timezone.localdate()
    try:
        with transaction.atomic():
            digest, _ = DigestSent.objects.get_or_create(user_id=user_id, day=day)
    except IntegrityError:
        digest = DigestSent.objects.get(user_id=user_id, day=day)
    with transaction.atomic():
        if not DigestSent.objects.filter(pk=digest.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        ):
            return False
        user = User.objects.filter(pk=user_id, is_active=True, is_suspended=False).first()
        rows = list(
            Notification.objects.select_for_update()
            .filter(recipient_id=user_id, email=Notification.Email.DAILY, read_at__isnull=True)
            .order_by("created", "id")[:30]
        )
        if user is None or not rows:
            # Nothing to say: give the day back so a later notification can still go out.
            DigestSent.objects.filter(pk=digest.pk).update(sent_at=None)
            return False
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
            email=Notification.Email.SENT
        )
        DigestSent.objects.filter(pk=digest.pk).update(count=len(rows))
        unsubscribe = unsubscribe_url(user_id=user_id, kind="digest")
        queue_email(
            key=f"digest:{user_id}:{day}",
            recipient=user,
            template="emails/notifications/digest",
            context={
                "groups": _email_groups(rows),
                "count": len(rows),
                "unsubscribe_url": unsubscribe,
                "notifications_url": settings.SITE_URL + reverse("notifications:index"),
                "settings_url": settings.SITE_URL + reverse("notifications:settings"),
            },
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return True


def notifications_erase(*, user: User) -> None:
    """P8: a member's own notifications go with them (rows cascade). Others' notices
    about what they did stay, but lose the link to them and their name at once."""
    marks = [m for m in {str(user.name), user.display_name.strip()} if len(m) >= 3]
    neutral = _("a former member")
    about = Notification.objects.filter(actor=user)
    if marks:
        named = Q()
        for mark in marks:
            named |= Q(text__contains=mark)
        about = Notification.objects.filter(Q(actor=user) | named).exclude(recipient=user)
    for row in about:
        text = row.text
        for mark in marks:
            text = text.replace(mark, neutral)
        Notification.objects.filter(pk=row.pk).update(text=text[:300], actor=None)
