from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from travel.places.api import reader_country
from travel.places.selectors import MAX_QUERY_LENGTH, places_search

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
