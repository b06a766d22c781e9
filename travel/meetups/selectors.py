"""Every read about meet-ups, permission-aware.

Who sees a meet-up: its organizer; anyone its visibility allows (members, the
organizer's connections, members of the organizing collective); and anyone invited or
who answered. Never anyone on either side of a block with the organizer (P5), never
anonymous visitors (P3), never when the organizer is suspended.
The venue is shown to the organizer and to people who said yes or maybe; the list of
attendees to the same people (everyone else who can see the meet-up sees the count).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.selectors import (  # noqa: F401  (invitable_member(s): inviting is accounts')
    blocked_user_ids,
    connected_user_ids,
    invitable_member,
    invitable_members,
    visible_q,
)
from travel.collectives.models import Membership
from travel.collectives.selectors import collective_ids_of
from travel.meetups.models import ATTENDING, RSVP, Invitation, Meetup, MeetupFeedToken
from travel.places.geo import distance_km
from travel.places.grid import cells_within
from travel.places.models import Place

MAX_RADIUS_KM = 200
MAX_WINDOW_DAYS = 366
LIST_LIMIT = 200


# A subquery rather than a join, so filters that join other tables never inflate it.
_yes_subquery = (
    RSVP.objects.filter(meetup=OuterRef("pk"), answer=RSVP.Answer.YES)
    .order_by()
    .values("meetup")
    .annotate(n=Count("id"))
    .values("n")
)


def _base() -> QuerySet[Meetup]:
    return (
        Meetup.objects.select_related("place", "organizer", "collective")
        .prefetch_related("topics")
        .annotate(yes_count=Coalesce(Subquery(_yes_subquery), 0))
    )


def meetups_visible_q(
    viewer: Any, *, audience: Q | None = None, organizer_not_blocked: Q | None = None
) -> Q:
    """The one rule of who sees a meet-up, as a Q on Meetup: its audience includes the
    viewer (visible_q), or they were invited or answered, while its organizer is neither
    blocked nor suspended. The matcher passes the audience and block filters it has
    already built for the trip (the same rule, without repeating subqueries)."""
    if audience is None:
        audience = visible_q(
            viewer,
            owner="organizer",
            visibility="visibility",
            collective_ids=collective_ids_of(user=viewer),
            collective="collective",
        )
    if organizer_not_blocked is None:
        organizer_not_blocked = ~Q(organizer__in=blocked_user_ids(user=viewer))
    invited_or_answered = Q(
        pk__in=Invitation.objects.filter(invitee=viewer).values("meetup_id")
    ) | Q(pk__in=RSVP.objects.filter(user=viewer).values("meetup_id"))
    return audience | (
        invited_or_answered & organizer_not_blocked & Q(organizer__is_suspended=False)
    )


def meetups_visible_to(viewer: Any) -> QuerySet[Meetup]:
    if not getattr(viewer, "is_authenticated", False):
        return Meetup.objects.none()
    return _base().filter(meetups_visible_q(viewer))


def meetup_for_viewer(*, viewer: Any, public_id: Any) -> Meetup | None:
    try:
        return meetups_visible_to(viewer).filter(public_id=public_id).first()
    except (ValueError, TypeError, ValidationError):  # not a UUID: the same answer as a missing one
        return None


def meetups_in_cells(
    *, viewer: Any, cells: list[int], start: datetime, end: datetime
) -> QuerySet[Meetup]:
    """Meet-ups starting in [start, end) in the given grid cells, visible to viewer.

    The (cell, starts) index answers this with a range scan per cell; the matcher uses
    it with the cells of a stop's radius and the stop's dates.
    """
    return meetups_visible_to(viewer).filter(cell__in=cells, starts__gte=start, starts__lt=end)


def meetups_near(
    *,
    viewer: Any,
    place: Place,
    radius_km: int,
    start: datetime,
    end: datetime,
    topic_slug: str | None = None,
    include_cancelled: bool = False,
) -> list[Meetup]:
    """Meet-ups within radius_km of `place` starting in [start, end), nearest date first.

    A country matches by country code. Each result carries `distance_km` (whole km).
    """
    if place.kind == Place.Kind.COUNTRY or place.point is None:
        qs = meetups_visible_to(viewer).filter(
            country_code=place.country_code, starts__gte=start, starts__lt=end
        )
    else:
        lat, lon = place.point
        qs = meetups_in_cells(
            viewer=viewer, cells=cells_within(lat, lon, radius_km), start=start, end=end
        )
    if topic_slug:
        qs = qs.filter(topics__slug=topic_slug)
    if not include_cancelled:
        qs = qs.filter(status=Meetup.Status.SCHEDULED)
    found = []
    for meetup in qs.order_by("starts", "id")[:LIST_LIMIT]:
        if place.kind == Place.Kind.COUNTRY or place.point is None:
            meetup.distance_km = None  # type: ignore[attr-defined]
            found.append(meetup)
            continue
        assert meetup.place.point is not None
        d = distance_km(place.point, meetup.place.point)
        if d <= radius_km:
            meetup.distance_km = round(d)  # type: ignore[attr-defined]
            found.append(meetup)
    return found


def rsvp_of(*, user: Any, meetup: Meetup) -> RSVP | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return RSVP.objects.filter(meetup=meetup, user=user).first()


def invitation_of(*, user: Any, meetup: Meetup) -> Invitation | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Invitation.objects.filter(meetup=meetup, invitee=user).first()


def is_attending(*, user: Any, meetup: Meetup) -> bool:
    rsvp = rsvp_of(user=user, meetup=meetup)
    return rsvp is not None and rsvp.answer in ATTENDING


def can_see_venue(*, user: Any, meetup: Meetup) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return meetup.organizer_id == user.pk or is_attending(user=user, meetup=meetup)


def can_manage(*, user: Any, meetup: Meetup) -> bool:
    """Edit and cancel: the organizer only."""
    return getattr(user, "is_authenticated", False) and meetup.organizer_id == user.pk


def can_invite(*, user: Any, meetup: Meetup) -> bool:
    """The organizer, and admins of the organizing collective."""
    if not getattr(user, "is_authenticated", False):
        return False
    if meetup.organizer_id == user.pk:
        return True
    return bool(
        meetup.collective_id
        and Membership.objects.filter(
            collective_id=meetup.collective_id, user=user, role=Membership.Role.ADMIN
        ).exists()
    )


def yes_count(*, meetup: Meetup) -> int:
    annotated = getattr(meetup, "yes_count", None)
    if annotated is not None:
        return annotated
    return meetup.rsvps.filter(answer=RSVP.Answer.YES).count()


def attendees_for_viewer(*, viewer: Any, meetup: Meetup) -> list[RSVP]:
    """Who said yes or maybe, for the organizer and attendees; [] for everyone else."""
    if not can_see_venue(user=viewer, meetup=meetup):
        return []
    return list(
        RSVP.objects.filter(meetup=meetup, answer__in=ATTENDING, user__is_active=True)
        .exclude(user__in=blocked_user_ids(user=viewer))
        .select_related("user")
        .order_by("-answer", "updated", "id")
    )


def invitations_for_organizer(*, viewer: Any, meetup: Meetup) -> list[Invitation]:
    if not can_invite(user=viewer, meetup=meetup):
        return []
    return list(
        Invitation.objects.filter(meetup=meetup)
        .exclude(invitee__in=blocked_user_ids(user=viewer))
        .select_related("invitee")
    )


def invite_candidates(*, viewer: Any, meetup: Meetup) -> QuerySet[User]:
    """People the organizer knows: connections and co-members of their collectives,
    not blocked, not invited yet."""
    co_members = Membership.objects.filter(collective_id__in=collective_ids_of(user=viewer)).values(
        "user_id"
    )
    return (
        User.objects.filter(
            Q(pk__in=connected_user_ids(user=viewer)) | Q(pk__in=co_members),
            is_active=True,
            is_suspended=False,
        )
        .exclude(pk=viewer.pk)
        .exclude(pk__in=blocked_user_ids(user=viewer))
        .exclude(pk__in=Invitation.objects.filter(meetup=meetup).values("invitee_id"))
        .order_by("display_name", "id")[:200]
    )


def my_meetups(*, user: Any, now: datetime | None = None) -> dict[str, list[Meetup]]:
    """Upcoming (not yet ended) meet-ups I organise, am invited to, or go to."""
    now = now or timezone.now()
    upcoming = meetups_visible_to(user).filter(
        Q(ends__gte=now) | Q(ends__isnull=True, starts__gte=now - timedelta(hours=3))
    )
    organising = upcoming.filter(organizer=user)
    answered = RSVP.objects.filter(user=user)
    going = upcoming.filter(
        pk__in=answered.filter(answer__in=ATTENDING).values("meetup_id")
    ).exclude(organizer=user)
    invited = (
        upcoming.filter(
            pk__in=Invitation.objects.filter(invitee=user, status=Invitation.Status.PENDING).values(
                "meetup_id"
            ),
            status=Meetup.Status.SCHEDULED,
        )
        .exclude(pk__in=answered.values("meetup_id"))
        .exclude(organizer=user)
    )
    return {
        "organising": list(organising[:LIST_LIMIT]),
        "invited": list(invited[:LIST_LIMIT]),
        "going": list(going[:LIST_LIMIT]),
    }


def meetups_for_calendar(*, user: User) -> QuerySet[Meetup]:
    """The private "my meet-ups" feed: what I organise or said yes/maybe to, from the
    last 30 days on (cancelled ones stay, marked cancelled, so calendars drop them)."""
    since = timezone.now() - timedelta(days=30)
    mine = Q(organizer=user) | Q(
        pk__in=RSVP.objects.filter(user=user, answer__in=ATTENDING).values("meetup_id")
    )
    return meetups_visible_to(user).filter(mine, starts__gte=since).order_by("starts")[:500]


def meetups_of_collective_for(*, viewer: Any, collective: Any, upcoming: bool = True) -> list:
    """The collective's meet-ups the viewer may see: upcoming ones, or (for calendar
    feeds) those from the last 30 days on."""
    since = timedelta(hours=3) if upcoming else timedelta(days=30)
    qs = meetups_visible_to(viewer).filter(
        collective=collective, starts__gte=timezone.now() - since
    )
    return list(qs.order_by("starts")[:LIST_LIMIT])


def feed_user_by_token(*, token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    row = (
        MeetupFeedToken.objects.filter(token=token, user__is_active=True, user__is_suspended=False)
        .select_related("user")
        .first()
    )
    return row.user if row else None


def public_meetups(*, place: Place | None = None, topic_slug: str | None = None) -> list[Meetup]:
    """Opted-in (listed_publicly) upcoming meet-ups for the unauthenticated Atom feeds.

    Only meet-ups visible to all members can opt in; callers render title, city, date
    and topics only: never the venue, the organizer or attendees.
    """
    qs = (
        Meetup.objects.filter(
            listed_publicly=True,
            visibility="members",
            status=Meetup.Status.SCHEDULED,
            starts__gte=timezone.now(),
            organizer__is_suspended=False,
            organizer__is_active=True,
        )
        .select_related("place")
        .prefetch_related("topics")
    )
    if place is not None:
        if place.kind == Place.Kind.COUNTRY:
            qs = qs.filter(country_code=place.country_code)
        else:
            qs = qs.filter(place=place)
    if topic_slug:
        qs = qs.filter(topics__slug=topic_slug)
    return list(qs.order_by("starts", "id")[:100])


def dashboard_meetups(*, user: Any) -> dict[str, Any]:
    """Invited to and going to; and the meet-ups `user` organises, each with its answer
    counts and who said yes (three queries for any number)."""
    found = my_meetups(user=user)
    organising = found["organising"][:5]
    counts: dict[int, dict[str, int]] = {m.pk: {"yes": 0, "maybe": 0, "no": 0} for m in organising}
    yes_people: dict[int, list[User]] = {m.pk: [] for m in organising}
    rows = (
        RSVP.objects.filter(meetup__in=organising, user__is_active=True)
        .exclude(user__in=blocked_user_ids(user=user))
        .exclude(user=user)
        .select_related("user")
        .order_by("updated", "id")
    )
    for rsvp in rows:
        counts[rsvp.meetup_id][rsvp.answer] += 1
        if rsvp.answer == RSVP.Answer.YES:
            yes_people[rsvp.meetup_id].append(rsvp.user)
    return {
        "going": found["going"][:5],
        "invited": found["invited"][:5],
        "organising": [
            {"meetup": m, "counts": counts[m.pk], "yes": yes_people[m.pk]} for m in organising
        ],
    }
