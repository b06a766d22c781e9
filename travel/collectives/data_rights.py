"""A member's collectives in their data export, and their erasure (accounts.registry)."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> list[dict[str, Any]]:
    from travel.collectives.models import JoinOffer, Membership

    rows: list[dict[str, Any]] = [
        {
            "collective": str(m.collective.public_id),
            "name": m.collective.name,
            "role": m.role,
            "joined": m.joined.isoformat(),
        }
        for m in Membership.objects.filter(user=user).select_related("collective")
    ]
    rows += [
        {
            "collective": str(o.collective.public_id),
            "name": o.collective.name,
            o.kind: o.status,
            "message": o.message,
            "created": o.created.isoformat(),
        }
        for o in JoinOffer.objects.filter(user=user).select_related("collective")
    ]
    return rows


def erase(user: Any) -> None:
    from travel.collectives.services import memberships_erase

    memberships_erase(user=user)
