"""Reads about collectives. Collectives are organisations, not people: any signed-in
member may find them and read their page; their member list is shown to members only,
and never includes someone on the other side of a block with the viewer (P5)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from accounts.selectors import blocked_user_ids, is_blocked_between
from travel.collectives.models import Collective, JoinOffer, Membership, MembershipCalendar
from travel.places.geo import distance_km
from travel.places.grid import cells_within
from travel.places.models import Place

MAX_SEARCH_RADIUS_KM = 200


def collective_ids_of(*, user: Any) -> QuerySet:
    """The ids of the collectives `user` belongs to, as a lazy subquery."""
    if not getattr(user, "is_authenticated", False):
        return Collective.objects.none().values("id")
    return Membership.objects.filter(user=user).values("collective_id")


def collective_id_list(*, user: Any) -> list[int]:
    """collective_ids_of, read now: for code that filters many times for one member."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Membership.objects.filter(user=user).values_list("collective_id", flat=True))


def collectives_visible_to(viewer: Any) -> QuerySet[Collective]:
    """Collectives a signed-in member may open; anonymous visitors see none (P3)."""
    if not getattr(viewer, "is_authenticated", False):
        return Collective.objects.none()
    return Collective.objects.select_related("home_place").annotate(
        member_count=Count("memberships", distinct=True)
    )


def collective_for_viewer(*, viewer: Any, public_id: Any) -> Collective | None:
    try:
        return collectives_visible_to(viewer).filter(public_id=public_id).first()
    except (ValueError, TypeError, ValidationError):  # not a UUID
        return None


def collectives_search(
    *,
    viewer: Any,
    place: Place | None = None,
    radius_km: int = 30,
    topic_slug: str | None = None,
    q: str = "",
    limit: int = 50,
) -> list[Collective]:
    """Collectives whose home is within radius_km of `place`, with a topic, or a name.

    Filters on the indexed home cell first, then exact great-circle distance in Python.
    """
    qs = collectives_visible_to(viewer).prefetch_related("topics")
    if topic_slug:
        qs = qs.filter(topics__slug=topic_slug)
    if q:
        qs = qs.filter(name__icontains=q[:100])
    if place is not None and place.point is not None:
        lat, lon = place.point
        qs = qs.filter(home_cell__in=cells_within(lat, lon, radius_km))
        found = []
        for collective in qs[: limit * 4]:
            point = collective.home_place.point
            if point is None:
                continue
            d = distance_km((lat, lon), point)
            if d <= radius_km:
                collective.distance_km = round(d)  # type: ignore[attr-defined]
                found.append(collective)
        found.sort(key=lambda c: (c.distance_km, c.name))  # type: ignore[attr-defined]
        return found[:limit]
    if place is not None:  # a country
        qs = qs.filter(home_place__country_code=place.country_code)
    return list(qs.order_by("name")[:limit])


def collectives_to_share_with(*, user: Any) -> QuerySet[Collective]:
    """The collectives `user` may share a trip, offer or meet-up with: the ones they
    belong to (the one rule for "shared with the members of a collective")."""
    return Collective.objects.filter(memberships__user=user)


def may_share_with(*, user: Any, collective: Collective | None) -> bool:
    return (
        collective is not None
        and Membership.objects.filter(collective=collective, user=user).exists()
    )


def membership_of(*, user: Any, collective: Collective) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, collective=collective).first()


def is_admin(*, user: Any, collective: Collective) -> bool:
    membership = membership_of(user=user, collective=collective)
    return membership is not None and membership.role == Membership.Role.ADMIN


def members_for_viewer(*, viewer: Any, collective: Collective) -> list[Membership]:
    """The member list, for members of the collective only; [] for anyone else."""
    if membership_of(user=viewer, collective=collective) is None:
        return []
    return list(
        Membership.objects.filter(collective=collective, user__is_active=True)
        .exclude(user__in=blocked_user_ids(user=viewer))
        .select_related("user")
        .order_by("-role", "joined", "id")
    )


def pending_offers_for_admin(*, collective: Collective, viewer: Any) -> list[JoinOffer]:
    """Open requests to join and invitations, for the collective's admins."""
    return list(
        JoinOffer.objects.filter(collective=collective, status=JoinOffer.Status.PENDING)
        .exclude(user__in=blocked_user_ids(user=viewer))
        .select_related("user")
    )


def pending_offer_for_user(*, user: Any, collective: Collective) -> JoinOffer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return JoinOffer.objects.filter(
        collective=collective, user=user, status=JoinOffer.Status.PENDING
    ).first()


def invitations_for_user(*, user: Any) -> list[JoinOffer]:
    return list(
        JoinOffer.objects.filter(
            user=user, kind=JoinOffer.Kind.INVITATION, status=JoinOffer.Status.PENDING
        ).select_related("collective", "collective__home_place")
    )


def offer_for_viewer(*, viewer: Any, collective: Collective, public_id: Any) -> JoinOffer | None:
    """A pending offer the viewer may answer: their own invitation, or (admins) a request."""
    try:
        offer = (
            JoinOffer.objects.filter(
                collective=collective, public_id=public_id, status=JoinOffer.Status.PENDING
            )
            .select_related("user")
            .first()
        )
    except (ValueError, TypeError, ValidationError):
        return None
    if offer is None:
        return None
    if offer.user_id == viewer.pk:
        return offer
    if is_admin(user=viewer, collective=collective) and not is_blocked_between(viewer, offer.user):
        return offer
    return None


def my_collectives(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related(
        "collective", "collective__home_place"
    )


def membership_calendar_by_token(*, token: str) -> MembershipCalendar | None:
    if not token or len(token) > 64:
        return None
    return (
        MembershipCalendar.objects.filter(token=token, membership__user__is_active=True)
        .select_related("membership__collective", "membership__user")
        .first()
    )


def organizer_collectives(*, user: Any) -> list[dict[str, Any]]:
    """The dashboard's collectives of `user`: each with its pending join requests (for
    admins; counted without blocked members) and its home city (Passing through starts
    there). Two queries for any number."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("collective", "collective__home_place")
        .order_by("collective__name")[:10]
    )
    admin_ids = [m.collective_id for m in memberships if m.role == Membership.Role.ADMIN]
    pending: dict[int, int] = {}
    if admin_ids:
        rows = (
            JoinOffer.objects.filter(
                collective_id__in=admin_ids,
                kind=JoinOffer.Kind.REQUEST,
                status=JoinOffer.Status.PENDING,
            )
            .exclude(user__in=blocked_user_ids(user=user))
            .values("collective_id")
            .annotate(n=Count("id"))
        )
        pending = {row["collective_id"]: row["n"] for row in rows}
    return [
        {
            "collective": m.collective,
            "is_admin": m.role == Membership.Role.ADMIN,
            "pending": pending.get(m.collective_id, 0),
        }
        for m in memberships
    ]
