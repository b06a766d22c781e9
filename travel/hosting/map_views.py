"""Find a host on the map. The page and its JSON results share one search
(`travel.hosting.search`), so the list under the map and the map always agree."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import User
from travel.hosting.forms import NearForm
from travel.hosting.models import FUZZ_RADIUS_M
from travel.hosting.search import (
    MAX_CORRIDOR_KM,
    Corridor,
    HostResults,
    HostSearch,
    SearchError,
    parse_host_search,
    search_hosts,
)
from travel.places.geo import distance_km, shown_km
from travel.places.models import Place
from travel.places.selectors import place_get
from travel.trips.models import PlaceKind
from travel.trips.selectors import country_centres, trip_for_viewer, trips_of

# Without a box from the map (no JavaScript), a chosen city's surroundings.
AROUND_PLACE_DEGREES = 0.3
DEFAULT_CORRIDOR_KM = 20


def _legs(user: User) -> list[dict[str, Any]]:
    """The legs of the member's trips not over yet, for "along my route"."""
    today = timezone.localdate()
    legs = []
    for trip in trips_of(user).filter(ends__gte=today)[:5]:
        stops = list(trip.stops.all())
        for index, (a, b) in enumerate(pairwise(stops)):
            legs.append(
                {
                    "value": f"{trip.public_id}:{index}",
                    "label": f"{trip.title}: {a.display_name} → {b.display_name}",
                }
            )
    return legs


def _corridor(request: HttpRequest) -> Corridor | None:
    """?leg=<trip id>:<n>&within_km=<km>: the leg from stop n to stop n+1 of a trip the
    member may see (a hidden trip is the same error as a missing one)."""
    text = (request.GET.get("leg") or "").strip()
    if not text:
        return None
    trip_id, _sep, number = text.partition(":")
    if not number.isdigit():
        raise SearchError("leg", _("Choose a leg of one of your trips."))
    try:
        trip = trip_for_viewer(request.user, trip_id)
    except Http404:  # missing, hidden or blocked: one answer for all
        raise SearchError("leg", _("Choose a leg of one of your trips.")) from None
    stops = list(trip.stops.all())
    index = int(number)
    if index + 1 >= len(stops):
        raise SearchError("leg", _("Choose a leg of one of your trips."))
    centres = country_centres({s.country_code for s in stops if s.is_country})
    a, b = (
        centres.get(s.country_code) if s.is_country else s.place.point
        for s in stops[index : index + 2]
    )
    if not a or not b:
        raise SearchError("leg", _("This leg has a stop without a point on the map."))
    km_text = (request.GET.get("within_km") or str(DEFAULT_CORRIDOR_KM)).strip()
    if not km_text.isdigit() or not 1 <= int(km_text) <= MAX_CORRIDOR_KM:
        raise SearchError(
            "within_km",
            _("Distance from the route: a whole number of km from 1 to %(n)s.")
            % {"n": MAX_CORRIDOR_KM},
        )
    return Corridor(a=a, b=b, km=float(km_text))


def _query(request: HttpRequest) -> HostSearch:
    return parse_host_search(request.GET, today=timezone.localdate(), corridor=_corridor(request))


def _points(results: HostResults) -> dict[str, list[dict[str, Any]]]:
    return {
        "offers": [
            {
                "id": str(o.public_id),
                "title": o.title,
                "city": o.place.name,
                "lat": o.public_lat,
                "lon": o.public_lon,
                "fuzz_radius_m": FUZZ_RADIUS_M,
                "url": reverse("hosting:offer_detail", args=[o.public_id]),
            }
            for o in results.offers
        ],
        "spots": [
            {
                "id": str(s.public_id),
                "name": s.name,
                "lat": s.lat,
                "lon": s.lon,
                "url": reverse("hosting:spot_detail", args=[s.public_id]),
            }
            for s in results.spots
        ],
    }


def _with_distances(results: HostResults, place: Place | None) -> HostResults:
    """Each result's distance from the chosen city in whole km (P2: from public points)."""
    origin = place.point if place is not None else None

    def away(point: tuple[float, float]) -> int | None:
        return shown_km(distance_km(origin, point)) if origin else None

    for offer in results.offers:
        offer.km_away = away(offer.public_point)  # type: ignore[attr-defined]
    for spot in results.spots:
        spot.km_away = away((spot.lat, spot.lon))  # type: ignore[attr-defined]
    return results


def _place(request: HttpRequest) -> Place | None:
    text = (request.GET.get("place") or "").strip()
    return place_get(place_id=int(text)) if text.isdigit() else None


def _error(exc: SearchError) -> JsonResponse:
    return JsonResponse(
        {"message": exc.message, "field": exc.field, "errors": {exc.field: [exc.message]}},
        status=400,
    )


@login_required
@require_GET
def map_results(request: HttpRequest) -> JsonResponse:
    """The map's search as JSON: the points for the map and the list's HTML, both made
    from the same results."""
    try:
        query = _query(request)
    except SearchError as exc:
        return _error(exc)
    results = _with_distances(search_hosts(viewer=request.user, query=query), _place(request))
    html = render_to_string(
        "hosting/_map_results.html", {"results": results, "query": query}, request=request
    )
    box = query.bbox
    return JsonResponse(
        {
            **_points(results),
            "truncated": results.truncated,
            "bbox": [box.min_lon, box.min_lat, box.max_lon, box.max_lat],
            "html": html,
        }
    )


@login_required
@require_GET
def offers_map(request: HttpRequest) -> HttpResponse:
    """The map page; without JavaScript the filters and a city still give the list."""
    form = NearForm(request.GET or None)
    place = form.cleaned_data.get("place") if form.is_valid() else None
    if place is None and not request.GET:
        place = getattr(request.user, "home_place", None)
        if place is not None:
            form = NearForm(initial={"place": place})
    params = request.GET.copy()
    if params.getlist("kind"):  # the form's checkboxes, without JavaScript
        params["kinds"] = ",".join(params.getlist("kind"))
    if not params.get("bbox") and place is not None and place.lat is not None:
        d = AROUND_PLACE_DEGREES
        params["bbox"] = f"{place.lon - d},{place.lat - d},{place.lon + d},{place.lat + d}"
    results = None
    error = None
    query = None
    if params.get("bbox") or params.get("leg"):
        request.GET = params  # type: ignore[assignment]
        try:
            query = _query(request)
        except SearchError as exc:
            error = exc
        else:
            results = _with_distances(search_hosts(viewer=request.user, query=query), place)
    center = [place.lat, place.lon] if place is not None and place.lat is not None else None
    return render(
        request,
        "hosting/map.html",
        {
            "form": form,
            "place": place,
            "results": results,
            "query": query,
            "error": error,
            "kinds": PlaceKind.choices,
            "chosen_kinds": [k for k in params.get("kinds", "").split(",") if k],
            "legs": _legs(request.user),  # type: ignore[arg-type]
            "params": params,
            "map_data": {"center": center, "results": reverse("hosting:map_results")},
        },
        status=400 if error else 200,
    )
