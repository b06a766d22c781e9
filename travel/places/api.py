from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from travel import bounds
from travel.places.schemas import PlaceOut
from travel.places.selectors import MAX_QUERY_LENGTH, places_search

router = Router(tags=["places"])


@router.get("", response=list[PlaceOut], auth=None, summary="Search places by any name")
def search_places(
    request: HttpRequest, q: str = "", kind: str | None = None, limit: bounds.QueryCount = 10
) -> list:
    """Cities and countries whose name, in any language written in Latin letters, starts
    with `q` (accents and case ignored: "Goteborg", "København", "Tromso")."""
    if not q.strip():
        raise HttpError(400, _("Type at least one letter of a place name (q)."))
    if len(q) > MAX_QUERY_LENGTH:
        raise HttpError(400, _("The search text (q) is too long."))
    if kind not in (None, "", "city", "country"):
        raise HttpError(400, _("kind must be city or country."))
    return places_search(q=q, kind=kind or None, limit=max(1, min(limit, 25)))
