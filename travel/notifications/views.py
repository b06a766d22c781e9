"""The notifications page, the navigation's badges, settings and one-click email links.

Reading marks read only through a POST (a prefetching mail client or browser must not
mark anything read); the badges are polled by HTMX, one query each poll.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from travel.notifications import selectors, services
from travel.notifications.kinds import EMAIL_CHOICES, PREFERENCES
from travel.notifications.models import Recipient


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    days = selectors.notifications_by_day(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "notifications/index.html",
        {"days": days, "any_unread": any(n.read_at is None for _d, rows in days for n in rows)},
    )


@login_required
@require_POST
def open_notification(request: HttpRequest, public_id: str) -> HttpResponse:
    """Mark read and go where it points (only ever within the site)."""
    row = services.notification_mark_read(user=request.user, public_id=public_id)  # type: ignore[arg-type]
    if row.link and url_has_allowed_host_and_scheme(row.link, allowed_hosts=None):
        return redirect(row.link)
    return redirect("notifications:index")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)  # type: ignore[arg-type]
    if request.htmx:  # type: ignore[attr-defined]
        return badges(request)
    return redirect("notifications:index")


@require_GET
def badges(request: HttpRequest) -> HttpResponse:
    """The badges, swapped out of band into the navigation (polled)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    counts = selectors.badge_counts(user=request.user)  # type: ignore[arg-type]
    response = render(request, "notifications/_badges.html", {"badges": counts})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {}
        for kind in PREFERENCES:
            values[kind] = {
                "email": request.POST.get(f"{kind}-email", ""),
                "push": request.POST.get(f"{kind}-push") == "on",
            }
        unknown = [k.split("-")[0] for k in request.POST if k.endswith(("-email", "-push"))]
        unknown = [k for k in unknown if k not in PREFERENCES]
        try:
            if unknown:
                raise ValidationError(
                    {"kind": _("Unknown notification kind: %(kind)s") % {"kind": unknown[0]}}
                )
            services.preferences_set(user=user, values=values)  # type: ignore[arg-type]
            services.recipient_set(
                user=user,  # type: ignore[arg-type]
                language=request.POST.get("language") or get_language(),
                previews=request.POST.get("previews") == "on",
            )
        except ValidationError as exc:
            errors = {field: " ".join(msgs) for field, msgs in exc.message_dict.items()}
        else:
            messages.success(request, _("Notification settings saved."))
            return redirect("notifications:settings")
    recipient = Recipient.objects.filter(user_id=user.pk).first()
    response = render(
        request,
        "notifications/settings.html",
        {
            "table": selectors.preferences_table(user=user),  # type: ignore[arg-type]
            "email_choices": EMAIL_CHOICES,
            "language": getattr(user, "language", "") or get_language(),
            "previews": recipient.previews if recipient else False,
            "devices": selectors.push_devices_of(user=user),  # type: ignore[arg-type]
            "vapid_public_key": settings.VAPID_PUBLIC_KEY,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
    return response


@login_required
@require_POST
def device_remove(request: HttpRequest, public_id: str) -> HttpResponse:
    services.push_unsubscribe(user=request.user, public_id=public_id)  # type: ignore[arg-type]
    messages.success(request, _("This device will get no more pushes."))
    return redirect("notifications:settings")


@csrf_exempt  # RFC 8058: the mail client POSTs with no session; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link of every email: a GET shows what it would change (so a link
    scanner changes nothing), the POST changes it."""
    _user, kind = services.unsubscribe_read(token)
    label = PREFERENCES[kind].label if kind in PREFERENCES else _("Daily digest")
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") not in (None, "One-Click"):
            return HttpResponseBadRequest()
        services.unsubscribe(token=token)
        return render(request, "notifications/unsubscribed.html", {"label": label, "done": True})
    return render(request, "notifications/unsubscribed.html", {"label": label, "done": False})
