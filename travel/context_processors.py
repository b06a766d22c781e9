from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SOURCE_URL": settings.SOURCE_URL,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "SHEET_KEY": SimpleLazyObject(lambda: sheet_key(request)),
    }


def sheet_key(request: HttpRequest) -> str:
    """An opaque name for the signed-in member's offline cache (P12): pages carry it, so
    the site's script can drop any sheet kept for somebody else on this browser."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac("stopover.offline-sheet", str(user.pk)).hexdigest()[:24]
