"""Every change to meet-ups, invitations and RSVPs.

Each change emits its domain event (travel/events.py) in its transaction; emails are
outbox rows written in the same transaction, delivered after commit. RSVPs lock the
meet-up row (select_for_update) before counting "yes" answers, so two people taking the
last seat at once cannot both get it.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Connection, User, Visibility
from accounts.selectors import are_connected, is_blocked_between
from accounts.services import connection_make
from travel import events
from travel.collectives.models import Collective, Membership
from travel.collectives.selectors import may_share_with
from travel.meetups import emails
from travel.meetups.models import ATTENDING, RSVP, Invitation, Meetup, MeetupFeedToken
from travel.places.models import Place

EDITABLE_FIELDS = (
    "title",
    "description",
    "place",
    "venue",
    "starts",
    "ends",
    "capacity",
    "visibility",
    "listed_publicly",
    "collective",
)


def _changed(meetup: Meetup, change: str, fields: Any = ()) -> None:
    events.emit(events.meetup_changed, meetup_id=meetup.pk, change=change, fields=frozenset(fields))


def _check_collective(organizer: User, collective: Collective | None) -> None:
    if collective is not None and not may_share_with(user=organizer, collective=collective):
        raise ValidationError(
            {"collective": _("You can only organise with a collective you are a member of.")}
        )


@transaction.atomic
def meetup_create(
    *,
    organizer: User,
    title: str,
    place: Place,
    starts: datetime,
    ends: datetime | None = None,
    description: str = "",
    venue: str = "",
    topics: Any = (),
    capacity: int | None = None,
    visibility: str = Visibility.MEMBERS,
    listed_publicly: bool = False,
    collective: Collective | None = None,
    invitees: Any = (),
    now: datetime | None = None,
) -> Meetup:
    """Create a meet-up, and invite `invitees` (already checked through a block-aware
    selector by the caller)."""
    now = now or timezone.now()
    if starts < now:
        raise ValidationError({"starts": _("This time has passed: choose a time in the future.")})
    _check_collective(organizer, collective)
    meetup = Meetup(
        organizer=organizer,
        title=title.strip(),
        place=place,
        starts=starts,
        ends=ends,
        description=description,
        venue=venue,
        capacity=capacity,
        visibility=visibility,
        listed_publicly=listed_publicly,
        collective=collective,
    )
    meetup.full_clean()
    meetup.save()
    meetup.topics.set(topics)
    # The organizer is going to their own meet-up (and takes a seat).
    RSVP.objects.create(meetup=meetup, user=organizer, answer=RSVP.Answer.YES)
    events.emit(events.meetup_published, meetup_id=meetup.pk, organizer_id=organizer.pk)
    for invitee in invitees:
        invitation_create(meetup=meetup, actor=organizer, invitee=invitee)
    return meetup


@transaction.atomic
def meetup_update(*, meetup: Meetup, actor: User, data: dict[str, Any]) -> Meetup:
    meetup = Meetup.objects.select_for_update().select_related("place").get(pk=meetup.pk)
    if meetup.organizer_id != actor.pk:
        raise PermissionDenied(_("Only the organizer can change this meet-up."))
    if meetup.is_cancelled:
        raise ValidationError({"status": _("This meet-up is cancelled and can no longer change.")})
    data = dict(data)
    topics = data.pop("topics", None)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed.")})
    if "collective" in data:
        _check_collective(actor, data["collective"])
    if "starts" in data and data["starts"] != meetup.starts and data["starts"] < timezone.now():
        raise ValidationError({"starts": _("This time has passed: choose a time in the future.")})
    if data.get("capacity") is not None:
        taken = meetup.rsvps.filter(answer=RSVP.Answer.YES).count()
        if data["capacity"] < taken:
            raise ValidationError(
                {
                    "capacity": _("%(n)d people are going already: the capacity cannot be lower.")
                    % {"n": taken}
                }
            )
    for field, value in data.items():
        setattr(meetup, field, value)
    meetup.full_clean()
    fields = list(data)
    if "starts" in data:
        # A new start time means new reminders (their keys include the start time).
        meetup.reminders_claimed = None
        fields.append("reminders_claimed")
    if fields:
        meetup.save(update_fields=[*fields, "updated"])
    if topics is not None:
        meetup.topics.set(topics)
        fields.append("topics")
    _changed(meetup, "updated", fields)
    return meetup


@transaction.atomic
def meetup_cancel(*, meetup: Meetup, actor: User) -> Meetup:
    meetup = Meetup.objects.select_for_update().get(pk=meetup.pk)
    if meetup.organizer_id != actor.pk:
        raise PermissionDenied(_("Only the organizer can cancel this meet-up."))
    if meetup.is_cancelled:
        return meetup
    meetup.status = Meetup.Status.CANCELLED
    meetup.listed_publicly = False
    meetup.save(update_fields=["status", "listed_publicly", "updated"])
    emails.cancellation_emails_write(meetup.pk)  # into the outbox, in this transaction
    _changed(meetup, "cancelled", ["status", "listed_publicly"])
    return meetup


@transaction.atomic
def rsvp_set(*, meetup: Meetup, user: User, answer: str, now: datetime | None = None) -> RSVP:
    """Answer yes, maybe or no. "Yes" takes a seat: refused when the meet-up is full.

    Locks the meet-up row first, so concurrent answers are counted one at a time.
    The caller fetched `meetup` through `meetup_for_viewer` (visibility and blocks).
    """
    if answer not in RSVP.Answer.values:
        raise ValidationError({"answer": _("Answer yes, maybe or no.")})
    meetup = Meetup.objects.select_for_update().get(pk=meetup.pk)
    now = now or timezone.now()
    if meetup.is_cancelled:
        raise ValidationError({"answer": _("This meet-up is cancelled.")})
    if meetup.has_ended(now):
        raise ValidationError({"answer": _("This meet-up is over.")})
    if meetup.organizer_id == user.pk and answer != RSVP.Answer.YES:
        raise ValidationError(
            {"answer": _("You organise this meet-up: cancel it instead of saying no.")}
        )
    existing = RSVP.objects.filter(meetup=meetup, user=user).first()
    previous = existing.answer if existing is not None else None
    if answer == RSVP.Answer.YES and meetup.capacity is not None:
        taken = meetup.rsvps.filter(answer=RSVP.Answer.YES).exclude(user=user).count()
        if taken >= meetup.capacity:
            raise ValidationError(
                {"answer": ValidationError(_("This meet-up is full."), code="full")}
            )
    if existing is None:
        rsvp = RSVP.objects.create(meetup=meetup, user=user, answer=answer, updated=now)
    else:
        rsvp = existing
        rsvp.answer, rsvp.updated = answer, now
        rsvp.save(update_fields=["answer", "updated"])
    Invitation.objects.filter(meetup=meetup, invitee=user).update(
        status=Invitation.Status.ACCEPTED if answer in ATTENDING else Invitation.Status.DECLINED
    )
    if previous != answer:
        # The organizer is told (notifications listen); the same answer again says nothing.
        events.emit(
            events.rsvp_changed,
            meetup_id=meetup.pk,
            user_id=user.pk,
            answer=answer,
            previous=previous,
        )
    return rsvp


def _shares_a_collective(a: User, b: User) -> bool:
    return Membership.objects.filter(
        user=b, collective_id__in=Membership.objects.filter(user=a).values("collective_id")
    ).exists()


@transaction.atomic
def invitation_create(
    *, meetup: Meetup, actor: User, invitee: User, message: str = ""
) -> Invitation:
    """Invite a member. The caller found `invitee` through `invitable_member`, which
    answers "no such member" for blocks in either direction; this re-checks anyway."""
    from travel.meetups.selectors import can_invite

    if not can_invite(user=actor, meetup=meetup):
        raise PermissionDenied(_("Only the organizer can invite people to this meet-up."))
    if invitee.pk == actor.pk or is_blocked_between(actor, invitee) or invitee.is_suspended:
        raise ValidationError({"user": _("No such member.")})
    if meetup.is_cancelled or meetup.has_ended():
        raise ValidationError({"user": _("This meet-up is cancelled or over.")})
    invitation, created = Invitation.objects.get_or_create(
        meetup=meetup,
        invitee=invitee,
        defaults={"invited_by": actor, "message": message},
    )
    if not created:
        raise ValidationError({"user": _("They are invited already.")})
    invitation.full_clean()
    # Like a first message (P7): strangers' invitations wait in the app, unannounced;
    # only people who know the inviter get an email.
    known = are_connected(actor, invitee) or _shares_a_collective(actor, invitee)
    if known:
        emails.invitation_email_write(invitation.pk)  # into the outbox, in this transaction
    events.emit(
        events.meetup_invitation_sent,
        invitation_id=invitation.pk,
        meetup_id=meetup.pk,
        user_id=invitee.pk,
        actor_id=actor.pk,
        known=known,
    )
    return invitation


@transaction.atomic
def feed_token_get(*, user: User) -> MeetupFeedToken:
    token, _created = MeetupFeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def feed_token_reset(*, user: User) -> MeetupFeedToken:
    MeetupFeedToken.objects.filter(user=user).delete()
    return MeetupFeedToken.objects.create(user=user)


def meetup_connections_make(*, meetup_id: int) -> int:
    """After a meet-up ended: everyone who said yes is connected with everyone else who
    did (except across a block). Returns the number of pairs considered."""
    meetup = Meetup.objects.filter(pk=meetup_id, status=Meetup.Status.SCHEDULED).first()
    if meetup is None or not meetup.has_ended():
        return 0
    users = list(
        User.objects.filter(
            meetup_rsvps__meetup=meetup,
            meetup_rsvps__answer=RSVP.Answer.YES,
            is_active=True,
        ).order_by("pk")
    )
    pairs = 0
    for a, b in itertools.combinations(users, 2):
        if is_blocked_between(a, b):
            continue
        connection_make(a=a, b=b, reason=Connection.Reason.MEETUP)
        pairs += 1
    # The organizer and each person who came may write a reference about the other.
    for person in users:
        if person.pk == meetup.organizer_id or is_blocked_between(person, meetup.organizer):
            continue
        for user_id, about_id in (
            (person.pk, meetup.organizer_id),
            (meetup.organizer_id, person.pk),
        ):
            events.emit(
                events.reference_requested,
                user_id=user_id,
                about_user_id=about_id,
                context="meetup",
                context_id=str(meetup.public_id),
            )
    return pairs


def meetups_erase(*, user: User) -> None:
    """Account deletion removes personal data at once (P8): the meet-ups the member
    organised (with their RSVPs and invitations), and their own answers and invitations.
    Attendees' calendar feeds drop the deleted meet-ups on their next refresh."""
    ids = list(Meetup.objects.filter(organizer=user).values_list("pk", flat=True))
    Meetup.objects.filter(pk__in=ids).delete()
    for meetup_id in ids:
        events.emit(
            events.meetup_changed, meetup_id=meetup_id, change="deleted", fields=frozenset()
        )
    RSVP.objects.filter(user=user).delete()
    Invitation.objects.filter(invitee=user).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    MeetupFeedToken.objects.filter(user=user).delete()
