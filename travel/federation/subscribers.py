"""What federation does when something happens elsewhere (connected in travel/wiring/house.py).

Each runs inside the change's transaction and only writes outbox rows there.
"""

from __future__ import annotations

from typing import Any

from accounts.models import User
from travel.federation.actors import federation_on
from travel.federation.models import LocalActor, PublishedMeetup
from travel.federation.publishing import actor_update_send, meetup_sync

# Fields of a profile or collective that its actor document shows.
PERSON_FIELDS = {"display_name", "name", "bio"}
GROUP_FIELDS = {"name", "description", "home_place"}


def on_meetup_published(*, meetup_id: int, **kwargs: Any) -> None:
    meetup_sync(meetup_id=meetup_id, change="created")


def on_meetup_changed(*, meetup_id: int, change: str = "updated", **kwargs: Any) -> None:
    meetup_sync(meetup_id=meetup_id, change=change)


def on_profile_changed(*, user_id: int, fields: Any = (), **kwargs: Any) -> None:
    if not federation_on() or not PERSON_FIELDS & set(fields):
        return
    actor = LocalActor.objects.filter(user_id=user_id, enabled=True).first()
    if actor is not None:
        actor_update_send(actor=actor)


def on_collective_changed(*, collective_id: int, fields: Any = (), **kwargs: Any) -> None:
    if not federation_on() or not GROUP_FIELDS & set(fields):
        return
    actor = LocalActor.objects.filter(collective_id=collective_id, enabled=True).first()
    if actor is not None:
        actor_update_send(actor=actor)


def erase(user: User) -> None:
    """Before the member's meet-ups go: their followers hear that the Events are gone."""
    from travel.federation.publishing import _meetup_delete

    if not federation_on():
        return
    for published in PublishedMeetup.objects.filter(
        meetup__organizer=user, deleted=False
    ).select_related("meetup__place", "actor"):
        _meetup_delete(published.meetup, published, cancelled=False)


def export(user: User) -> dict[str, Any]:
    actor = LocalActor.objects.filter(user=user).first()
    if actor is None:
        return {}
    return {
        "fediverse_actor": {
            "username": actor.username,
            "enabled": actor.enabled,
            "show_bio": actor.show_bio,
            "created": actor.created.isoformat(),
        }
    }
