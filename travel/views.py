from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from travel import public_stats


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html", {"stats": public_stats.collect()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard.html", {"panels": public_stats.dashboard_panels(request)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker from the site's root, so that its scope is the whole site."""
    found = finders.find("sw/sw.js")
    if not found:
        raise Http404
    with open(found, encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (cookie, redirect); a signed-in member's pick is also
    remembered, so their emails are written in it (travel/outbox `queue_email`)."""
    from django.views.i18n import set_language as django_set_language

    from accounts.services import member_language_set

    response = django_set_language(request)
    user = request.user
    if request.method == "POST" and user.is_authenticated:
        member_language_set(user=user, language=request.POST.get("language", ""))
    return response


@require_GET
def guidelines(request: HttpRequest) -> HttpResponse:
    """The community guidelines everyone accepts at sign-up (public)."""
    return render(request, "guidelines.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What is stored, who sees it, when it is deleted: in plain words (public)."""
    from django.conf import settings

    return render(request, "privacy.html", {"retention_days": settings.PAST_TRIP_RETENTION_DAYS})
