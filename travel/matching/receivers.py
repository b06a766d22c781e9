"""What makes the matcher run again. Every receiver only queues work after commit;
the work itself happens in a worker, debounced per trip."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Block, User
from travel.hosting.models import Availability, HostOffer, Spot
from travel.hosting.signals import offer_changed
from travel.matching import tasks
from travel.matching.indexes import (
    local_topics_sync,
    offer_openings_sync,
    offer_openings_sync_host,
    stop_topics_sync,
)
from travel.matching.models import Suggestion
from travel.meetups.models import Meetup
from travel.meetups.signals import meetup_changed
from travel.trips.models import Stop, Trip
from travel.trips.signals import trip_changed, trip_saved

# Profile fields that change who is a local where.
_PROFILE_FIELDS = {
    "home_place",
    "home_cell",
    "open_to_meet",
    "profile_visibility",
    "is_suspended",
    "is_active",
}


def on_trip_changed(sender: Any, trip_id: int, deleted: bool = False, **kwargs: Any) -> None:
    if not deleted:
        tasks.queue_trip_refresh(trip_id)


def on_trip_saved(sender: Any, trip_id: int, **kwargs: Any) -> None:
    stop_topics_sync(trip_id=trip_id)


def on_trip_model_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Saves outside trips.services (the admin, scripts): the index follows them too."""
    stop_topics_sync(trip_id=instance.trip_id if isinstance(instance, Stop) else instance.pk)


def on_offer_model_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An offer or one of its windows saved (in the change's transaction)."""
    offer_id = instance.offer_id if isinstance(instance, Availability) else instance.pk
    offer_openings_sync(offer_id=offer_id)


def on_trip_topics_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Trip):
        stop_topics_sync(trip_id=instance.pk)


def on_offer_changed(sender: Any, offer_id: int, **kwargs: Any) -> None:
    offer = HostOffer.objects.filter(pk=offer_id).only("public_lat", "public_lon").first()
    if offer is not None:
        tasks.refresh_trips_near.delay_on_commit(offer.public_lat, offer.public_lon)


def on_meetup_changed(sender: Any, meetup_id: int, **kwargs: Any) -> None:
    meetup = Meetup.objects.filter(pk=meetup_id).select_related("place").first()
    if meetup is not None and meetup.place.point is not None:
        day = meetup.starts_local.date().isoformat()
        tasks.refresh_trips_near.delay_on_commit(meetup.place.lat, meetup.place.lon, day, day)


def on_spot_saved(sender: Any, instance: Spot, **kwargs: Any) -> None:
    tasks.refresh_trips_near.delay_on_commit(instance.lat, instance.lon)


def on_block(sender: Any, instance: Block, **kwargs: Any) -> None:
    # Suggestions between the two vanish at once (pages also filter), and both sides'
    # trips are recomputed.
    Suggestion.objects.filter(trip__owner=instance.blocker, target_user=instance.blocked).delete()
    Suggestion.objects.filter(trip__owner=instance.blocked, target_user=instance.blocker).delete()
    tasks.refresh_trips_of.delay_on_commit([instance.blocker_id, instance.blocked_id])


def on_profile_saved(
    sender: Any, instance: User, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if created or (update_fields is not None and not (set(update_fields) & _PROFILE_FIELDS)):
        return
    local_topics_sync(user_id=instance.pk)
    _queue_for_person(instance)


def on_topics_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, User):
        local_topics_sync(user_id=instance.pk)
        offer_openings_sync_host(user_id=instance.pk)
        _queue_for_person(instance)


def _queue_for_person(user: User) -> None:
    tasks.refresh_trips_of.delay_on_commit([user.pk])
    if user.home_place_id and user.home_place and user.home_place.point:
        lat, lon = user.home_place.point
        tasks.refresh_trips_near.delay_on_commit(lat, lon)


def forget_target(kind: str) -> Any:
    """A deleted stop, offer, spot or meet-up leaves no suggestion pointing at it."""

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        pk = instance.pk
        transaction.on_commit(lambda: Suggestion.objects.filter(kind=kind, target_id=pk).delete())

    return receiver


def connect() -> None:
    trip_changed.connect(on_trip_changed, dispatch_uid="matching.trip_changed")
    trip_saved.connect(on_trip_saved, dispatch_uid="matching.trip_saved")
    post_save.connect(on_trip_model_saved, sender=Trip, dispatch_uid="matching.trip_model")
    post_save.connect(on_trip_model_saved, sender=Stop, dispatch_uid="matching.stop_model")
    post_save.connect(on_offer_model_saved, sender=HostOffer, dispatch_uid="matching.offer_model")
    post_save.connect(
        on_offer_model_saved, sender=Availability, dispatch_uid="matching.window_model"
    )
    m2m_changed.connect(
        on_trip_topics_changed, sender=Trip.topics.through, dispatch_uid="matching.trip_topics"
    )
    offer_changed.connect(on_offer_changed, dispatch_uid="matching.offer_changed")
    meetup_changed.connect(on_meetup_changed, dispatch_uid="matching.meetup_changed")
    post_save.connect(on_spot_saved, sender=Spot, dispatch_uid="matching.spot_saved")
    post_save.connect(on_block, sender=Block, dispatch_uid="matching.block_saved")
    post_delete.connect(on_block, sender=Block, dispatch_uid="matching.block_deleted")
    post_save.connect(on_profile_saved, sender=User, dispatch_uid="matching.profile_saved")
    m2m_changed.connect(
        on_topics_changed, sender=User.topics.through, dispatch_uid="matching.topics"
    )
    for kind, model in (
        ("traveller", Stop),
        ("host", HostOffer),
        ("spot", Spot),
        ("meetup", Meetup),
    ):
        post_delete.connect(
            forget_target(kind), sender=model, weak=False, dispatch_uid=f"matching.forget.{kind}"
        )
