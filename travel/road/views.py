"""The installable app: its manifest, the offline trip sheet, and the page shown offline
when nothing of the member's is kept."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from accounts.models import User
from travel.road.sheet import sheet_map, sheet_trips

THEME_COLOUR = "#0b6b50"


@require_GET
def web_manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("img/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("img/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    manifest = {
        "id": "/",
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME[:12],
        "description": _("Travel, host and meet: free places to sleep and people to meet."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("dashboard") + "?source=app",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": icons,
        "shortcuts": [{"name": _("Trip sheet"), "url": reverse("road:sheet")}],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@never_cache
@vary_on_cookie
@login_required
@require_GET
def trip_sheet(request: HttpRequest) -> HttpResponse:
    """The member's current and next trips for the road. Never in a shared cache: the
    service worker keeps it in the member's own cache only (P12)."""
    member: User = request.user  # type: ignore[assignment]
    now = timezone.now()
    sheet = sheet_trips(member=member, today=timezone.localdate())
    response = render(
        request,
        "road/sheet.html",
        {"sheet": sheet, "map_points": sheet_map(sheet), "generated": now},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker when a page can't load and no sheet is kept. Holds
    nothing personal: it is precached for everybody."""
    response = render(request, "road/offline.html", {"offline_page": True})
    response["Cache-Control"] = "no-cache"
    return response
