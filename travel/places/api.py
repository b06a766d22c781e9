from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from travel import bounds
from travel.places.models import Place
from travel.places.schemas import PlaceOut
from travel.places.selectors import MAX_QUERY_LENGTH, places_search

router = Router(tags=["places"])
KINDS = ("town", "city", "region", "country")


def place_out(place: Place) -> dict:
    region = place if place.kind == Place.Kind.REGION else place.region
    return {
        "id": place.pk,
        "name": place.display_name,
        "label": place.label,
        "kind": place.api_kind,
        "region": (
            {"id": region.pk, "name": region.display_name, "code": region.code} if region else None
        ),
        "country": {"code": place.country_code, "name": place.country_display_name},
        "country_code": place.country_code,
        "lat": place.lat,
        "lon": place.lon,
        "population": place.population,
        "timezone": place.timezone,
        "extent": place.extent,
    }


def reader_country(request: HttpRequest) -> str | None:
    """The signed-in reader's home country: the tie-break of a search."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "home_place_id", None):
        return None
    return (
        Place.objects.filter(pk=user.home_place_id).values_list("country_code", flat=True).first()
    )


@router.get("", response=list[PlaceOut], auth=None, summary="Search places by any name")
def search_places(
    request: HttpRequest, q: str = "", kind: str | None = None, limit: bounds.QueryCount = 10
) -> list:
    """Towns, regions and countries with any name, in any of our languages, equal to or
    starting with `q` (accents and case ignored: "Goteborg", "København", "Scania").
    `kind`: town, region or country, or several separated by commas."""
    if not q.strip():
        raise ValidationError({"q": _("Type at least one letter of a place name.")})
    if len(q) > MAX_QUERY_LENGTH:
        raise ValidationError(
            {
                "q": _("The search text is too long: at most %(max)s characters.")
                % {"max": MAX_QUERY_LENGTH}
            }
        )
    kinds = [k.strip() for k in (kind or "").split(",") if k.strip()]
    if any(k not in KINDS for k in kinds):
        raise ValidationError({"kind": _("kind must be town, region or country.")})
    found = places_search(
        q=q,
        kind=kinds or None,
        limit=max(1, min(limit, 25)),
        country=reader_country(request),
    )
    return [place_out(p) for p in found]
