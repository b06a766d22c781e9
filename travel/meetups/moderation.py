"""How reports and moderators reach meet-ups (accounts.moderation registry)."""

from __future__ import annotations

from typing import Any

from accounts.models import Visibility
from travel import events
from travel.meetups.models import Meetup
from travel.meetups.selectors import meetup_for_viewer


def meetup_owner(viewer: Any, public_id: str) -> Any:
    meetup = meetup_for_viewer(viewer=viewer, public_id=public_id)
    return meetup.organizer if meetup is not None else None


def meetup_hide(public_id: str) -> None:
    """Out of every list and feed: only its organizer (and those already invited) see it."""
    ids = list(Meetup.objects.filter(public_id=public_id).values_list("id", flat=True))
    Meetup.objects.filter(pk__in=ids).update(visibility=Visibility.ONLY_ME, listed_publicly=False)
    for meetup_id in ids:
        events.emit(
            events.meetup_changed,
            meetup_id=meetup_id,
            change="hidden",
            fields=frozenset({"visibility", "listed_publicly"}),
        )
