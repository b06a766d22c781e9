"""The 500 handler: a database that is away is a 503 "back soon", not a crash.

When PostgreSQL restarts, requests in between fail with OperationalError or
InterfaceError (raised in a view or in a middleware that touches the session). Django
hands every uncaught exception to `handler500`; this one answers those with a friendly,
translated 503 page and a Retry-After header, without touching the database (no
session, no user). Health checks on the connection (CONN_HEALTH_CHECKS) reconnect on
the next request once PostgreSQL is back. Anything else is the usual 500.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 10


def database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _crash_page(request: HttpRequest) -> HttpResponse:
    """500 in the site's layout; rendered without the request, whose session or user
    may be what broke (the page shows as for a visitor)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "message": _(
                    "Something went wrong on our side. It has been logged; please try again."
                ),
                "field": None,
                "errors": [],
            },
            status=500,
        )
    try:
        body = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    except Exception:  # the layout itself is broken: Django's plain page
        log.exception("the 500 page could not be rendered")
        return default_server_error(request)
    return HttpResponse(body, status=500)


def server_error(request: HttpRequest) -> HttpResponse:
    if not database_unavailable(sys.exc_info()[1]):
        return _crash_page(request)
    log.warning("database unavailable: %s %s answered 503", request.method, request.path)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"message": _("The site is briefly unavailable. Please try again in a moment.")},
            status=503,
        )
    else:
        # Rendered without the request: context processors would reach for the session.
        template = loader.get_template("503.html")
        response = HttpResponse(
            template.render({"retry_after": RETRY_AFTER_SECONDS, "site_name": settings.SITE_NAME}),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
