from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from travel.places.api import reader_country
from travel.places.selectors import MAX_QUERY_LENGTH, places_search
from travel.places.street import MAX_ADDRESS_LENGTH, street_request, street_results

_KINDS = {"city", "town", "region", "country"}


@require_GET
def place_options(request: HttpRequest) -> HttpResponse:
    """The place picker's options (HTMX partial): a listbox of matching places."""
    # The picker's text box sends itself as "<field>__text"; other callers send "q".
    texts = [v for k, v in request.GET.items() if k == "q" or k.endswith("__text")]
    q = str(texts[0] if texts else "")[:MAX_QUERY_LENGTH]
    kinds = [k for k in request.GET.get("kind", "").split(",") if k in _KINDS] or None
    field = request.GET.get("field", "place")
    places = (
        places_search(q=q, kind=kinds, limit=8, country=reader_country(request))
        if q.strip()
        else []
    )
    return render(
        request,
        "places/_options.html",
        {
            "places": places,
            "q": q,
            "field": "".join(c for c in field if c.isalnum() or c in "-_")[:60],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def street(request: HttpRequest) -> HttpResponse:
    """Look up the street address the member typed (offer editor, POST), if the
    operator turned the street geocoder on; GET ?token= polls for the answer. Only this
    text, at this member's request, is sent."""
    if not settings.STREET_GEOCODER:
        raise Http404
    if request.method == "GET":
        return _street(request, str(request.GET.get("token", ""))[:64])
    query = (request.POST.get("address") or "").strip()
    if not query or len(query) > MAX_ADDRESS_LENGTH:
        return HttpResponse(
            _("Type the street address to look up, at most %(max)s characters.")
            % {"max": MAX_ADDRESS_LENGTH},
            status=400,
        )
    token = street_request(query=query, country_code=request.POST.get("country", ""))
    return _street(request, token)


def _street(request: HttpRequest, token: str) -> HttpResponse:
    results = street_results(token=token)
    return render(
        request,
        "places/_street.html",
        {"token": token, "pending": results is None, "results": results or []},
    )
