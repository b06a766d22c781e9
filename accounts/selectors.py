"""Reads about people that every other app needs: who is blocked, who is connected,
and the visibility filter (P3, P5) every list of other people's things goes through."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Q, QuerySet, Value, When

from accounts.models import ApiToken, Block, Connection, ContactChannel, User, Visibility


def blocked_user_ids(*, user: User) -> QuerySet:
    """Ids of everyone on the other side of a block with `user`, either direction (P5).

    A lazy subquery over the Block table alone (both columns indexed), so it reads a
    handful of rows however many members there are; used inside filters it adds no
    extra round trip.
    """
    return (
        Block.objects.filter(Q(blocker=user) | Q(blocked=user))
        .annotate(other=Case(When(blocker=user, then=F("blocked")), default=F("blocker")))
        .values("other")
    )


def is_blocked_between(a: User, b: User) -> bool:
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def connected_user_ids(*, user: User) -> QuerySet:
    """Ids of everyone `user` has a Connection with (a lazy subquery over Connection)."""
    return (
        Connection.objects.filter(Q(user_low=user) | Q(user_high=user))
        .annotate(other=Case(When(user_low=user, then=F("user_high")), default=F("user_low")))
        .values("other")
    )


def are_connected(a: User, b: User) -> bool:
    low, high = sorted([a.pk, b.pk])
    return Connection.objects.filter(user_low_id=low, user_high_id=high).exists()


@dataclass(frozen=True)
class Circle:
    """The members on the other side of `viewer`'s blocks and connections, read once
    (a handful of rows) by code that filters many times for the same viewer, such as
    the matcher's dozens of index branches: the filters below then carry short lists
    instead of subqueries, and the rule stays the one written here."""

    viewer_id: int
    blocked: frozenset[int]
    connected: frozenset[int]


def circle_of(viewer: User) -> Circle:
    """Blocks both ways and connections of `viewer`, in one query."""
    blocks = blocked_user_ids(user=viewer).annotate(tie=Value("block"))
    ties = connected_user_ids(user=viewer).annotate(tie=Value("connection"))
    rows = blocks.values_list("tie", "other").union(ties.values_list("tie", "other"), all=True)
    blocked = frozenset(other for tie, other in rows if tie == "block")
    connected = frozenset(other for tie, other in rows if tie == "connection")
    return Circle(viewer.pk, blocked, connected)


def not_blocked_q(viewer: User, field: str, circle: Circle | None = None) -> Q:
    """Rows whose `field` (a member) is on neither side of a block with `viewer` (P5).

    Two subqueries on the block table, each an index lookup on one column: PostgreSQL
    answers them as small hashed sets, whatever the number of members. With the
    viewer's `circle` read already, a list instead.
    """
    if circle is not None:
        return ~Q(**{f"{field}__in": sorted(circle.blocked)})
    return ~Q(**{f"{field}__in": Block.objects.filter(blocker=viewer).values("blocked_id")}) & ~Q(
        **{f"{field}__in": Block.objects.filter(blocked=viewer).values("blocker_id")}
    )


def connected_q(viewer: User, field: str, circle: Circle | None = None) -> Q:
    """Rows whose `field` (a member) has a Connection with `viewer`."""
    if circle is not None:
        return Q(**{f"{field}__in": sorted(circle.connected)})
    return Q(
        **{f"{field}__in": Connection.objects.filter(user_low=viewer).values("user_high_id")}
    ) | Q(**{f"{field}__in": Connection.objects.filter(user_high=viewer).values("user_low_id")})


def visible_q(
    viewer: User | AnonymousUser,
    *,
    owner: str = "owner",
    visibility: str = "visibility",
    collective_ids: QuerySet | Collection[int] | None = None,
    collective: str = "collective",
    circle: Circle | None = None,
    suspended: bool = True,
) -> Q:
    """Q for rows of a model with an owner and a Visibility field that `viewer` may see.

    The owner always sees their own. Anonymous visitors see nothing (P3). Blocked people
    and suspended owners are excluded. `collective_ids` (the viewer's collectives, a
    subquery) enables the COLLECTIVE value; without it that value shows to nobody else.
    owner="pk" filters the member table itself (profiles). Every subquery reads the
    block, connection or membership table only, never the member table. With the
    viewer's `circle` (and `collective_ids` as a list), no subquery at all.
    `suspended=False` leaves out the owner-suspended test (the one join to the member
    table), for callers that test the few owners they read themselves (the matcher).
    """
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    shared = Q(**{visibility: Visibility.MEMBERS}) | (
        Q(**{visibility: Visibility.CONNECTIONS}) & connected_q(viewer, owner, circle)
    )
    if collective_ids is not None:
        shared |= Q(**{visibility: Visibility.COLLECTIVE, f"{collective}__in": collective_ids})
    others = shared & not_blocked_q(viewer, owner, circle)
    if suspended:
        others &= Q(**{f"{owner}__is_suspended" if owner != "pk" else "is_suspended": False})
    return Q(**{owner: viewer.pk}) | others


def co_member_ids(*, user: User) -> QuerySet:
    """Ids of everyone sharing at least one collective with `user` (lazy subquery).

    Spelled through the reverse relation so `accounts` needs no import of collectives.
    """
    return User.objects.filter(memberships__collective__memberships__user=user).values("id")


def members_visible_to(viewer: User | AnonymousUser) -> QuerySet[User]:
    """Profiles `viewer` may open (P3, P5); anonymous visitors see none.

    "Members of a collective" profiles show to members sharing a collective with them.
    """
    if not viewer.is_authenticated:
        return User.objects.none()
    return User.objects.filter(
        visible_q(
            viewer,
            owner="pk",
            visibility="profile_visibility",
            collective_ids=co_member_ids(user=viewer),  # type: ignore[arg-type]
            collective="pk",
        ),
        is_active=True,
    )


def member_for_viewer(*, viewer: User | AnonymousUser, public_id: Any) -> User | None:
    """The member behind `public_id` if `viewer` may see their profile, else None."""
    try:
        return (
            members_visible_to(viewer)
            .select_related("home_place")
            .filter(public_id=public_id)
            .first()
        )
    except (ValueError, TypeError, ValidationError):  # not a UUID
        return None


def member_blockable_by(*, viewer: User, public_id: Any) -> User | None:
    """The member `viewer` may block, or None (answered like a missing member).

    Anyone active whose public id the viewer knows can be blocked, even when their
    profile is hidden from the viewer: someone who writes to you with a private profile
    must still be blockable. Not oneself, not someone suspended, and not someone who has
    already blocked the viewer (the blocked side sees a 404, P5).
    """
    try:
        return (
            User.objects.filter(public_id=public_id, is_active=True, is_suspended=False)
            .exclude(pk=viewer.pk)
            .exclude(blocks_made__blocked=viewer)
            .first()
        )
    except (ValueError, TypeError, ValidationError):
        return None


def contacts_visible_to(*, viewer: User | AnonymousUser, owner: User) -> list[ContactChannel]:
    """The contact channels of `owner` that `viewer` may see (P6).

    The caller has already checked that viewer may see owner's profile.
    """
    if not viewer.is_authenticated:
        return []
    qs = ContactChannel.objects.filter(user=owner)
    if viewer.pk != owner.pk:
        audiences = [ContactChannel.Audience.MEMBERS]
        if are_connected(viewer, owner):  # type: ignore[arg-type]
            audiences.append(ContactChannel.Audience.CONNECTIONS)
        qs = qs.filter(visibility__in=audiences)
    return list(qs)


def contacts_of(*, user: User) -> QuerySet[ContactChannel]:
    return ContactChannel.objects.filter(user=user)


def contact_of(*, user: User, public_id: Any) -> ContactChannel | None:
    try:
        return ContactChannel.objects.filter(user=user, public_id=public_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


def blocks_made_by(*, user: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created")


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created")


def profile_completeness(*, user: User) -> dict[str, Any]:
    """Which parts of the profile are filled in, for the dashboard panel."""
    parts = [
        ("display_name", bool(user.display_name)),
        ("home_place", bool(user.home_place_id)),
        ("topics", user.topics.exists()),
        ("bio", bool(user.bio)),
        ("languages", bool(user.languages)),
        ("contacts", ContactChannel.objects.filter(user=user).exists()),
    ]
    done = sum(1 for _name, ok in parts if ok)
    return {
        "percent": round(100 * done / len(parts)),
        "missing": [name for name, ok in parts if not ok],
    }


def invitable_member(*, viewer: Any, public_id: Any) -> User | None:
    """A member `viewer` may invite by their public id, or None: missing, inactive,
    suspended, the viewer themselves, or on either side of a block (P5: the same None)."""
    try:
        return (
            User.objects.filter(public_id=public_id, is_active=True, is_suspended=False)
            .exclude(pk=viewer.pk)
            .exclude(pk__in=blocked_user_ids(user=viewer))
            .first()
        )
    except (ValueError, TypeError, ValidationError):
        return None


def invitable_members(*, viewer: Any, public_ids: list[str]) -> QuerySet[User]:
    valid = []
    for value in public_ids[:50]:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return (
        User.objects.filter(public_id__in=valid, is_active=True, is_suspended=False)
        .exclude(pk=viewer.pk)
        .exclude(pk__in=blocked_user_ids(user=viewer))
    )


def photo_for_viewer(*, viewer: User | AnonymousUser, public_id: Any) -> Any:
    """The member's photo if `viewer` may see both the profile and the photo (its own
    visibility, P3, P5), else None."""
    from accounts.models import ProfilePhoto

    member = member_for_viewer(viewer=viewer, public_id=public_id)
    if member is None or not viewer.is_authenticated:
        return None
    return (
        ProfilePhoto.objects.filter(
            visible_q(
                viewer,
                owner="user",
                visibility="visibility",
                collective_ids=co_member_ids(user=viewer),  # type: ignore[arg-type]
                collective="user",
            ),
            user=member,
        )
        .only("user_id", "visibility", "updated", "width", "height")
        .first()
    )
