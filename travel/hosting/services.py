"""Every state change of hosting: offers, availability, stay requests, spots.

Transitions of a stay request, and who is told by email (after commit, once):

    pending --accept (host)---> accepted   -> traveller
    pending --decline (host)--> declined   -> traveller
    pending|accepted --cancel--> cancelled -> the other side
    pending --(arrival date, or 7 days without answer)--> expired -> traveller

A host may also invite a traveller to a stop of their trip (direction "invite"):

    invited --accept (traveller)--> accepted   (same capacity check and lock)
    invited --decline (traveller)-> declined
    invited --cancel (host)-------> cancelled
    invited --(arrival date)------> expired

Accepted, declined, cancelled and expired are final, except accepted -> cancelled.
Every transition emits `stay_request_changed` in its transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Connection, User
from accounts.selectors import is_blocked_between
from accounts.services import connection_make
from travel import events
from travel.collectives.selectors import may_share_with
from travel.hosting import selectors
from travel.hosting.emails import stay_email_write
from travel.hosting.models import (
    MAX_STAY_NIGHTS,
    PENDING_DAYS,
    Availability,
    HostOffer,
    Spot,
    SpotConfirmation,
    StayNotification,
    StayRequest,
    kinds_value,
)
from travel.places.models import Place
from travel.places.selectors import places_near
from travel.trips.models import Stop

OFFER_FIELDS = (
    "title",
    "description",
    "address",
    "kinds",
    "capacity",
    "animals",
    "smoking",
    "accessibility",
    "languages",
    "status",
    "visibility",
    "collective",
)
# How far from the exact point the nearest city may be, when none is chosen.
NEAREST_CITY_KM = 60


def _offer_changed(
    offer_id: int,
    host_id: int,
    *,
    created: bool = False,
    deleted: bool = False,
    bookings: bool = False,
) -> None:
    events.emit(
        events.offer_changed,
        offer_id=offer_id,
        host_id=host_id,
        created=created,
        deleted=deleted,
        bookings=bookings,
    )


def _stay_changed(req: StayRequest, *, previous: str | None, actor: User | None) -> None:
    events.emit(
        events.stay_request_changed,
        stay_request_id=req.pk,
        status=req.status,
        previous_status=previous,
        actor_id=actor.pk if actor is not None else None,
        traveller_id=req.traveller_id,
        host_id=req.offer.host_id,
    )


def _nearest_city(lat: float, lon: float) -> Place:
    found = places_near(lat=lat, lon=lon, radius_km=NEAREST_CITY_KM)
    if not found:
        raise ValidationError(
            {"place": _("No city is known near that point: choose the nearest city yourself.")}
        )
    return found[0][0]


def _apply_offer_data(offer: HostOffer, data: dict[str, Any]) -> None:
    for field in OFFER_FIELDS:
        if field in data:
            value = data[field]
            if field == "kinds" and not isinstance(value, str):
                value = kinds_value(value)
            setattr(offer, field, value)
    if "exact_lat" in data or "exact_lon" in data:
        # The model re-draws the public point when (and only when) these change (P2).
        offer.exact_lat = float(data.get("exact_lat", offer.exact_lat))
        offer.exact_lon = float(data.get("exact_lon", offer.exact_lon))
    if data.get("place") is not None:
        offer.place = data["place"]


def _check_offer(offer: HostOffer) -> None:
    if not offer.kinds:
        raise ValidationError({"kinds": _("Choose at least one thing you offer.")})
    if offer.visibility == "collective":
        if offer.collective_id is None:
            raise ValidationError(
                {"collective": _("Choose the collective whose members may see this offer.")}
            )
        if not may_share_with(user=offer.host, collective=offer.collective):
            raise ValidationError({"collective": _("You are not a member of that collective.")})


@transaction.atomic
def offer_create(*, host: User, data: dict[str, Any]) -> HostOffer:
    """Create an offer. `data` holds the form/API fields; the exact point is required."""
    if data.get("exact_lat") is None or data.get("exact_lon") is None:
        raise ValidationError(
            {"exact_lat": _("Set your place on the map or type its coordinates.")}
        )
    offer = HostOffer(host=host)
    _apply_offer_data(offer, data)
    if data.get("place") is None and offer.exact_lat is not None:
        offer.place = _nearest_city(offer.exact_lat, offer.exact_lon)
    _check_offer(offer)
    # The public point and its cell are drawn in save(); validate everything else first.
    offer.full_clean(exclude=["public_lat", "public_lon", "cell"])
    offer.save()
    _offer_changed(offer.pk, offer.host_id, created=True)
    return offer


@transaction.atomic
def offer_update(*, offer: HostOffer, data: dict[str, Any]) -> HostOffer:
    """Update an offer; the public point moves only if the exact point does (P2)."""
    moved_before = (offer.exact_lat, offer.exact_lon)
    _apply_offer_data(offer, data)
    if (
        "place" in data
        and data["place"] is None
        and moved_before
        != (
            offer.exact_lat,
            offer.exact_lon,
        )
    ):
        offer.place = _nearest_city(offer.exact_lat, offer.exact_lon)
    _check_offer(offer)
    offer.full_clean(exclude=["public_lat", "public_lon", "cell"])
    offer.save()
    _offer_changed(offer.pk, offer.host_id)
    return offer


def _cancel_future_requests(*, requests: Any, by: User, today: date) -> None:
    for req in requests.filter(
        status__in=[
            StayRequest.Status.PENDING,
            StayRequest.Status.INVITED,
            StayRequest.Status.ACCEPTED,
        ],
        depart__gt=today,
    ):
        stay_request_cancel(stay_request=req, by=by, today=today)


@transaction.atomic
def offer_delete(*, offer: HostOffer, today: date | None = None) -> None:
    """Delete an offer; open requests for future nights are cancelled and the travellers
    told first (their emails are queued before the rows go)."""
    today = today or timezone.localdate()
    _cancel_future_requests(requests=offer.requests.all(), by=offer.host, today=today)
    offer_id, host_id = offer.pk, offer.host_id
    offer.delete()
    _offer_changed(offer_id, host_id, deleted=True)


# ---------------------------------------------------------------- availability


@transaction.atomic
def availability_add(*, offer: HostOffer, start: date, end: date) -> Availability:
    """Add a window of nights; one that touches or overlaps another is merged with it."""
    window = Availability(offer=offer, start=start, end=end)
    window.full_clean()
    touching = list(
        offer.availability.select_for_update().filter(
            start__lte=end + timedelta(days=1), end__gte=start - timedelta(days=1)
        )
    )
    if touching:
        window.start = min([start, *(w.start for w in touching)])
        window.end = max([end, *(w.end for w in touching)])
        window.full_clean()
        offer.availability.filter(pk__in=[w.pk for w in touching]).delete()
    window.save()
    _offer_changed(offer.pk, offer.host_id)
    return window


@transaction.atomic
def availability_remove(*, window: Availability) -> None:
    """Remove a window. Accepted stays keep their nights: the host answered them."""
    offer_id, host_id = window.offer_id, window.offer.host_id
    window.delete()
    _offer_changed(offer_id, host_id)


# ---------------------------------------------------------------- stay requests


def _notify(*, stay_request: StayRequest, recipient: User, kind: str) -> None:
    """Write the notification row and its email (to the outbox) in this transaction.

    Both commit with the transition or not at all; the unique key makes it once. The
    outbox delivers the email after commit (`sent` here: handed to the outbox).
    """
    other = (
        stay_request.traveller
        if recipient.pk == stay_request.offer.host_id
        else stay_request.offer.host
    )
    note, created = StayNotification.objects.get_or_create(
        key=f"stay:{stay_request.pk}:{kind}",
        defaults={
            "stay_request": stay_request,
            "recipient": recipient,
            "kind": kind,
            "sent": timezone.now(),
            "context": {
                "request": str(stay_request.public_id),
                "offer_title": stay_request.offer.title,
                "city": stay_request.offer.place.name,
                "other_name": str(other.name),
                "arrive": stay_request.arrive.isoformat(),
                "depart": stay_request.depart.isoformat(),
                "guests": stay_request.guests,
                "recipient_is_host": recipient.pk == stay_request.offer.host_id,
            },
        },
    )
    if created:
        stay_email_write(note)


def _night(d: date) -> str:
    return date_format(d, "DATE_FORMAT")


def _check_nights(
    *, offer: HostOffer, arrive: date, depart: date, guests: int, today: date, outside: str
) -> None:
    """The rules a request and an invitation share: future nights, at most
    MAX_STAY_NIGHTS, guests within capacity, every night inside an open window."""
    if arrive < today:
        raise ValidationError({"arrive": _("The arrival date is in the past.")})
    if depart <= arrive:
        raise ValidationError({"depart": _("Leave at least one day after you arrive.")})
    if (depart - arrive).days > MAX_STAY_NIGHTS:
        raise ValidationError(
            {"depart": _("Ask for at most %(n)d nights at a time.") % {"n": MAX_STAY_NIGHTS}}
        )
    if guests < 1:
        raise ValidationError({"guests": _("At least one guest.")})
    if guests > offer.capacity:
        raise ValidationError(
            {
                "guests": _("This place takes at most %(n)d guests at a time.")
                % {"n": offer.capacity}
            }
        )
    if not selectors.is_available(offer=offer, arrive=arrive, depart=depart):
        raise ValidationError({"arrive": outside})


def _check_capacity(*, offer: HostOffer, req: StayRequest) -> None:
    """Refuse when any night of `req` has no room left (the caller holds the offer lock
    when this decides an acceptance)."""
    booked = selectors.guests_per_night(
        offer=offer, start=req.arrive, end=req.depart, exclude_id=req.pk
    )
    for night in req.nights:
        if booked.get(night, 0) + req.guests > offer.capacity:
            raise ValidationError(
                {
                    "guests": _("No room left for %(guests)d on the night of %(night)s.")
                    % {"guests": req.guests, "night": _night(night)}
                }
            )


@transaction.atomic
def stay_request_create(
    *,
    traveller: User,
    offer: HostOffer,
    arrive: date,
    depart: date,
    guests: int,
    message: str,
    stop: Stop | None = None,
    today: date | None = None,
) -> StayRequest:
    """Ask to stay the nights arrive <= night < depart.

    Between blocked members the offer does not exist (Http404, as for a missing one).
    """
    today = today or timezone.localdate()
    if offer.host_id != traveller.pk and is_blocked_between(traveller, offer.host):
        raise Http404
    if offer.host_id == traveller.pk:
        raise ValidationError({"offer": _("This is your own offer.")})
    if not offer.is_open:
        raise ValidationError({"offer": _("This offer is paused and takes no requests now.")})
    _check_nights(
        offer=offer,
        arrive=arrive,
        depart=depart,
        guests=guests,
        today=today,
        outside=_("Some of these nights are outside the host's available dates."),
    )
    if stop is not None and stop.trip.owner_id != traveller.pk:
        raise ValidationError({"stop": _("That stop is not on one of your trips.")})
    if StayRequest.objects.filter(
        offer=offer,
        traveller=traveller,
        status=StayRequest.Status.PENDING,
        arrive__lt=depart,
        depart__gt=arrive,
    ).exists():
        raise ValidationError(
            {"arrive": _("You already asked this host for some of these nights.")}
        )
    req = StayRequest(
        traveller=traveller,
        offer=offer,
        stop=stop,
        arrive=arrive,
        depart=depart,
        guests=guests,
        message=message.strip(),
    )
    req.full_clean()
    req.save()
    _notify(stay_request=req, recipient=offer.host, kind=StayNotification.Kind.NEW)
    _stay_changed(req, previous=None, actor=traveller)
    return req


@transaction.atomic
def stay_invitation_create(
    *,
    host: User,
    offer: HostOffer,
    stop: Stop,
    arrive: date,
    depart: date,
    message: str,
    guests: int = 1,
    today: date | None = None,
) -> StayRequest:
    """The host invites the traveller of `stop` to stay the nights arrive <= night < depart.

    The caller found `stop` through a trip the host may see; a block either way answers
    Http404, as for a trip that does not exist. The nights must lie within the stop and
    within the offer's open windows, and still have room; the traveller's acceptance
    re-checks the room under the offer's lock.
    """
    today = today or timezone.localdate()
    traveller = stop.trip.owner
    if offer.host_id != host.pk or is_blocked_between(host, traveller):
        raise Http404
    if traveller.pk == host.pk:
        raise ValidationError({"stop": _("This is your own trip.")})
    if not offer.is_open:
        raise ValidationError({"offer": _("This offer is paused: open it to invite someone.")})
    if arrive < stop.arrive or depart > stop.depart:
        raise ValidationError(
            {
                "arrive": _(
                    "Choose nights within the stop: arrive on or after %(arrive)s and "
                    "leave by %(depart)s."
                )
                % {"arrive": _night(stop.arrive), "depart": _night(stop.depart)}
            }
        )
    _check_nights(
        offer=offer,
        arrive=arrive,
        depart=depart,
        guests=guests,
        today=today,
        outside=_("Some of these nights are outside your offer's available dates."),
    )
    if StayRequest.objects.filter(
        offer=offer,
        traveller=traveller,
        status__in=[
            StayRequest.Status.PENDING,
            StayRequest.Status.INVITED,
            StayRequest.Status.ACCEPTED,
        ],
        arrive__lt=depart,
        depart__gt=arrive,
    ).exists():
        raise ValidationError(
            {"arrive": _("There is already an invitation or request for some of these nights.")}
        )
    req = StayRequest(
        traveller=traveller,
        offer=offer,
        stop=stop,
        arrive=arrive,
        depart=depart,
        guests=guests,
        message=(message or "").strip(),
        direction=StayRequest.Direction.INVITE,
        status=StayRequest.Status.INVITED,
    )
    _check_capacity(offer=offer, req=req)
    req.full_clean()
    req.save()
    _stay_changed(req, previous=None, actor=host)
    return req


def _answerer_id(offer: HostOffer, req: StayRequest) -> int:
    """Who answers: the host a request, the traveller an invitation (anyone else gets
    Http404, as for a request that does not exist)."""
    return req.traveller_id if req.direction == StayRequest.Direction.INVITE else offer.host_id


def _locked(stay_request: StayRequest) -> tuple[HostOffer, StayRequest]:
    """Lock the offer row first (the capacity lock), then re-read the request."""
    offer = HostOffer.objects.select_for_update().get(pk=stay_request.offer_id)
    req = StayRequest.objects.select_for_update().get(pk=stay_request.pk)
    return offer, req


def _refresh(target: StayRequest, source: StayRequest) -> StayRequest:
    for field in ("status", "answered", "cancelled_by", "updated"):
        setattr(target, field, getattr(source, field))
    return target


@transaction.atomic
def stay_request_accept(
    *, stay_request: StayRequest, by: User, today: date | None = None
) -> StayRequest:
    """The host accepts a request, or the traveller an invitation. Capacity is checked
    night by night while holding a row lock on the offer, so two accepts racing for the
    last place give exactly one acceptance."""
    today = today or timezone.localdate()
    offer, req = _locked(stay_request)
    if _answerer_id(offer, req) != by.pk:
        raise Http404
    if not req.awaiting:
        raise ValidationError(
            {
                "status": _("This request can no longer be accepted: its status is “%(status)s”.")
                % {"status": req.get_status_display()}
            }
        )
    if req.arrive < today:
        raise ValidationError({"status": _("The arrival date has passed.")})
    _check_capacity(offer=offer, req=req)
    previous = req.status
    req.status = StayRequest.Status.ACCEPTED
    req.answered = timezone.now()
    req.save(update_fields=["status", "answered", "updated"])
    connection_make(a=req.traveller, b=offer.host, reason=Connection.Reason.STAY)
    if previous == StayRequest.Status.PENDING:
        _notify(stay_request=req, recipient=req.traveller, kind=StayNotification.Kind.ACCEPTED)
    _stay_changed(req, previous=previous, actor=by)
    _offer_changed(offer.pk, offer.host_id, bookings=True)
    return _refresh(stay_request, req)


@transaction.atomic
def stay_request_decline(*, stay_request: StayRequest, by: User) -> StayRequest:
    """The host declines a request, or the traveller an invitation."""
    offer, req = _locked(stay_request)
    if _answerer_id(offer, req) != by.pk:
        raise Http404
    if not req.awaiting:
        raise ValidationError(
            {
                "status": _("This request can no longer be declined: its status is “%(status)s”.")
                % {"status": req.get_status_display()}
            }
        )
    previous = req.status
    req.status = StayRequest.Status.DECLINED
    req.answered = timezone.now()
    req.save(update_fields=["status", "answered", "updated"])
    if previous == StayRequest.Status.PENDING:
        _notify(stay_request=req, recipient=req.traveller, kind=StayNotification.Kind.DECLINED)
    _stay_changed(req, previous=previous, actor=by)
    return _refresh(stay_request, req)


@transaction.atomic
def stay_request_cancel(
    *, stay_request: StayRequest, by: User, today: date | None = None
) -> StayRequest:
    """Either side cancels a pending or accepted request before the stay is over."""
    today = today or timezone.localdate()
    offer, req = _locked(stay_request)
    if by.pk not in (req.traveller_id, offer.host_id):
        raise Http404
    if not req.is_open:
        raise ValidationError(
            {
                "status": _("There is nothing to cancel: the request's status is “%(status)s”.")
                % {"status": req.get_status_display()}
            }
        )
    if req.depart <= today:
        raise ValidationError({"status": _("This stay is over.")})
    previous = req.status
    was_accepted = req.status == StayRequest.Status.ACCEPTED
    req.status = StayRequest.Status.CANCELLED
    req.cancelled_by = by
    req.save(update_fields=["status", "cancelled_by", "updated"])
    other = offer.host if by.pk == req.traveller_id else req.traveller
    _notify(stay_request=req, recipient=other, kind=StayNotification.Kind.CANCELLED)
    _stay_changed(req, previous=previous, actor=by)
    if was_accepted:
        _offer_changed(offer.pk, offer.host_id, bookings=True)
    return _refresh(stay_request, req)


def stay_requests_expire(*, now: datetime | None = None) -> int:
    """Expire pending requests whose arrival date has come or that waited 7 days.

    Each row is claimed with a conditional UPDATE, so two runs (two beats, a retry)
    expire and notify each request once.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = StayRequest.objects.filter(
        status__in=[StayRequest.Status.PENDING, StayRequest.Status.INVITED]
    ).filter(arrive__lte=today) | StayRequest.objects.filter(
        status=StayRequest.Status.PENDING, created__lte=now - timedelta(days=PENDING_DAYS)
    )
    count = 0
    for req in due.select_related("traveller", "offer"):
        with transaction.atomic():
            claimed = StayRequest.objects.filter(pk=req.pk, status=req.status).update(
                status=StayRequest.Status.EXPIRED, updated=now
            )
            if claimed:
                previous = req.status
                req.status = StayRequest.Status.EXPIRED
                if previous == StayRequest.Status.PENDING:
                    _notify(
                        stay_request=req,
                        recipient=req.traveller,
                        kind=StayNotification.Kind.EXPIRED,
                    )
                _stay_changed(req, previous=previous, actor=None)
                count += 1
    return count


# ---------------------------------------------------------------- spots


@transaction.atomic
def spot_create(*, added_by: User, data: dict[str, Any]) -> Spot:
    kinds = data.get("kinds", "")
    spot = Spot(
        added_by=added_by,
        name=data.get("name", ""),
        lat=data["lat"],
        lon=data["lon"],
        kinds=kinds if isinstance(kinds, str) else kinds_value(kinds),
        notes=data.get("notes", ""),
    )
    if not spot.kinds:
        raise ValidationError({"kinds": _("Choose at least one thing the spot is good for.")})
    spot.full_clean(exclude=["cell"])
    spot.save()
    SpotConfirmation.objects.create(spot=spot, member=added_by, confirmed_on=spot.last_confirmed)
    spot_changed(spot=spot, deleted=False)
    return spot


def spot_changed(*, spot: Spot, deleted: bool) -> None:
    """Say that a spot was added or went (its point travels along: a deleted row is gone)."""
    events.emit(events.spot_changed, spot_id=spot.pk, deleted=deleted, lat=spot.lat, lon=spot.lon)


@transaction.atomic
def spot_confirm(*, spot: Spot, member: User, today: date | None = None) -> Spot:
    """A member saw it still there today (once per member and day)."""
    today = today or timezone.localdate()
    SpotConfirmation.objects.get_or_create(spot=spot, member=member, confirmed_on=today)
    if spot.last_confirmed < today:
        spot.last_confirmed = today
        Spot.objects.filter(pk=spot.pk, last_confirmed__lt=today).update(last_confirmed=today)
    return spot


@transaction.atomic
def spot_delete(*, spot: Spot, by: User) -> None:
    if spot.added_by_id != by.pk:
        raise ValidationError(_("Only the member who added a spot can remove it."))
    spot_id = spot.pk
    spot.delete()
    spot.pk = spot_id
    spot_changed(spot=spot, deleted=True)


def stays_ask_references(*, today: date | None = None) -> int:
    """After an accepted stay's last night, ask the traveller and the host for a
    reference about each other (`reference_requested`, twice). Each stay is claimed
    with a conditional UPDATE, so two runs ask once."""
    today = today or timezone.localdate()
    count = 0
    due = StayRequest.objects.filter(
        status=StayRequest.Status.ACCEPTED, depart__lte=today, references_asked__isnull=True
    ).select_related("offer")
    for stay in due:
        with transaction.atomic():
            if StayRequest.objects.filter(pk=stay.pk, references_asked__isnull=True).update(
                references_asked=timezone.now()
            ):
                for user_id, about_id in (
                    (stay.traveller_id, stay.offer.host_id),
                    (stay.offer.host_id, stay.traveller_id),
                ):
                    events.emit(
                        events.reference_requested,
                        user_id=user_id,
                        about_user_id=about_id,
                        context="stay",
                        context_id=str(stay.public_id),
                    )
                count += 1
    return count
