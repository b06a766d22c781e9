"""Hosting pages. Thin: fetch through a selector, call one service, render.

Failed form posts re-render the form with what was typed, status 400. The exact address
reaches a template only through `exact_location_for()` (or the host's own form).
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from travel.hosting import selectors, services
from travel.hosting.forms import (
    AvailabilityForm,
    OfferForm,
    SpotForm,
    StayInvitationForm,
    StayRequestForm,
)
from travel.hosting.models import FUZZ_RADIUS_M, HostOffer, StayRequest
from travel.trips.models import Stop
from travel.trips.selectors import trip_for_viewer


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _offer_or_404(request: HttpRequest, public_id: Any) -> HostOffer:
    offer = selectors.offer_for_viewer(viewer=request.user, public_id=public_id)
    if offer is None:
        raise Http404
    return offer


def _own_offer_or_404(request: HttpRequest, public_id: Any) -> HostOffer:
    offer = selectors.offer_for_host(user=request.user, public_id=public_id)
    if offer is None:
        raise Http404
    return offer


# ---------------------------------------------------------------- offers


@login_required
def offers_mine(request: HttpRequest) -> HttpResponse:
    offers = list(selectors.offers_of_host(user=request.user))  # type: ignore[arg-type]
    return render(
        request,
        "hosting/offers_mine.html",
        {
            "offers": offers,
            "pending": selectors.pending_count_for_host(user=request.user),  # type: ignore[arg-type]
        },
    )


def _editor_context(form: OfferForm, offer: HostOffer | None) -> dict[str, Any]:
    # The editor's map data: the host's own exact point, and the circle others see.
    data: dict[str, Any] = {"radius_m": FUZZ_RADIUS_M}
    if offer is not None:
        data.update(
            exact=[offer.exact_lat, offer.exact_lon],
            public=[offer.public_lat, offer.public_lon],
        )
    return {"form": form, "offer": offer, "editor_data": data}


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None, host=request.user)  # type: ignore[arg-type]
    if request.method == "POST":
        if form.is_valid():
            try:
                offer = services.offer_create(host=request.user, data=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("Your offer is saved. Now add the nights you can host.")
                )
                return redirect("hosting:availability", offer.public_id)
        return render(request, "hosting/offer_form.html", _editor_context(form, None), status=400)
    return render(request, "hosting/offer_form.html", _editor_context(form, None))


@login_required
def offer_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    offer = _own_offer_or_404(request, public_id)
    if request.method == "POST":
        form = OfferForm(request.POST, host=request.user)  # type: ignore[arg-type]
        if form.is_valid():
            try:
                services.offer_update(offer=offer, data=form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your offer is saved."))
                return redirect("hosting:offer_edit", offer.public_id)
        offer.refresh_from_db()
        return render(request, "hosting/offer_form.html", _editor_context(form, offer), status=400)
    form = OfferForm(initial=OfferForm.initial_for(offer), host=request.user)  # type: ignore[arg-type]
    return render(request, "hosting/offer_form.html", _editor_context(form, offer))


@login_required
@require_POST
def offer_delete(request: HttpRequest, public_id: Any) -> HttpResponse:
    offer = _own_offer_or_404(request, public_id)
    services.offer_delete(offer=offer)
    messages.success(request, _("Your offer is deleted; travellers with open requests were told."))
    return redirect("hosting:mine")


@login_required
def availability(request: HttpRequest, public_id: Any) -> HttpResponse:
    offer = _own_offer_or_404(request, public_id)
    today = timezone.localdate()
    form = AvailabilityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.availability_add(
                    offer=offer, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Those nights are added."))
                return redirect("hosting:availability", offer.public_id)
        status = 400
    return render(
        request,
        "hosting/availability.html",
        {
            "offer": offer,
            "form": form,
            "windows": list(selectors.availability_of(offer=offer, since=today)),
            "calendar": selectors.calendar_for(offer=offer, today=today),
        },
        status=status,
    )


@login_required
@require_POST
def availability_delete(request: HttpRequest, public_id: Any, window_id: Any) -> HttpResponse:
    offer = _own_offer_or_404(request, public_id)
    window = offer.availability.filter(public_id=window_id).first()
    if window is None:
        raise Http404
    services.availability_remove(window=window)
    messages.success(request, _("Those nights are removed."))
    return redirect("hosting:availability", offer.public_id)


@login_required
def offer_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """What other members see of an offer (public point only), and the request form."""
    offer = _offer_or_404(request, public_id)
    today = timezone.localdate()
    is_host = offer.host_id == request.user.pk
    form = None
    status = 200
    if not is_host and offer.is_open:
        form = StayRequestForm(
            request.POST or None,
            traveller=request.user,  # type: ignore[arg-type]
            initial=_request_initial(request, offer),
        )
        if request.method == "POST":
            if form.is_valid():
                try:
                    stay = services.stay_request_create(
                        traveller=request.user,  # type: ignore[arg-type]
                        offer=offer,
                        arrive=form.cleaned_data["arrive"],
                        depart=form.cleaned_data["depart"],
                        guests=form.cleaned_data["guests"],
                        message=form.cleaned_data["message"],
                        stop=form.cleaned_data.get("stop"),
                        today=today,
                    )
                except ValidationError as exc:
                    _add_errors(form, exc)
                else:
                    messages.success(request, _("Your request is sent. The host will answer."))
                    return redirect("hosting:request_detail", stay.public_id)
            status = 400
    elif request.method == "POST":
        status = 400
    exact = selectors.exact_location_for(viewer=request.user, offer=offer, today=today)
    return render(
        request,
        "hosting/offer_detail.html",
        {
            "offer": offer,
            "is_host": is_host,
            "exact": exact,
            "form": form,
            "calendar": selectors.calendar_for(offer=offer, today=today),
            "map_data": {
                "public": [offer.public_lat, offer.public_lon],
                "radius_m": FUZZ_RADIUS_M,
            },
        },
        status=status,
    )


def _request_initial(request: HttpRequest, offer: HostOffer) -> dict[str, Any]:
    """ "Request a stay" from a suggestion or a stop (?stop=): that stop, and its nights
    within the host's open windows."""
    stop_id = request.GET.get("stop", "")
    if not stop_id or not request.user.is_authenticated:
        return {}
    stop = (
        Stop.objects.filter(public_id=stop_id, trip__owner=request.user).first()
        if _uuid(stop_id)
        else None
    )
    if stop is None:
        return {}
    initial: dict[str, Any] = {"stop": stop.pk}
    nights = selectors.nights_within_windows(offer=offer, arrive=stop.arrive, depart=stop.depart)
    if nights is not None:
        initial["arrive"], initial["depart"] = nights
    return initial


@login_required
def trip_invite(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Offer to host: the host picks an open offer and nights within a stop of the
    trip they are looking at; the traveller then accepts or declines the invitation."""
    trip = trip_for_viewer(request.user, public_id)
    if trip.owner_id == request.user.pk:
        raise Http404
    stops = trip.stops.filter(depart__gt=timezone.localdate()).select_related("place")
    initial: dict[str, Any] = {}
    stop_id = request.GET.get("stop", "")
    stop = stops.filter(public_id=stop_id).first() if _uuid(stop_id) else None
    offers = list(selectors.offers_of_host(user=request.user).filter(status=HostOffer.Status.OPEN))  # type: ignore[arg-type]
    if stop is not None:
        initial["stop"] = stop.public_id
        if offers:
            initial["offer"] = offers[0].pk
            nights = selectors.nights_within_windows(
                offer=offers[0], arrive=stop.arrive, depart=stop.depart
            )
            if nights is not None:
                initial["arrive"], initial["depart"] = nights
    form = StayInvitationForm(
        request.POST or None,
        host=request.user,  # type: ignore[arg-type]
        stops=stops,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                stay = services.stay_invitation_create(
                    host=request.user,  # type: ignore[arg-type]
                    offer=form.cleaned_data["offer"],
                    stop=form.cleaned_data["stop"],
                    arrive=form.cleaned_data["arrive"],
                    depart=form.cleaned_data["depart"],
                    guests=form.cleaned_data["guests"],
                    message=form.cleaned_data["message"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("Your invitation is sent. The traveller will accept or decline.")
                )
                return redirect("hosting:request_detail", stay.public_id)
        status = 400
    return render(
        request,
        "hosting/trip_invite.html",
        {"trip": trip, "form": form, "has_offers": bool(offers)},
        status=status,
    )


def _uuid(value: str | None) -> bool:
    try:
        uuid.UUID(str(value))
    except (TypeError, ValueError):
        return False
    return True


# ---------------------------------------------------------------- stay requests


@login_required
def inbox_host(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = list(selectors.stay_requests_received(user=request.user)[:200])  # type: ignore[arg-type]
    return render(
        request,
        "hosting/inbox.html",
        {
            "requests": rows,
            "as_host": True,
            "today": today,
        },
    )


@login_required
def inbox_sent(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = list(selectors.stay_requests_sent(user=request.user)[:200])  # type: ignore[arg-type]
    return render(
        request,
        "hosting/inbox.html",
        {"requests": rows, "as_host": False, "today": today},
    )


def _request_or_404(request: HttpRequest, public_id: Any) -> StayRequest:
    stay = selectors.stay_request_for_viewer(viewer=request.user, public_id=public_id)
    if stay is None:
        raise Http404
    return stay


def _request_page(
    request: HttpRequest, stay: StayRequest, *, error: str = "", status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    is_host = stay.offer.host_id == request.user.pk
    other = stay.traveller if is_host else stay.offer.host
    exact = selectors.exact_location_for(viewer=request.user, offer=stay.offer, today=today)
    return render(
        request,
        "hosting/request_detail.html",
        {
            "stay": stay,
            "is_host": is_host,
            "other": other,
            "exact": exact,
            "contacts": selectors.host_contacts_for(viewer=request.user, person=other)
            if stay.status == StayRequest.Status.ACCEPTED
            else [],
            # The host answers a request, the traveller an invitation.
            "can_answer": (is_host and stay.status == StayRequest.Status.PENDING)
            or (not is_host and stay.status == StayRequest.Status.INVITED),
            # The answering side declines instead; cancelling is for accepted stays and
            # for withdrawing one's own request or invitation.
            "can_cancel": stay.depart > today
            and (
                stay.status == StayRequest.Status.ACCEPTED
                or (not is_host and stay.status == StayRequest.Status.PENDING)
                or (is_host and stay.status == StayRequest.Status.INVITED)
            ),
            "error": error,
        },
        status=status,
    )


@login_required
def request_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _request_page(request, _request_or_404(request, public_id))


@login_required
@require_POST
def request_action(request: HttpRequest, public_id: Any, action: str) -> HttpResponse:
    stay = _request_or_404(request, public_id)
    user = request.user
    try:
        if action == "accept":
            services.stay_request_accept(stay_request=stay, by=user)  # type: ignore[arg-type]
            if stay.traveller_id == user.pk:
                messages.success(request, _("Accepted. The stay is on your trip."))
            else:
                messages.success(request, _("Accepted. You are now connected with the traveller."))
        elif action == "decline":
            services.stay_request_decline(stay_request=stay, by=user)  # type: ignore[arg-type]
            messages.success(request, _("Declined. The other side is told."))
        elif action == "cancel":
            services.stay_request_cancel(stay_request=stay, by=user)  # type: ignore[arg-type]
            messages.success(request, _("Cancelled. The other side is told."))
        else:
            raise Http404
    except ValidationError as exc:
        stay.refresh_from_db()
        return _request_page(request, stay, error=" ".join(exc.messages), status=400)
    return redirect("hosting:request_detail", stay.public_id)


# ---------------------------------------------------------------- spots


@login_required
def spot_create(request: HttpRequest) -> HttpResponse:
    form = SpotForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                spot = services.spot_create(added_by=request.user, data=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Thank you: the spot is on the map."))
                return redirect("hosting:spot_detail", spot.public_id)
        return render(request, "hosting/spot_form.html", _spot_context(form), status=400)
    return render(request, "hosting/spot_form.html", _spot_context(form))


def _spot_context(form: SpotForm) -> dict[str, Any]:
    return {"form": form, "editor_data": {"radius_m": 0}}


def _spot_or_404(request: HttpRequest, public_id: Any) -> Any:
    spot = selectors.spot_for_viewer(viewer=request.user, public_id=public_id)
    if spot is None:
        raise Http404
    return spot


@login_required
def spot_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    spot = _spot_or_404(request, public_id)
    selectors.name_adders_for(viewer=request.user, spots=[spot])
    return render(
        request,
        "hosting/spot_detail.html",
        {"spot": spot, "map_data": {"point": [spot.lat, spot.lon]}},
    )


@login_required
@require_POST
def spot_confirm(request: HttpRequest, public_id: Any) -> HttpResponse:
    spot = _spot_or_404(request, public_id)
    services.spot_confirm(spot=spot, member=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Thank you for confirming it is still there."))
    return redirect("hosting:spot_detail", spot.public_id)


@login_required
@require_POST
def spot_delete(request: HttpRequest, public_id: Any) -> HttpResponse:
    spot = _spot_or_404(request, public_id)
    if spot.added_by_id != request.user.pk:
        raise Http404
    services.spot_delete(spot=spot, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The spot is removed."))
    return redirect("hosting:map")
