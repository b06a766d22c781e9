from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _export(user: Any) -> dict[str, Any]:
    from travel.meetups.models import RSVP, Invitation, Meetup

    return {
        "organised": [
            {
                "id": str(m.public_id),
                "title": m.title,
                "description": m.description,
                "city": m.place.label,
                "venue": m.venue,
                "starts": m.starts_local.isoformat(),
                "ends": m.ends_local.isoformat() if m.ends_local else None,
                "topics": [t.slug for t in m.topics.all()],
                "capacity": m.capacity,
                "visibility": m.visibility,
                "listed_publicly": m.listed_publicly,
                "status": m.status,
                "created": m.created.isoformat(),
            }
            for m in Meetup.objects.filter(organizer=user)
            .select_related("place")
            .prefetch_related("topics")
        ],
        "answers": [
            {
                "meetup": str(r.meetup.public_id),
                "title": r.meetup.title,
                "answer": r.answer,
                "updated": r.updated.isoformat(),
            }
            for r in RSVP.objects.filter(user=user).select_related("meetup")
        ],
        "invitations_received": [
            {
                "meetup": str(i.meetup.public_id),
                "title": i.meetup.title,
                "message": i.message,
                "status": i.status,
                "created": i.created.isoformat(),
            }
            for i in Invitation.objects.filter(invitee=user).select_related("meetup")
        ],
    }


def _erase(user: Any) -> None:
    from travel.meetups.services import meetups_erase

    meetups_erase(user=user)


def _panel(request: Any) -> dict[str, Any] | None:
    from travel.meetups.selectors import dashboard_meetups

    if not request.user.is_authenticated:
        return None
    return {"template": "meetups/panel.html", **dashboard_meetups(user=request.user)}


class MeetupsConfig(AppConfig):
    name = "travel.meetups"
    label = "meetups"

    def ready(self) -> None:
        from accounts.moderation import register_target
        from accounts.registry import register
        from travel import public_stats
        from travel.meetups import demo  # noqa: F401  (registers the demo part)
        from travel.meetups.moderation import meetup_hide, meetup_owner

        register("meetups", export=_export, erase=_erase)
        register_target("meetup", owner=meetup_owner, hide=meetup_hide)
        public_stats.register_panel(40, _panel)
