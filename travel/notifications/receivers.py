"""What each domain event tells whom (connected in travel/wiring/house.py).

Every receiver takes ids (the event's arguments), re-reads what it needs and calls
`notify`/`notify_many` inside the emitting transaction, so the notification commits or
rolls back with the change. Texts are lambdas: `notify` renders them in each
recipient's language. They never carry an address (P1) nor a message's words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from travel.notifications.models import Notification
from travel.notifications.services import Item, notify, notify_items, notify_many

# A host hears of at most this many travellers coming near them a week.
HOST_WEEKLY_LIMIT = 5


def _name(user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = User.objects.filter(pk=user_id).first()
    return str(user.name) if user else ""


# ------------------------------------------------------------------ messages


def on_message_sent(
    *,
    message_id: int,
    conversation_id: int,
    sender_id: int,
    recipient_ids: tuple[int, ...] = (),
    is_request: bool = False,
    held: bool = False,
    **kwargs: Any,
) -> None:
    if held:
        return  # a held message reaches nobody until a moderator releases it
    from travel.messaging.models import Conversation, Message

    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return
    sender = _name(sender_id)
    body = Message.objects.filter(pk=message_id).values_list("body", flat=True).first() or ""
    if is_request:
        # P7: a stranger's first message is a request: in the app only.
        notify_many(
            recipient_ids=recipient_ids,
            kind="message_request",
            key=lambda uid: f"message-request:{conversation_id}:{uid}",
            text=lambda: (
                _("%(name)s asked to talk with you (a message request)") % {"name": sender}
            ),
            link=reverse("messaging:requests"),
            subject_id=str(conversation.public_id),
            actor_id=sender_id,
        )
        return
    notify_many(
        recipient_ids=recipient_ids,
        kind="message",
        key=lambda uid: f"message:{message_id}:{uid}",
        text=lambda: _("New message from %(name)s") % {"name": sender},
        link=reverse("messaging:conversation", args=[conversation.public_id]),
        subject_id=str(conversation.public_id),
        actor_id=sender_id,
        preview=body[:140],
    )


# ------------------------------------------------------------------ stays

# Marked for translation here, translated in the recipient's language when told.
_STAY_TEXTS = {
    "pending": gettext_noop("%(name)s asks to stay with you in %(city)s from %(day)s"),
    "invited": gettext_noop("%(name)s invites you to stay in %(city)s from %(day)s"),
    "accepted": gettext_noop("%(name)s accepted your stay in %(city)s from %(day)s"),
    "declined": gettext_noop("%(name)s declined the stay in %(city)s from %(day)s"),
    "cancelled": gettext_noop("%(name)s cancelled the stay in %(city)s from %(day)s"),
    "expired": gettext_noop("The stay request in %(city)s from %(day)s expired"),
}


def on_stay_request_changed(
    *,
    stay_request_id: int,
    status: str,
    previous_status: str | None = None,
    actor_id: int | None = None,
    traveller_id: int,
    host_id: int,
    **kwargs: Any,
) -> None:
    from travel.hosting.models import StayRequest

    if status not in _STAY_TEXTS:
        return
    req = StayRequest.objects.select_related("offer__place").filter(pk=stay_request_id).first()
    if req is None:
        return
    if status == "expired":
        recipients = [traveller_id, host_id]
    elif actor_id is not None:
        recipients = [host_id if actor_id == traveller_id else traveller_id]
    else:
        recipients = [traveller_id]
    kind = {"pending": "stay_request", "invited": "stay_invited"}.get(status, f"stay_{status}")
    who = _name(actor_id)
    city = req.offer.place.name
    arrive = req.arrive
    template = _STAY_TEXTS[status]
    notify_many(
        recipient_ids=recipients,
        kind=kind,
        key=lambda uid: f"stay:{stay_request_id}:{status}:{uid}",
        text=lambda: (
            _(template)
            % {"name": who, "city": city, "day": date_format(arrive, "MONTH_DAY_FORMAT")}
        ),
        link=reverse("hosting:request_detail", args=[req.public_id]),
        subject_id=str(req.public_id),
        actor_id=actor_id,
    )


# ------------------------------------------------------------------ meet-ups


def _meetup(meetup_id: int) -> Any:
    from travel.meetups.models import Meetup

    return Meetup.objects.filter(pk=meetup_id).first()


def on_meetup_invitation_sent(
    *, invitation_id: int, meetup_id: int, user_id: int, known: bool | None = None, **kwargs: Any
) -> None:
    from travel.meetups.models import Invitation

    invitation = (
        Invitation.objects.select_related("meetup", "invited_by", "invitee")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    from accounts.selectors import are_connected
    from travel.collectives.models import Membership

    meetup = invitation.meetup
    inviter = invitation.invited_by
    if inviter is None:
        return  # the inviter's account is gone
    who = str(inviter.name)
    title = meetup.title
    # Like a first message (P7): a stranger's invitation waits in the app, unannounced.
    known = (
        known
        if known is not None
        else are_connected(inviter, invitation.invitee)
        or (
            Membership.objects.filter(
                user_id=user_id,
                collective_id__in=Membership.objects.filter(user=inviter).values("collective_id"),
            ).exists()
        )
    )
    notify(
        recipient=user_id,
        kind="meetup_invitation",
        key=f"meetup-invitation:{invitation_id}",
        text=lambda: _("%(name)s invites you to %(title)s") % {"name": who, "title": title},
        link=reverse("meetups:detail", args=[meetup.public_id]),
        subject_id=str(meetup.public_id),
        actor_id=invitation.invited_by_id,
        quiet=not known,
    )


def on_rsvp_changed(
    *, meetup_id: int, user_id: int, answer: str, previous: str | None = None, **kwargs: Any
) -> None:
    if answer == previous:
        return
    meetup = _meetup(meetup_id)
    if meetup is None:
        return
    who = _name(user_id)
    title = meetup.title
    texts = {
        "yes": lambda: _("%(name)s is going to %(title)s") % {"name": who, "title": title},
        "maybe": lambda: _("%(name)s might come to %(title)s") % {"name": who, "title": title},
        "no": lambda: _("%(name)s is not coming to %(title)s") % {"name": who, "title": title},
    }
    if answer not in texts:
        return
    notify(
        recipient=meetup.organizer_id,
        kind="meetup_rsvp",
        # One per answer given: changing one's mind tells again, a re-run does not.
        key=f"rsvp:{meetup_id}:{user_id}:{answer}:{previous or ''}",
        text=texts[answer],
        link=reverse("meetups:detail", args=[meetup.public_id]),
        subject_id=str(meetup.public_id),
        actor_id=user_id,
    )


def _attendees(meetup: Any) -> list[int]:
    from travel.meetups.models import ATTENDING, RSVP

    return list(
        RSVP.objects.filter(meetup=meetup, answer__in=ATTENDING).values_list("user_id", flat=True)
    )


def on_meetup_changed(
    *, meetup_id: int, change: str, fields: frozenset[str] = frozenset(), **kwargs: Any
) -> None:
    if change not in ("updated", "cancelled"):
        return  # hidden by a moderator or erased with its organizer: nothing to tell
    meetup = _meetup(meetup_id)
    if meetup is None:
        return
    title = meetup.title
    stamp = int(timezone.now().timestamp())
    if change == "cancelled":
        kind, key = "meetup_cancelled", lambda uid: f"meetup-cancelled:{meetup_id}:{uid}"
        text = lambda: _("%(title)s is cancelled") % {"title": title}  # noqa: E731
    else:
        kind = "meetup_changed"
        key = lambda uid: f"meetup-changed:{meetup_id}:{stamp}:{uid}"  # noqa: E731
        if fields & {"starts", "ends"}:
            text = lambda: _("%(title)s has a new time") % {"title": title}  # noqa: E731
        elif fields & {"venue", "place"}:
            text = lambda: _("%(title)s has moved") % {"title": title}  # noqa: E731
        else:
            text = lambda: _("%(title)s was updated") % {"title": title}  # noqa: E731
    notify_many(
        recipient_ids=_attendees(meetup),
        kind=kind,
        key=key,
        text=text,
        link=reverse("meetups:detail", args=[meetup.public_id]),
        subject_id=str(meetup.public_id),
        actor_id=meetup.organizer_id,
    )


def on_meetup_reminder_due(*, meetup_id: int, **kwargs: Any) -> None:
    meetup = _meetup(meetup_id)
    if meetup is None:
        return
    title = meetup.title
    stamp = int(meetup.starts.timestamp())
    notify_many(
        recipient_ids=_attendees(meetup),
        kind="meetup_reminder",
        key=lambda uid: f"meetup-reminder:{meetup_id}:{stamp}:{uid}",
        text=lambda: _("Reminder: %(title)s starts soon") % {"title": title},
        link=reverse("meetups:detail", args=[meetup.public_id]),
        subject_id=str(meetup.public_id),
    )


# ------------------------------------------------------------------ suggestions


def _strong_match_text(place: str, kind: str) -> Callable[[], str]:
    return lambda: (
        _("A strong match for your stop in %(place)s: %(kind)s")
        % {
            "place": place,
            "kind": kind,
        }
    )


def _traveller_near_text(place: str, start: date, end: date) -> Callable[[], str]:
    return lambda: (
        _("A traveller who needs what you offer will be near %(place)s from %(start)s to %(end)s")
        % {
            "place": place,
            "start": date_format(start, "MONTH_DAY_FORMAT"),
            "end": date_format(end, "MONTH_DAY_FORMAT"),
        }
    )


def on_suggestions_stored(
    *,
    trip_id: int,
    owner_id: int,
    new_strong_ids: tuple[int, ...] = (),
    new_host_ids: tuple[int, ...] = (),
    **kwargs: Any,
) -> None:
    """New strong suggestions for the traveller (collected into the digest by default);
    a host hears of a new traveller who needs what they offer, at most HOST_WEEKLY_LIMIT
    a week so a busy city cannot flood them."""
    from django.db.models import Count

    from travel.matching.models import Suggestion

    rows = list(
        Suggestion.objects.filter(pk__in=[*new_strong_ids, *new_host_ids]).select_related(
            "stop__place", "trip"
        )
    )
    items: list[Item] = []
    for s in rows:
        if s.pk not in new_strong_ids:
            continue
        place, kind = s.stop.display_name, s.get_kind_display()
        items.append(
            Item(
                recipient_id=owner_id,
                kind="suggestion",
                key=f"suggestion:{s.stop_id}:{s.kind}:{s.target_id}",
                text=_strong_match_text(place, kind),
                link=reverse("trips:detail", args=[s.trip.public_id])
                + f"#suggestions-{s.stop.public_id}",
                subject_id=str(s.pk),
            )
        )
    host_rows = [s for s in rows if s.pk in new_host_ids and s.target_user_id is not None]
    told = dict(
        Notification.objects.filter(
            recipient_id__in={s.target_user_id for s in host_rows},
            kind="traveller_near",
            created__gte=timezone.now() - timedelta(days=7),
        )
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("recipient_id", "n")
    )
    for s in host_rows:
        host = s.target_user_id
        assert host is not None
        if told.get(host, 0) >= HOST_WEEKLY_LIMIT:
            continue
        told[host] = told.get(host, 0) + 1
        place, start, end = s.stop.place.name, s.stop.arrive, s.stop.depart
        items.append(
            Item(
                recipient_id=host,
                kind="traveller_near",
                key=f"traveller-near:{s.stop_id}:{s.target_id}",
                text=_traveller_near_text(place, start, end),
                link=reverse("trips:detail", args=[s.trip.public_id]),
                subject_id=str(s.pk),
                actor_id=owner_id,
            )
        )
    notify_items(items)


# ------------------------------------------------------------------ references


def on_reference_requested(
    *, user_id: int, about_user_id: int, context: str = "", context_id: Any = "", **kwargs: Any
) -> None:
    about = User.objects.filter(pk=about_user_id).first()
    if about is None:
        return
    name = str(about.name)
    notify(
        recipient=user_id,
        kind="reference_due",
        key=f"reference-due:{user_id}:{about_user_id}:{context}:{context_id}",
        text=lambda: _("Write a reference for %(name)s") % {"name": name},
        link=reverse("messaging:reference_new", args=[about.public_id]),
        subject_id=str(about.public_id),
        actor_id=about_user_id,
    )


def on_reference_revealed(
    *, reference_id: int, author_id: int, subject_id: int, **kwargs: Any
) -> None:
    author = User.objects.filter(pk=author_id).first()
    subject = User.objects.filter(pk=subject_id).first()
    if author is None or subject is None:
        return
    name = str(author.name)
    notify(
        recipient=subject_id,
        kind="reference_revealed",
        key=f"reference-revealed:{reference_id}",
        text=lambda: _("%(name)s's reference about you is now visible") % {"name": name},
        link=reverse("accounts:member", args=[subject.public_id]),
        subject_id=str(reference_id),
        actor_id=author_id,
    )


def on_reference_written(
    *, reference_id: int, author_id: int, subject_id: int, revealed: bool = False, **kwargs: Any
) -> None:
    if revealed:
        on_reference_revealed(reference_id=reference_id, author_id=author_id, subject_id=subject_id)


# ------------------------------------------------------------------ collectives


def on_collective_join_requested(
    *,
    collective_id: int,
    user_id: int,
    kind: str = "request",
    actor_id: int | None = None,
    join_offer_id: int | None = None,
    **kwargs: Any,
) -> None:
    """A member asks to join: the admins hear. An admin invites a member: they hear."""
    from travel.collectives.models import Collective, Membership

    collective = Collective.objects.filter(pk=collective_id).first()
    if collective is None:
        return
    if kind == "invitation":
        who, name = _name(actor_id), collective.name
        notify(
            recipient=user_id,
            kind="join_request",
            key=f"join-invitation:{join_offer_id or collective_id}:{user_id}",
            text=lambda: (
                _("%(name)s invites you to join %(collective)s") % {"name": who, "collective": name}
            ),
            link=reverse("collectives:detail", args=[collective.public_id]),
            subject_id=str(collective.public_id),
            actor_id=actor_id,
        )
        return
    admins = Membership.objects.filter(
        collective=collective, role=Membership.Role.ADMIN
    ).values_list("user_id", flat=True)
    who, name = _name(user_id), collective.name
    notify_many(
        recipient_ids=list(admins),
        kind="join_request",
        key=lambda uid: f"join-request:{join_offer_id or collective_id}:{user_id}:{uid}",
        text=lambda: _("%(name)s asks to join %(collective)s") % {"name": who, "collective": name},
        link=reverse("collectives:detail", args=[collective.public_id]),
        subject_id=str(collective.public_id),
        actor_id=user_id,
    )


def on_collective_join_answered(
    *, collective_id: int, user_id: int, accepted: bool, actor_id: int | None = None, **kwargs: Any
) -> None:
    from travel.collectives.models import Collective

    collective = Collective.objects.filter(pk=collective_id).first()
    if collective is None:
        return
    name = collective.name
    notify(
        recipient=user_id,
        kind="join_answer",
        key=f"join-answer:{collective_id}:{user_id}:{timezone.now().timestamp():.0f}",
        text=(
            (lambda: _("You are now a member of %(collective)s") % {"collective": name})
            if accepted
            else (lambda: _("%(collective)s declined your request to join") % {"collective": name})
        ),
        link=reverse("collectives:detail", args=[collective.public_id]),
        subject_id=str(collective.public_id),
        actor_id=actor_id,
    )


# ------------------------------------------------------------------ moderation


def on_report_resolved(
    *,
    report_id: int,
    reporter_id: int | None = None,
    subject_user_id: int | None = None,
    outcome: str = "",
    **kwargs: Any,
) -> None:
    """The reporter hears their report was handled; the member reported hears only when
    something was done about them (never who reported)."""
    link = reverse("accounts:settings")
    if reporter_id:
        notify(
            recipient=reporter_id,
            kind="moderation",
            key=f"report:{report_id}:reporter",
            text=lambda: _("Your report was reviewed by a moderator. Thank you."),
            link=link,
            subject_id=str(report_id),
        )
    if subject_user_id and outcome and outcome not in ("dismissed", "no_action"):
        notify(
            recipient=subject_user_id,
            kind="moderation",
            key=f"report:{report_id}:subject",
            text=lambda: (
                _("A moderator acted on a report about you: %(outcome)s")
                % {"outcome": outcome.replace("_", " ")}
            ),
            link=link,
            subject_id=str(report_id),
        )


def on_member_suspended(*, user_id: int, **kwargs: Any) -> None:
    # A suspended member is not notified (notify skips them); nothing else to say here.
    return
