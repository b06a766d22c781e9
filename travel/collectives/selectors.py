from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from travel.collectives.models import Collective, Membership


def collective_ids_of(*, user: Any) -> QuerySet:
    """The ids of the collectives `user` belongs to, as a lazy subquery."""
    if not getattr(user, "is_authenticated", False):
        return Collective.objects.none().values("id")
    return Membership.objects.filter(user=user).values("collective_id")
