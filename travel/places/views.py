from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from travel.places.selectors import MAX_QUERY_LENGTH, places_search


@require_GET
def place_options(request: HttpRequest) -> HttpResponse:
    """The place picker's options (HTMX partial): a listbox of matching places."""
    # The picker's text box sends itself as "<field>__text"; other callers send "q".
    texts = [v for k, v in request.GET.items() if k == "q" or k.endswith("__text")]
    q = str(texts[0] if texts else "")[:MAX_QUERY_LENGTH]
    kind = request.GET.get("kind") if request.GET.get("kind") in ("city", "country") else None
    field = request.GET.get("field", "place")
    places = places_search(q=q, kind=kind, limit=8) if q.strip() else []
    return render(
        request,
        "places/_options.html",
        {
            "places": places,
            "q": q,
            "field": "".join(c for c in field if c.isalnum() or c in "-_")[:60],
        },
    )
