"""Reads about people that every other app needs: who is blocked, who is connected,
and the visibility filter (P3, P5) every list of other people's things goes through."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import Block, Connection, User, Visibility


def blocked_user_ids(*, user: User) -> QuerySet:
    """Ids of everyone on the other side of a block with `user`, either direction (P5).

    A lazy subquery: used inside filters it adds no extra round trip.
    """
    return User.objects.filter(
        Q(blocks_made__blocked=user) | Q(blocks_received__blocker=user)
    ).values("id")


def is_blocked_between(a: User, b: User) -> bool:
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def connected_user_ids(*, user: User) -> QuerySet:
    """Ids of everyone `user` has a Connection with (lazy subquery)."""
    return User.objects.filter(
        Q(id__in=Connection.objects.filter(user_low=user).values("user_high"))
        | Q(id__in=Connection.objects.filter(user_high=user).values("user_low"))
    ).values("id")


def are_connected(a: User, b: User) -> bool:
    low, high = sorted([a.pk, b.pk])
    return Connection.objects.filter(user_low_id=low, user_high_id=high).exists()


def visible_q(
    viewer: User | AnonymousUser,
    *,
    owner: str = "owner",
    visibility: str = "visibility",
    collective_ids: QuerySet | None = None,
    collective: str = "collective",
) -> Q:
    """Q for rows of a model with an owner and a Visibility field that `viewer` may see.

    The owner always sees their own. Anonymous visitors see nothing (P3). Blocked people
    and suspended owners are excluded. `collective_ids` (the viewer's collectives, a
    subquery) enables the COLLECTIVE value; without it that value shows to nobody else.
    """
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    # owner="pk" filters the User table itself (profiles).
    owner_id = owner if owner != "pk" else "pk"
    suspended = f"{owner}__is_suspended" if owner != "pk" else "is_suspended"
    shared = Q(**{visibility: Visibility.MEMBERS}) | Q(
        **{visibility: Visibility.CONNECTIONS, f"{owner_id}__in": connected_user_ids(user=viewer)}
    )
    if collective_ids is not None:
        shared |= Q(**{visibility: Visibility.COLLECTIVE, f"{collective}__in": collective_ids})
    others = (
        shared & ~Q(**{f"{owner_id}__in": blocked_user_ids(user=viewer)}) & Q(**{suspended: False})
    )
    return Q(**{owner_id: viewer.pk}) | others


def members_visible_to(viewer: User | AnonymousUser) -> QuerySet[User]:
    """Profiles `viewer` may open (P3, P5); anonymous visitors see none."""
    if not viewer.is_authenticated:
        return User.objects.none()
    return User.objects.filter(
        visible_q(viewer, owner="pk", visibility="profile_visibility"), is_active=True
    )


def member_for_viewer(*, viewer: User | AnonymousUser, public_id: str) -> User | None:
    return members_visible_to(viewer).filter(public_id=public_id).first()
