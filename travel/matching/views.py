from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from travel.matching import passing, presenters, selectors, services
from travel.matching.forms import PassingThroughForm
from travel.matching.models import Suggestion

# Kinds in the order the trip page shows them.
KIND_ORDER = ["host", "local", "collective", "meetup", "traveller", "spot"]
# How many of each kind a stop shows on the trip page; "show all" opens the rest. A
# 10-stop trip has up to 1,200 suggestions: rendering them all took ~200 ms at 1M stops
# and sent 770 kB of HTML nobody reads at once.
SHOWN_PER_GROUP = 3


@login_required
@require_GET
def trip_suggestions(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """The suggestions of every stop, swapped into the trip page (HTMX out-of-band)."""
    trip = selectors.trip_of_owner(user=request.user, public_id=public_id)
    if trip is None:
        raise Http404
    grouped = presenters.items_for_trip(request.user, trip, per_group=SHOWN_PER_GROUP)
    totals = presenters.group_totals(request.user, trip)
    labels = dict(Suggestion.Kind.choices)
    stops = []
    for stop in trip.stops.select_related("place"):
        kinds = grouped.get(stop.pk, {})
        stops.append(
            {
                "stop": stop,
                "groups": [
                    {
                        "kind": kind,
                        "label": labels[kind],
                        "items": kinds[kind],
                        "total": totals.get((stop.pk, kind), 0),
                    }
                    for kind in KIND_ORDER
                    if kinds.get(kind)
                ],
                # Shown "new" now; a POST from the page marks them seen (stop_seen).
                "has_new": any(
                    item.suggestion.state == Suggestion.State.NEW
                    for items in kinds.values()
                    for item in items
                ),
            }
        )
    return render(
        request,
        "matching/_suggestions.html",
        {"trip": trip, "stops": stops, "pending": selectors.refresh_pending(trip=trip)},
    )


@login_required
@require_GET
def stop_suggestions(
    request: AuthenticatedHttpRequest, public_id: Any, stop_id: Any, kind: str
) -> HttpResponse:
    """Every suggestion of one kind for one stop: the trip page shows the best few of
    each; this is "show all" (a page of its own, or the list alone for HTMX)."""
    trip = selectors.trip_of_owner(user=request.user, public_id=public_id)
    if trip is None or kind not in KIND_ORDER:
        raise Http404
    stop = trip.stops.select_related("place").filter(public_id=stop_id).first()
    if stop is None:
        raise Http404
    grouped = presenters.items_for_trip(request.user, trip, kinds=[kind], stop=stop)
    items = grouped.get(stop.pk, {}).get(kind, [])
    group = {
        "kind": kind,
        "label": dict(Suggestion.Kind.choices)[kind],
        "items": items,
        "total": len(items),
    }
    context = {"trip": trip, "stop": stop, "group": group}
    if request.headers.get("HX-Request"):
        # In place of the group's section on the trip page.
        return render(request, "matching/_group.html", {**context, "heading": True})
    return render(request, "matching/stop_suggestions.html", context)


@login_required
@require_POST
def suggestion_state(request: AuthenticatedHttpRequest, public_id: Any, state: str) -> HttpResponse:
    if state not in (Suggestion.State.DISMISSED, Suggestion.State.SEEN, Suggestion.State.ACTED):
        raise Http404
    suggestion = selectors.suggestion_for_owner(user=request.user, public_id=public_id)
    if suggestion is None:
        raise Http404
    undo = suggestion.state == Suggestion.State.DISMISSED and state == Suggestion.State.SEEN
    services.suggestion_set_state(suggestion=suggestion, state=state)
    if state == Suggestion.State.DISMISSED:
        return render(request, "matching/_dismissed.html", {"suggestion": suggestion})
    if state == Suggestion.State.ACTED:
        # A saved spot joins the stop's plan: say so in place, or go back to the stop.
        if request.headers.get("HX-Request"):
            return HttpResponse(
                format_html('<span class="tag">{}</span>', _("In your plan")), status=200
            )
        return redirect(
            f"{reverse('trips:detail', args=[suggestion.trip.public_id])}"
            f"#stop-{suggestion.stop.public_id}"
        )
    if undo:
        # Undo of a dismissal: the suggestion back in its place (or the trip page).
        stop = suggestion.stop
        grouped = presenters.items_for_trip(
            request.user,
            suggestion.trip,
            kinds=[suggestion.kind],
            stop=stop,
        )
        items = grouped.get(stop.pk, {}).get(suggestion.kind, [])
        item = next((i for i in items if i.suggestion.pk == suggestion.pk), None)
        if item is not None and request.headers.get("HX-Request"):
            return render(
                request,
                "matching/_suggestion_item.html",
                {"item": item, "kind": suggestion.kind, "stop": stop},
            )
        return redirect("trips:detail", suggestion.trip.public_id)
    return HttpResponse(status=204)


@login_required
@require_POST
def stop_seen(request: AuthenticatedHttpRequest, public_id: Any, stop_id: Any) -> HttpResponse:
    """The page showed this stop's suggestions: their "new" badges clear (POST only)."""
    trip = selectors.trip_of_owner(user=request.user, public_id=public_id)
    stop = trip.stops.filter(public_id=stop_id).first() if trip is not None else None
    if trip is None or stop is None:
        raise Http404
    services.suggestions_mark_seen(trip=trip, stop=stop)
    return HttpResponse(status=204)


def _my_meetups_for_invites(request: HttpRequest, form: Any, weeks: Any) -> list[Any]:
    """The viewer's upcoming meet-ups in the searched area and window: each row of
    Passing through can invite its traveller to one of them."""
    if not weeks or not form.is_valid():
        return []
    from travel.matching.trip_actions import my_meetups_near

    data = form.cleaned_data
    return my_meetups_near(
        viewer=request.user,
        place=data["place"],
        radius_km=data["radius_km"],
        start=data["start"],
        end=data["end"],
    )


@login_required
@require_GET
def passing_through(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PassingThroughForm(request.GET or None, initial=PassingThroughForm.initial_data())
    weeks = None
    status = 200
    if request.GET:
        if form.is_valid():
            data = form.cleaned_data
            weeks = passing.passing_through(
                viewer=request.user,
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
        {
            "form": form,
            "weeks": weeks,
            "total": total,
            "peak": peak,
            "names": passing.may_see_travellers(request.user),  # type: ignore[arg-type]
            "invite_meetups": _my_meetups_for_invites(request, form, weeks),
        },
        status=status,
    )
