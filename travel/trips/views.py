from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from travel.trips import extensions, services
from travel.trips.calendar import trip_calendar
from travel.trips.forms import (
    TripForm,
    apply_service_errors,
    editor_action,
    initial_stops,
    name_stop_errors,
    quiet,
    stop_formset,
    stop_inputs,
)
from travel.trips.gpx import trip_gpx
from travel.trips.models import MAX_STOPS, PlaceKind, Trip
from travel.trips.selectors import (
    contacts_for_viewer,
    country_centres,
    trip_by_calendar_token,
    trip_for_owner,
    trip_for_viewer,
    trips_of,
)
from travel.trips.timeline import build_timeline


@login_required
@require_GET
def trip_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    trips = list(trips_of(request.user))  # type: ignore[arg-type]
    return render(
        request,
        "trips/list.html",
        {
            "current": [t for t in trips if t.ends is None or t.ends >= today],
            "past": [t for t in trips if t.ends is not None and t.ends < today],
            "today": today,
            "retention_days": settings.PAST_TRIP_RETENTION_DAYS,
        },
    )


def _editor_context(formset: Any) -> dict[str, Any]:
    return {"formset": formset, "max_stops": MAX_STOPS}


def _edit(request: HttpRequest, trip: Trip | None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login_required
    template = "trips/form.html"
    context: dict[str, Any] = {"trip": trip, "general_errors": []}
    status = 200
    if request.method == "POST":
        action = request.POST.get("editor", "")
        if action:
            # Add, remove or move a stop without JavaScript: re-render, save nothing.
            data, focus, message = editor_action(request.POST, action)
            form = quiet(TripForm(data, user=user))
            formset = quiet(stop_formset(data))
            context.update({"focus": focus, "editor_status": message})
        else:
            form = TripForm(request.POST, user=user)
            formset = stop_formset(request.POST)
            form_ok, stops_ok = form.is_valid(), formset.is_valid()
            if not stops_ok:
                name_stop_errors(formset)
            if form_ok and stops_ok:
                inputs, rows = stop_inputs(formset)
                try:
                    if trip is None:
                        trip = services.trip_create(
                            owner=user,
                            stops=inputs,
                            **form.cleaned_data,
                        )
                        messages.success(request, _("Your trip is posted."))
                    else:
                        services.trip_update(trip=trip, fields=form.cleaned_data, stops=inputs)
                        messages.success(request, _("Your trip is saved."))
                    return redirect("trips:detail", trip.public_id)
                except ValidationError as exc:
                    context["general_errors"] = apply_service_errors(
                        exc, form=form, formset=formset, rows=rows
                    )
            status = 400
    else:
        if trip is None:
            form = TripForm(user=user)
            formset = stop_formset(initial=[{"radius_km": 30}])
        else:
            form = TripForm(initial=TripForm.initial_for(trip), user=user)
            formset = stop_formset(initial=initial_stops(trip))
    context.update({"form": form, **_editor_context(formset)})
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def trip_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def trip_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    return _edit(request, trip_for_owner(request.user, public_id))


@login_required
@require_POST
def stop_editor(request: HttpRequest) -> HttpResponse:
    """The stop editor after an action (HTMX partial): the typed data comes back as is."""
    data, focus, message = editor_action(request.POST, request.POST.get("editor", ""))
    formset = quiet(stop_formset(data))
    return render(
        request,
        "trips/_stop_editor_response.html",
        {**_editor_context(formset), "focus": focus, "editor_status": message},
    )


@login_required
@require_GET
def trip_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    trip = trip_for_viewer(request.user, public_id)
    today = timezone.localdate()
    stops = list(trip.stops.all())
    is_owner = trip.owner_id == request.user.pk
    centres = country_centres({s.country_code for s in stops if s.is_country})
    map_stops = []
    for stop in stops:
        point = centres.get(stop.country_code) if stop.is_country else stop.place.point
        map_stops.append(
            {
                "name": stop.display_name,
                "place": stop.place.label,
                "dates": _date_range(stop.arrive, stop.depart),
                "lat": point[0] if point else None,
                "lon": point[1] if point else None,
                "country": stop.is_country,
                "tentative": stop.tentative,
                "radius_km": stop.radius_km,
            }
        )
    plans = extensions.stop_plans(request.user, trip)
    for stop in stops:
        stop.plan = plans.get(stop.pk)  # type: ignore[attr-defined]
    actions = extensions.trip_actions(request.user, trip)
    if actions is not None:
        for stop in stops:
            stop.invite_meetups = actions["meetups"].get(stop.pk, [])  # type: ignore[attr-defined]
    return render(
        request,
        "trips/detail.html",
        {
            "trip": trip,
            "stops": stops,
            "actions": actions,
            "is_owner": is_owner,
            "status": trip.status_on(today),
            "timeline": build_timeline(stops, today=today),
            "map_stops": map_stops,
            "unmapped": [s for s, m in zip(stops, map_stops, strict=True) if m["lat"] is None],
            "country_marked": any(m["country"] and m["lat"] is not None for m in map_stops),
            "needs": [PlaceKind(n).label for n in trip.need_list if n in PlaceKind.values],
            "contacts": contacts_for_viewer(owner=trip.owner, viewer=request.user),  # type: ignore[arg-type]
            "support_link": trip.support_link or trip.owner.support_link,
            "feed_url": request.build_absolute_uri(
                reverse("trips:calendar_feed", args=[trip.calendar_token])
            )
            if is_owner
            else "",
        },
    )


def _date_range(a: date, b: date) -> str:
    if a == b:
        return date_format(a, "MONTH_DAY_FORMAT")
    return f"{date_format(a, 'MONTH_DAY_FORMAT')}–{date_format(b, 'MONTH_DAY_FORMAT')}"


@login_required
@require_http_methods(["GET", "POST"])
def trip_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    trip = trip_for_owner(request.user, public_id)
    if request.method == "POST":
        title = trip.title
        services.trip_delete(trip=trip)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
        return redirect("trips:list")
    return render(request, "trips/confirm_delete.html", {"trip": trip})


def _trip_file(
    trip: Trip, content: str | bytes, *, content_type: str, suffix: str, disposition: str
) -> HttpResponse:
    """A trip as a file (calendar, route): private, never indexed, named after the trip."""
    response = HttpResponse(content, content_type=content_type)
    name = slugify(trip.title) or "trip"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{suffix}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def _ics_response(trip: Trip) -> HttpResponse:
    return _trip_file(
        trip,
        trip_calendar(trip),
        content_type="text/calendar; charset=utf-8",
        suffix="ics",
        disposition="inline",
    )


@login_required
@require_GET
def trip_ical(request: HttpRequest, public_id: str) -> HttpResponse:
    return _ics_response(trip_for_viewer(request.user, public_id))


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's private subscription feed: the secret token in the URL is the key."""
    return _ics_response(trip_by_calendar_token(token))


@login_required
@require_POST
def calendar_reset(request: HttpRequest, public_id: str) -> HttpResponse:
    trip = trip_for_owner(request.user, public_id)
    services.trip_calendar_token_reset(trip=trip)
    messages.success(
        request,
        _("Your calendar link is new. Calendars subscribed to the old link no longer update."),
    )
    return redirect(f"{trip.get_absolute_url()}#calendar")


@login_required
@require_GET
def trip_route_gpx(request: HttpRequest, public_id: str) -> HttpResponse:
    """The route as GPX, visible as the trip is: a hidden trip is the same 404 as none."""
    trip = trip_for_viewer(request.user, public_id)
    return _trip_file(
        trip,
        trip_gpx(trip),
        content_type="application/gpx+xml; charset=utf-8",
        suffix="gpx",
        disposition="attachment",
    )
