"""The traveller's plan per stop: where they sleep, the meet-ups they go to, the spots
they saved, and what is still missing. The trip page, `GET /api/trips/{id}` and the
offline trip sheet all read it from `trip_plan()`, the one selector that does.

It lives in `matching` because it reads stays (hosting), RSVPs (meetups) and saved
spot suggestions together, and `matching` is the layer above those apps. It is given
to `trips` through `travel.trips.extensions` (wired in travel/wiring/house.py).

Privacy: only the trip's owner gets a plan (P4: nobody else learns where a traveller
sleeps). The exact address and point come from `hosting.selectors.exact_location_for`
(P1: an accepted stay, from 7 days before arrival until departure) and the host's
contacts from `host_contacts_for` (P6), never from the offer row directly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import blocked_user_ids
from travel.hosting.models import StayRequest
from travel.hosting.selectors import exact_location_for, host_contacts_for, spots_visible_to
from travel.matching.models import Suggestion
from travel.meetups.models import ATTENDING, RSVP, Meetup
from travel.trips.models import Stop, Trip

# Which of a stop's stays the plan shows when there are several: the one that decides
# where the traveller sleeps first, then the one waiting for an answer.
STAY_RANK = {
    StayRequest.Status.ACCEPTED: 0,
    StayRequest.Status.INVITED: 1,
    StayRequest.Status.PENDING: 2,
    StayRequest.Status.DECLINED: 3,
    StayRequest.Status.CANCELLED: 4,
    StayRequest.Status.EXPIRED: 5,
}


def _person(user: User) -> dict[str, Any]:
    return {
        "id": str(user.public_id),
        "name": str(user.name),
        "url": reverse("accounts:member", args=[user.public_id]),
    }


def _stay_out(stay: StayRequest, *, viewer: User, today: date) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(stay.public_id),
        "url": reverse("hosting:request_detail", args=[stay.public_id]),
        "status": stay.status,
        "status_label": str(stay.get_status_display()),
        "direction": stay.direction,
        "host": _person(stay.offer.host),
        "offer": {
            "id": str(stay.offer.public_id),
            "title": stay.offer.title,
            "url": reverse("hosting:offer_detail", args=[stay.offer.public_id]),
        },
        "city": stay.offer.place.name,
        "arrive": stay.arrive,
        "depart": stay.depart,
        "nights": stay.night_count,
        "guests": stay.guests,
        "address": None,
        "lat": None,
        "lon": None,
        "contacts": [],
    }
    if stay.status == StayRequest.Status.ACCEPTED:
        exact = exact_location_for(viewer=viewer, offer=stay.offer, today=today)
        if exact is not None:
            out.update(address=exact.address, lat=exact.lat, lon=exact.lon)
        out["contacts"] = [
            {"kind": c.kind, "label": str(c.get_kind_display()), "value": c.value}
            for c in host_contacts_for(viewer=viewer, person=stay.offer.host)
        ]
    return out


def _stays_by_stop(*, owner: User, trip: Trip, stops: list[Stop]) -> dict[int, list[StayRequest]]:
    """The owner's stays tied to a stop of this trip, or untied but within its dates."""
    if not stops:
        return {}
    first, last = stops[0].arrive, max(s.depart for s in stops)
    blocked = blocked_user_ids(user=owner)
    rows = (
        StayRequest.objects.filter(traveller=owner)
        .filter(Q(stop__trip=trip) | Q(stop__isnull=True, arrive__lt=last, depart__gt=first))
        .exclude(offer__host__in=blocked)
        .select_related("offer", "offer__host", "offer__place")
        .order_by("-created")
    )
    found: dict[int, list[StayRequest]] = {s.pk: [] for s in stops}
    for stay in rows:
        if stay.stop_id in found:
            found[stay.stop_id].append(stay)
            continue
        for stop in stops:  # untied: the stop whose nights it overlaps
            if stay.arrive < stop.depart and stay.depart > stop.arrive:
                found[stop.pk].append(stay)
                break
    return found


def _meetups_by_stop(*, owner: User, stops: list[Stop]) -> dict[int, list[dict[str, Any]]]:
    if not stops:
        return {}
    first, last = stops[0].arrive, max(s.depart for s in stops)
    rsvps = (
        RSVP.objects.filter(
            user=owner,
            answer__in=ATTENDING,
            meetup__status=Meetup.Status.SCHEDULED,
            meetup__starts__date__gte=first,
            meetup__starts__date__lte=last,
        )
        .exclude(meetup__organizer__in=blocked_user_ids(user=owner))
        .select_related("meetup", "meetup__place")
        .order_by("meetup__starts")
    )
    found: dict[int, list[dict[str, Any]]] = {s.pk: [] for s in stops}
    for rsvp in rsvps:
        meetup = rsvp.meetup
        day = meetup.starts_local.date()
        for stop in stops:
            if stop.arrive <= day <= stop.depart:
                found[stop.pk].append(
                    {
                        "id": str(meetup.public_id),
                        "title": meetup.title,
                        "url": reverse("meetups:detail", args=[meetup.public_id]),
                        "city": meetup.place.name,
                        "starts": meetup.starts_local,
                        "answer": rsvp.answer,
                        "answer_label": str(rsvp.get_answer_display()),
                    }
                )
                break
    return found


def _spots_by_stop(*, owner: User, trip: Trip) -> dict[int, list[dict[str, Any]]]:
    """Spot suggestions the traveller saved (marked "acted on") for a stop."""
    saved = list(
        Suggestion.objects.filter(
            trip=trip, kind=Suggestion.Kind.SPOT, state=Suggestion.State.ACTED
        ).values_list("stop_id", "target_id")
    )
    if not saved:
        return {}
    spots = spots_visible_to(owner).in_bulk({target for _stop, target in saved})
    found: dict[int, list[dict[str, Any]]] = {}
    for stop_id, target in saved:
        spot = spots.get(target)
        if spot is not None:
            found.setdefault(stop_id, []).append(
                {
                    "id": str(spot.public_id),
                    "name": spot.name,
                    "url": reverse("hosting:spot_detail", args=[spot.public_id]),
                    "kinds": spot.kind_labels,
                }
            )
    return found


def _missing(stop: Stop, stay: dict[str, Any] | None) -> list[str]:
    if stop.nights < 1 or (stay is not None and stay["status"] == StayRequest.Status.ACCEPTED):
        return []
    if stay is not None and stay["status"] in (
        StayRequest.Status.PENDING,
        StayRequest.Status.INVITED,
    ):
        return ["answer"]
    return ["sleep"]


def trip_plan(*, viewer: Any, trip: Trip, today: date | None = None) -> dict[int, dict[str, Any]]:
    """{stop pk: {"stay": {...} | None, "meetups": [...], "spots": [...], "missing": [...]}}
    for the trip's owner; {} for anyone else.

    "missing" holds "sleep" (no place to sleep yet) or "answer" (a request or invitation
    waits for an answer). A constant number of queries, plus two for each accepted stay
    (its address check and the host's contacts).
    """
    if not getattr(viewer, "is_authenticated", False) or viewer.pk != trip.owner_id:
        return {}
    today = today or timezone.localdate()
    stops = sorted(trip.stops.all(), key=lambda s: (s.arrive, s.pk))
    stays = _stays_by_stop(owner=viewer, trip=trip, stops=stops)
    meetups = _meetups_by_stop(owner=viewer, stops=stops)
    spots = _spots_by_stop(owner=viewer, trip=trip)
    plans: dict[int, dict[str, Any]] = {}
    for stop in stops:
        candidates = sorted(
            stays.get(stop.pk, []), key=lambda s: STAY_RANK.get(StayRequest.Status(s.status), 9)
        )
        stay = _stay_out(candidates[0], viewer=viewer, today=today) if candidates else None
        plans[stop.pk] = {
            "stay": stay,
            "meetups": meetups.get(stop.pk, []),
            "spots": spots.get(stop.pk, []),
            "missing": _missing(stop, stay),
        }
    return plans
