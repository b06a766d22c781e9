"""Stays as occasions for references (accounts.occasions): after the last night of an
accepted stay, the traveller and the host may each write one about the other."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils.formats import date_format

from accounts.models import Reference
from accounts.occasions import Occasion
from accounts.selectors import blocked_user_ids
from travel.hosting.models import StayRequest

# How long after a stay a reference is still asked for.
ASK_DAYS = 30


def _occasion(stay: StayRequest, author: Any) -> Occasion:
    hosted = stay.offer.host_id == author.pk
    label = (
        f"{stay.offer.title}, {date_format(stay.arrive, 'MONTH_DAY_FORMAT')}"
        f"–{date_format(stay.depart, 'MONTH_DAY_FORMAT')}"
    )
    return Occasion(
        kind="stay",
        id=str(stay.public_id),
        subject=stay.traveller if hosted else stay.offer.host,
        reference_kind=Reference.Kind.HOSTED if hosted else Reference.Kind.STAYED_WITH,
        label=label,
    )


def _stays_of(user: Any) -> Any:
    blocked = blocked_user_ids(user=user)
    return (
        StayRequest.objects.filter(
            Q(traveller=user) | Q(offer__host=user), status=StayRequest.Status.ACCEPTED
        )
        .exclude(traveller__in=blocked)
        .exclude(offer__host__in=blocked)
        .select_related("offer", "offer__host", "traveller")
    )


def find_stay(author: Any, occasion_id: str, subject: Any, today: date) -> Occasion | None:
    """An accepted stay of `author`'s whose last night is over (the departure morning
    has come); a stay still ahead, declined or someone else's never happened."""
    stay = _stays_of(author).filter(public_id=uuid.UUID(occasion_id), depart__lte=today).first()
    if stay is None:
        return None
    occasion = _occasion(stay, author)
    if subject is not None and subject.pk != occasion.subject.pk:
        return None
    return occasion


def stays_due(user: Any, today: date) -> list[Occasion]:
    """Stays ended in the last ASK_DAYS days that `user` has not written about yet."""
    written = set(
        Reference.objects.filter(author=user, occasion__startswith="stay:").values_list(
            "occasion", flat=True
        )
    )
    stays = _stays_of(user).filter(depart__lte=today, depart__gte=today - timedelta(days=ASK_DAYS))
    return [
        o
        for o in (_occasion(stay, user) for stay in stays.order_by("-depart")[:20])
        if o.key not in written
    ]
