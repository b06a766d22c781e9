"""What meet-ups register elsewhere (through travel/wiring/house.py): a member's meet-ups
in their data export and erasure (accounts.registry), the dashboard panel of upcoming
meet-ups (travel.public_stats), and a collective's meet-ups on its page and in its
members' calendar feed (travel.collectives.registry)."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> dict[str, Any]:
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


def erase(user: Any) -> None:
    from travel.meetups.services import meetups_erase

    meetups_erase(user=user)


def collective_meetups(viewer: Any, collective: Any) -> dict[str, Any]:
    """The collective page's list of its meet-ups the viewer may see."""
    from travel.meetups.selectors import meetups_of_collective_for

    return {"meetups": meetups_of_collective_for(viewer=viewer, collective=collective)}


def collective_calendar(member: Any, collective: Any) -> bytes:
    """A member's private feed of the collective's meet-ups. Never venues: a feed shared
    among a collective's members is too easy to pass on."""
    from travel.meetups import feeds
    from travel.meetups.selectors import meetups_of_collective_for

    meetups = meetups_of_collective_for(viewer=member, collective=collective, upcoming=False)
    return feeds.ical(meetups, name=collective.name, show_venue=lambda m: False)


def dashboard_panel(request: Any) -> dict[str, Any] | None:
    from travel.meetups.selectors import dashboard_meetups

    if not request.user.is_authenticated:
        return None
    return {"template": "meetups/panel.html", **dashboard_meetups(user=request.user)}
