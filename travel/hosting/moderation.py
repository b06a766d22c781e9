"""Hosting's entries in the registries of accounts: report targets (offers, spots) for
moderators, and stay requests as conversation subjects for messaging."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import Visibility
from travel import events
from travel.hosting.models import HostOffer, Spot
from travel.hosting.selectors import offer_for_viewer, spot_for_viewer, stay_request_for_viewer
from travel.hosting.services import spot_changed


def _safe(func: Any) -> Any:
    def wrapped(viewer: Any, public_id: str) -> Any:
        try:
            return func(viewer, public_id)
        except ValidationError:  # not a UUID: the same answer as a missing one
            return None

    return wrapped


@_safe
def offer_owner(viewer: Any, public_id: str) -> Any:
    offer = offer_for_viewer(viewer=viewer, public_id=public_id)
    return offer.host if offer is not None else None


def offer_hide(public_id: str) -> None:
    """Paused and seen by its host only; nothing is deleted if the report was wrong."""
    for offer in HostOffer.objects.filter(public_id=public_id):
        offer.status, offer.visibility = HostOffer.Status.PAUSED, Visibility.ONLY_ME
        offer.save(update_fields=["status", "visibility", "updated"])
        events.emit(
            events.offer_changed,
            offer_id=offer.pk,
            host_id=offer.host_id,
            created=False,
            deleted=False,
            bookings=False,
        )


@_safe
def spot_owner(viewer: Any, public_id: str) -> Any:
    spot = spot_for_viewer(viewer=viewer, public_id=public_id)
    return spot.added_by if spot is not None else None


def spot_hide(public_id: str) -> None:
    """A spot has no owner's copy to keep: a hidden spot is removed."""
    for spot in Spot.objects.filter(public_id=public_id):
        spot_id = spot.pk
        spot.delete()
        spot.pk = spot_id
        spot_changed(spot=spot, deleted=True)


@_safe
def stay_request_participants(viewer: Any, public_id: str) -> tuple[Any, Any] | None:
    stay = stay_request_for_viewer(viewer=viewer, public_id=public_id)
    return (stay.traveller, stay.offer.host) if stay is not None else None
