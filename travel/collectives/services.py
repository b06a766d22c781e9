"""Every change to collectives and their memberships.

Rules: the creator becomes an admin; admins edit, invite and manage roles; a collective
always keeps at least one admin (the last one cannot leave or step down). Checks that
count admins lock the collective row first, so two admins leaving at once cannot both
succeed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import blocked_user_ids, is_blocked_between
from travel import events
from travel.collectives.models import Collective, JoinOffer, Membership, MembershipCalendar
from travel.places.models import Place

EDITABLE_FIELDS = (
    "name",
    "description",
    "home_place",
    "radius_km",
    "open_to_meet",
    "website",
)
MAX_RADIUS_KM = 200


def _check_radius(radius_km: int) -> None:
    if not 1 <= radius_km <= MAX_RADIUS_KM:
        raise ValidationError(
            {"radius_km": _("The area radius is between 1 and %(n)d km.") % {"n": MAX_RADIUS_KM}}
        )


def _check_home(place: Place) -> None:
    if place.kind != Place.Kind.CITY:
        raise ValidationError({"home_place": _("Choose the city the collective is based in.")})


@transaction.atomic
def collective_create(
    *,
    creator: User,
    name: str,
    home_place: Place,
    description: str = "",
    radius_km: int = 30,
    topics: Any = (),
    open_to_meet: bool = True,
    website: str = "",
) -> Collective:
    _check_home(home_place)
    _check_radius(radius_km)
    collective = Collective(
        name=name.strip(),
        description=description,
        home_place=home_place,
        radius_km=radius_km,
        open_to_meet=open_to_meet,
        website=website,
    )
    collective.full_clean()
    collective.save()
    collective.topics.set(topics)
    Membership.objects.create(collective=collective, user=creator, role=Membership.Role.ADMIN)
    return collective


def _require_admin(collective: Collective, actor: User) -> Membership:
    membership = Membership.objects.filter(collective=collective, user=actor).first()
    if membership is None or membership.role != Membership.Role.ADMIN:
        raise PermissionDenied(_("Only the collective's admins can do that."))
    return membership


@transaction.atomic
def collective_update(*, collective: Collective, actor: User, data: dict[str, Any]) -> Collective:
    _require_admin(collective, actor)
    data = dict(data)
    topics = data.pop("topics", None)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed.")})
    if "home_place" in data:
        _check_home(data["home_place"])
    if "radius_km" in data:
        _check_radius(data["radius_km"])
    for field, value in data.items():
        setattr(collective, field, value)
    collective.full_clean()
    fields = list(data)
    if "home_place" in fields:
        fields.append("home_cell")
    if fields:
        collective.save(update_fields=fields)
    if topics is not None:
        collective.topics.set(topics)
        fields.append("topics")
    if fields:
        events.emit(
            events.collective_changed, collective_id=collective.pk, fields=frozenset(fields)
        )
    return collective


def _asked(offer: JoinOffer, actor: User) -> None:
    events.emit(
        events.collective_join_requested,
        collective_id=offer.collective_id,
        user_id=offer.user_id,
        join_offer_id=offer.pk,
        kind=offer.kind,
        actor_id=actor.pk,
    )


def _answered(offer: JoinOffer, actor: User) -> None:
    events.emit(
        events.collective_join_answered,
        collective_id=offer.collective_id,
        user_id=offer.user_id,
        accepted=offer.status == JoinOffer.Status.ACCEPTED,
        actor_id=actor.pk,
    )


def _join(collective: Collective, user: User) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        collective=collective, user=user, defaults={"role": Membership.Role.MEMBER}
    )
    return membership


@transaction.atomic
def collective_invite(
    *, collective: Collective, actor: User, invitee: User, message: str = ""
) -> JoinOffer:
    """An admin invites a member; they join when they accept. If the invitee had asked
    to join already, the invitation accepts their request at once."""
    _require_admin(collective, actor)
    if is_blocked_between(actor, invitee):
        # Callers look invitees up through a block-aware selector; this is the backstop.
        raise ValidationError({"user": _("No such member.")})
    if Membership.objects.filter(collective=collective, user=invitee).exists():
        raise ValidationError({"user": _("They are a member already.")})
    pending = JoinOffer.objects.filter(
        collective=collective, user=invitee, status=JoinOffer.Status.PENDING
    ).first()
    if pending is not None:
        if pending.kind == JoinOffer.Kind.REQUEST:
            pending.status = JoinOffer.Status.ACCEPTED
            pending.save(update_fields=["status"])
            _join(collective, invitee)
            _answered(pending, actor)
        return pending
    offer = JoinOffer(
        collective=collective,
        user=invitee,
        invited_by=actor,
        kind=JoinOffer.Kind.INVITATION,
        message=message,
    )
    offer.full_clean()
    offer.save()
    _asked(offer, actor)
    return offer


@transaction.atomic
def collective_request_join(*, collective: Collective, user: User, message: str = "") -> JoinOffer:
    """Ask to join; an admin accepts. Accepting a pending invitation instead if there is one.

    Someone on either side of a block with an admin (who would receive the request)
    gets Http404, exactly as for a collective that does not exist (P5).
    """
    if Membership.objects.filter(
        collective=collective, role=Membership.Role.ADMIN, user__in=blocked_user_ids(user=user)
    ).exists():
        raise Http404
    if Membership.objects.filter(collective=collective, user=user).exists():
        raise ValidationError({"user": _("You are a member already.")})
    pending = JoinOffer.objects.filter(
        collective=collective, user=user, status=JoinOffer.Status.PENDING
    ).first()
    if pending is not None:
        if pending.kind == JoinOffer.Kind.INVITATION:
            pending.status = JoinOffer.Status.ACCEPTED
            pending.save(update_fields=["status"])
            _join(collective, user)
            _answered(pending, user)
        return pending
    offer = JoinOffer(
        collective=collective, user=user, kind=JoinOffer.Kind.REQUEST, message=message
    )
    offer.full_clean()
    offer.save()
    _asked(offer, user)
    return offer


def _may_answer(offer: JoinOffer, actor: User, *, accepting: bool) -> bool:
    """An invitation is answered by its invitee; a request by an admin. Either side may
    withdraw (decline) their own."""
    is_admin = Membership.objects.filter(
        collective=offer.collective, user=actor, role=Membership.Role.ADMIN
    ).exists()
    if offer.kind == JoinOffer.Kind.INVITATION:
        return offer.user_id == actor.pk or (not accepting and is_admin)
    return is_admin or (not accepting and offer.user_id == actor.pk)


@transaction.atomic
def join_offer_accept(*, offer: JoinOffer, actor: User) -> Membership:
    offer = JoinOffer.objects.select_for_update().select_related("collective").get(pk=offer.pk)
    if offer.status != JoinOffer.Status.PENDING:
        raise ValidationError({"status": _("This has been answered already.")})
    if not _may_answer(offer, actor, accepting=True):
        raise PermissionDenied(_("You may not answer this."))
    offer.status = JoinOffer.Status.ACCEPTED
    offer.save(update_fields=["status"])
    membership = _join(offer.collective, offer.user)
    _answered(offer, actor)
    return membership


@transaction.atomic
def join_offer_decline(*, offer: JoinOffer, actor: User) -> JoinOffer:
    offer = JoinOffer.objects.select_for_update().select_related("collective").get(pk=offer.pk)
    if offer.status != JoinOffer.Status.PENDING:
        raise ValidationError({"status": _("This has been answered already.")})
    if not _may_answer(offer, actor, accepting=False):
        raise PermissionDenied(_("You may not answer this."))
    offer.status = JoinOffer.Status.DECLINED
    offer.save(update_fields=["status"])
    _answered(offer, actor)
    return offer


def _lock(collective: Collective) -> None:
    Collective.objects.select_for_update().filter(pk=collective.pk).first()


def _last_admin_error() -> ValidationError:
    return ValidationError(
        {"role": _("A collective needs at least one admin: make someone else an admin first.")}
    )


@transaction.atomic
def membership_leave(*, collective: Collective, user: User) -> None:
    _lock(collective)
    membership = Membership.objects.filter(collective=collective, user=user).first()
    if membership is None:
        raise ValidationError({"user": _("You are not a member.")})
    if (
        membership.role == Membership.Role.ADMIN
        and collective.memberships.filter(role=Membership.Role.ADMIN).count() == 1
    ):
        raise _last_admin_error()
    membership.delete()


@transaction.atomic
def membership_set_role(
    *, collective: Collective, actor: User, user: User, role: str
) -> Membership:
    _require_admin(collective, actor)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("The role is admin or member.")})
    _lock(collective)
    membership = Membership.objects.filter(collective=collective, user=user).first()
    if membership is None:
        raise ValidationError({"user": _("They are not a member.")})
    if (
        membership.role == Membership.Role.ADMIN
        and role == Membership.Role.MEMBER
        and collective.memberships.filter(role=Membership.Role.ADMIN).count() == 1
    ):
        raise _last_admin_error()
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, collective: Collective, actor: User, user: User) -> None:
    _require_admin(collective, actor)
    if actor.pk == user.pk:
        membership_leave(collective=collective, user=user)
        return
    Membership.objects.filter(collective=collective, user=user).delete()


@transaction.atomic
def membership_calendar_get(*, membership: Membership) -> MembershipCalendar:
    calendar, _created = MembershipCalendar.objects.get_or_create(membership=membership)
    return calendar


@transaction.atomic
def membership_calendar_reset(*, membership: Membership) -> MembershipCalendar:
    MembershipCalendar.objects.filter(membership=membership).delete()
    return MembershipCalendar.objects.create(membership=membership)


def memberships_erase(*, user: User) -> None:
    """Account deletion: leave every collective. Where the member was the last admin,
    the longest-standing member becomes admin; a collective left empty is deleted."""
    for membership in list(Membership.objects.filter(user=user).select_related("collective")):
        collective = membership.collective
        with transaction.atomic():
            _lock(collective)
            membership.delete()
            rest = collective.memberships.order_by("joined", "id")
            if not rest.exists():
                collective.delete()
            elif not rest.filter(role=Membership.Role.ADMIN).exists():
                heir = rest.first()
                assert heir is not None
                heir.role = Membership.Role.ADMIN
                heir.save(update_fields=["role"])
    JoinOffer.objects.filter(user=user).delete()
