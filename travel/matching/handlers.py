"""What the matcher does when something happens elsewhere: keep its indexes in step (in
the change's own transaction) and queue recomputes after commit, debounced per trip.

These are plain functions taking an event's keyword arguments (travel/events.py); the
wiring module (travel/wiring/house.py, `_matcher`) connects them. Nothing here listens
to another app's model signals: one service call is one event is one index rewrite.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from accounts.models import User
from travel.hosting.models import HostOffer
from travel.matching import tasks
from travel.matching.indexes import (
    local_topics_sync,
    offer_openings_sync,
    offer_openings_sync_host,
    stop_topics_sync,
)
from travel.matching.models import Suggestion
from travel.meetups.models import Meetup

# Profile fields that change who is a local where (and which topics a host holds).
PROFILE_FIELDS = frozenset(
    {
        "home_place",
        "home_cell",
        "open_to_meet",
        "profile_visibility",
        "is_suspended",
        "is_active",
        "topics",
    }
)


def _forget(kind: str, target_ids: Iterable[int]) -> None:
    """A deleted stop, offer, spot or meet-up leaves no suggestion pointing at it."""
    ids = list(target_ids)
    if ids:
        Suggestion.objects.filter(kind=kind, target_id__in=ids).delete()


def on_trip_saved(
    sender: Any, trip_id: int, removed_stop_ids: Iterable[int] = (), **kwargs: Any
) -> None:
    stop_topics_sync(trip_id=trip_id)
    _forget("traveller", removed_stop_ids)
    tasks.queue_trip_refresh(trip_id)


def on_trip_deleted(sender: Any, stop_ids: Iterable[int] = (), **kwargs: Any) -> None:
    _forget("traveller", stop_ids)


def on_offer_changed(
    sender: Any, offer_id: int, deleted: bool = False, bookings: bool = False, **kwargs: Any
) -> None:
    if deleted:
        _forget("host", [offer_id])
        return
    if not bookings:
        offer_openings_sync(offer_id=offer_id)
    offer = HostOffer.objects.filter(pk=offer_id).only("public_lat", "public_lon").first()
    if offer is not None:
        tasks.refresh_trips_near.delay_on_commit(offer.public_lat, offer.public_lon)


def on_meetup_changed(sender: Any, meetup_id: int, change: str = "", **kwargs: Any) -> None:
    if change == "deleted":
        _forget("meetup", [meetup_id])
        return
    meetup = Meetup.objects.filter(pk=meetup_id).select_related("place").first()
    if meetup is not None and meetup.place.point is not None:
        day = meetup.starts_local.date().isoformat()
        tasks.refresh_trips_near.delay_on_commit(meetup.place.lat, meetup.place.lon, day, day)


def on_spot_changed(
    sender: Any, spot_id: int, lat: float, lon: float, deleted: bool = False, **kwargs: Any
) -> None:
    if deleted:
        _forget("spot", [spot_id])
        return
    tasks.refresh_trips_near.delay_on_commit(lat, lon)


def on_block(sender: Any, blocker_id: int, blocked_id: int, **kwargs: Any) -> None:
    """A block made or lifted: suggestions between the two vanish at once (pages also
    filter), and both sides' trips are recomputed."""
    Suggestion.objects.filter(trip__owner_id=blocker_id, target_user_id=blocked_id).delete()
    Suggestion.objects.filter(trip__owner_id=blocked_id, target_user_id=blocker_id).delete()
    tasks.refresh_trips_of.delay_on_commit([blocker_id, blocked_id])


def on_profile_changed(sender: Any, user_id: int, fields: Iterable[str], **kwargs: Any) -> None:
    changed = set(fields)
    if not changed & PROFILE_FIELDS:
        return
    local_topics_sync(user_id=user_id)
    if "topics" in changed:
        offer_openings_sync_host(user_id=user_id)
    _queue_for_person(user_id)


def on_member_hidden_or_back(sender: Any, user_id: int, **kwargs: Any) -> None:
    """Suspended or restored: the index of locals follows, their area is recomputed."""
    local_topics_sync(user_id=user_id)
    _queue_for_person(user_id)


def _queue_for_person(user_id: int) -> None:
    tasks.refresh_trips_of.delay_on_commit([user_id])
    user = User.objects.filter(pk=user_id).select_related("home_place").first()
    if user is not None and user.home_place is not None and user.home_place.point:
        lat, lon = user.home_place.point
        tasks.refresh_trips_near.delay_on_commit(lat, lon)
