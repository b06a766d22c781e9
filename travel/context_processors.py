from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }


def badges(request: HttpRequest) -> dict:
    """The navigation's unread counts, read (one query) only if a page shows them."""
    from travel.notifications.selectors import badge_counts

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"badges": SimpleLazyObject(lambda: badge_counts(user=user))}
