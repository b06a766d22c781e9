from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _export(user: Any) -> list[dict[str, Any]]:
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


def _erase(user: Any) -> None:
    from travel.collectives.services import memberships_erase

    memberships_erase(user=user)


class CollectivesConfig(AppConfig):
    name = "travel.collectives"
    label = "collectives"

    def ready(self) -> None:
        from accounts.registry import register
        from travel.collectives import demo  # noqa: F401  (registers the demo part)

        register("collectives", export=_export, erase=_erase)
