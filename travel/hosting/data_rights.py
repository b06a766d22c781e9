"""A member's hosting data: exported as JSON, erased with the account (P8)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from travel.hosting.models import HostOffer, Spot, StayNotification, StayRequest


def _request_row(stay: StayRequest, role: str) -> dict[str, Any]:
    return {
        "id": str(stay.public_id),
        "role": role,
        "offer": str(stay.offer.public_id),
        "offer_title": stay.offer.title,
        "other": str(
            stay.offer.host.public_id if role == "traveller" else stay.traveller.public_id
        ),
        "arrive": stay.arrive.isoformat(),
        "depart": stay.depart.isoformat(),
        "guests": stay.guests,
        "message": stay.message,
        "status": stay.status,
        "created": stay.created.isoformat(),
    }


def export(user: User) -> dict[str, Any]:
    """Everything of `user`'s in hosting. Their own exact address is theirs to take."""
    offers = []
    for offer in HostOffer.objects.filter(host=user).select_related("place"):
        offers.append(
            {
                "id": str(offer.public_id),
                "title": offer.title,
                "city": offer.place.label,
                "address": offer.address,
                "exact_point": [offer.exact_lat, offer.exact_lon],
                "public_point": [offer.public_lat, offer.public_lon],
                "kinds": offer.kind_list,
                "capacity": offer.capacity,
                "description": offer.description,
                "animals": offer.animals,
                "smoking": offer.smoking,
                "accessibility": offer.accessibility,
                "languages": offer.languages,
                "status": offer.status,
                "visibility": offer.visibility,
                "availability": [
                    {"first_night": w.start.isoformat(), "last_night": w.end.isoformat()}
                    for w in offer.availability.all()
                ],
                "created": offer.created.isoformat(),
            }
        )
    requests = StayRequest.objects.select_related("offer", "offer__host", "traveller")
    return {
        "offers": offers,
        "stay_requests_sent": [
            _request_row(s, "traveller") for s in requests.filter(traveller=user)
        ],
        "stay_requests_received": [
            _request_row(s, "host") for s in requests.filter(offer__host=user)
        ],
        "spots_added": [
            {
                "id": str(s.public_id),
                "name": s.name,
                "point": [s.lat, s.lon],
                "kinds": s.kinds.split(","),
                "notes": s.notes,
                "created": s.created.isoformat(),
            }
            for s in Spot.objects.filter(added_by=user)
        ],
        "spots_confirmed": [
            {"spot": str(c.spot.public_id), "on": c.confirmed_on.isoformat()}
            for c in user.spot_confirmations.select_related("spot")  # type: ignore[attr-defined]
        ],
    }


def erase(user: User) -> None:
    """Before the account goes: cancel open requests for stays not over yet (the other
    side is told, after commit), delete the member's offers. Spots stay for the
    community but no longer name who added them."""
    from travel.hosting.services import offer_delete, stay_request_cancel

    today = timezone.localdate()
    # Notices about stays with this member: those written before, and the cancellations
    # written now; their texts lose the member's name and address below.
    involved = Q(stay_request__traveller=user) | Q(stay_request__offer__host=user)
    notes = set(StayNotification.objects.filter(involved).values_list("id", flat=True))
    newest = StayNotification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for stay in StayRequest.objects.filter(
        Q(traveller=user),
        status__in=[
            StayRequest.Status.PENDING,
            StayRequest.Status.INVITED,
            StayRequest.Status.ACCEPTED,
        ],
        depart__gt=today,
    ).select_related("offer", "offer__host", "offer__place", "traveller"):
        stay_request_cancel(stay_request=stay, by=user, today=today)
    for offer in HostOffer.objects.filter(host=user):
        offer_delete(offer=offer, today=today)
    Spot.objects.filter(added_by=user).update(added_by=None)
    notes |= set(StayNotification.objects.filter(id__gt=newest).values_list("id", flat=True))
    marks = [m for m in {str(user.name), user.display_name.strip(), user.email} if len(m) >= 3]
    neutral = _("a former member")
    for note in StayNotification.objects.filter(id__in=notes).exclude(recipient=user):
        context = {
            key: _scrub(value, marks, neutral) if isinstance(value, str) else value
            for key, value in note.context.items()
        }
        if context != note.context:
            note.context = context
            note.save(update_fields=["context"])


def _scrub(text: str, marks: list[str], neutral: str) -> str:
    for mark in marks:
        text = text.replace(mark, neutral)
    return text
