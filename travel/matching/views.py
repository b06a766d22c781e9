from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from travel.matching import passing, presenters, selectors, services
from travel.matching.forms import PassingThroughForm
from travel.matching.models import Notification, Suggestion

# Kinds in the order the trip page shows them.
KIND_ORDER = ["host", "local", "collective", "meetup", "traveller", "spot"]


@login_required
@require_GET
def trip_suggestions(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The suggestions of every stop, swapped into the trip page (HTMX out-of-band)."""
    trip = selectors.trip_of_owner(user=request.user, public_id=public_id)  # type: ignore[arg-type]
    if trip is None:
        raise Http404
    grouped = presenters.items_for_trip(request.user, trip)  # type: ignore[arg-type]
    labels = dict(Suggestion.Kind.choices)
    stops = []
    for stop in trip.stops.select_related("place"):
        kinds = grouped.get(stop.pk, {})
        stops.append(
            {
                "stop": stop,
                "groups": [
                    {"kind": kind, "label": labels[kind], "items": kinds[kind]}
                    for kind in KIND_ORDER
                    if kinds.get(kind)
                ],
            }
        )
    return render(
        request,
        "matching/_suggestions.html",
        {"trip": trip, "stops": stops, "pending": selectors.refresh_pending(trip=trip)},
    )


@login_required
@require_POST
def suggestion_state(request: HttpRequest, public_id: Any, state: str) -> HttpResponse:
    if state not in (Suggestion.State.DISMISSED, Suggestion.State.SEEN, Suggestion.State.ACTED):
        raise Http404
    suggestion = selectors.suggestion_for_owner(user=request.user, public_id=public_id)  # type: ignore[arg-type]
    if suggestion is None:
        raise Http404
    services.suggestion_set_state(suggestion=suggestion, state=state)
    if state == Suggestion.State.DISMISSED:
        return render(request, "matching/_dismissed.html", {"suggestion": suggestion})
    return HttpResponse(status=204)


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    rows = selectors.notifications_of(user=request.user)  # type: ignore[arg-type]
    unread = [n.pk for n in rows if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(
        request, "matching/notifications.html", {"notifications": rows, "unread": set(unread)}
    )


@login_required
@require_GET
def passing_through(request: HttpRequest) -> HttpResponse:
    form = PassingThroughForm(request.GET or None, initial=PassingThroughForm.initial_data())
    weeks = None
    status = 200
    if request.GET:
        if form.is_valid():
            data = form.cleaned_data
            weeks = passing.passing_through(
                viewer=request.user,  # type: ignore[arg-type]
                place=data["place"],
                radius_km=data["radius_km"],
                start=data["start"],
                end=data["end"],
                topics=list(data["topics"]),
            )
        else:
            status = 400
    total = len(set().union(*(week.traveller_ids for week in weeks))) if weeks else 0
    peak = max((week.count for week in weeks), default=0) if weeks else 0
    return render(
        request,
        "matching/passing_through.html",
        {"form": form, "weeks": weeks, "total": total, "peak": peak},
        status=status,
    )
