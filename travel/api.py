"""The JSON API root: authentication, error format, and each app's router.

Errors are always JSON `{"message": …, "field": …, "errors": [{"field", "message"}]}`
with a 4xx status: a person (or a script) can act on them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer, SessionAuth

from accounts.models import ApiToken
from travel.errors import RETRY_AFTER_SECONDS, database_unavailable

log = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=ApiToken.hash(token), user__is_active=True)
            .first()
        )
        if row is None or row.user.is_suspended:
            return None
        now = timezone.now()
        if row.last_used is None or (now - row.last_used).total_seconds() > 300:
            ApiToken.objects.filter(pk=row.pk).update(last_used=now)
        request.user = row.user
        return row.user


class MemberSession(SessionAuth):
    """Session auth for members who are not suspended (CSRF checked on writes).

    Without a signed-in session there is nothing to forge: skip the CSRF check so an
    anonymous write answers 401 "sign in", like an anonymous read, not 403 "CSRF".
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and getattr(user, "is_suspended", False):
            return None
        return user


ERROR_SCHEMA = {
    "type": "object",
    "title": "Error",
    "description": "Every error: a message a person can act on, and the field it concerns.",
    "properties": {
        "message": {"type": "string"},
        "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "message": {"type": "string"},
                },
                "required": ["field", "message"],
            },
        },
    },
    "required": ["message", "field", "errors"],
}
ERRORS = {
    "400": "The input breaks a rule (a date in the past, an unknown topic…), or the body "
    "is not a JSON object.",
    "401": "Not signed in: send a session cookie or `Authorization: Bearer <token>`.",
    "403": "Signed in, but not allowed (or a session write without its CSRF token).",
    "404": "No such thing, or not shared with you: the two answer alike.",
    "409": "Conflicts with the current state (full, already answered…).",
    "413": "The body is too big.",
    "422": "The input does not match this schema; `field` names the part.",
    "429": "Too many requests for now; `Retry-After` says when to try again.",
    "500": "Our fault, logged; the body carries no details.",
    "503": "Briefly unavailable (maintenance); `Retry-After` says when to try again.",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}


def _document_errors(schema: dict[str, Any]) -> None:
    """Every operation declares the errors it can answer, all with the Error schema."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in ERRORS.items():
                if status == "413" and method not in ("post", "put", "patch"):
                    continue
                key = str(status)
                if key in responses:
                    responses[key].setdefault("content", ref)
                    continue
                responses[key] = {"description": description, "content": ref}
                if key in ("429", "503"):
                    responses[key]["headers"] = RETRY_AFTER


def _link_created_to_reads(schema: dict[str, Any]) -> None:
    """OpenAPI links from each create (201 with an `id`) to the operations on the new
    thing's path, so stateful testing (and readers) follow create -> read/change."""
    paths = schema["paths"]
    for path, operations in paths.items():
        post = operations.get("post")
        created = post and (post["responses"].get("201") or post["responses"].get(201))
        if not created:
            continue
        links = {}
        for other, other_ops in paths.items():
            rest = other[len(path) :]
            if not other.startswith(path + "/{") or rest.count("{") != 1:
                continue
            param = rest[2 : rest.index("}")]
            for method, operation in other_ops.items():
                links[f"{method}_{param}_{operation['operationId']}"[:60]] = {
                    "operationId": operation["operationId"],
                    "parameters": {param: "$response.body#/id"},
                }
        if links:
            created["links"] = links


class VendoredSwagger(Swagger):
    """Swagger UI from static/vendor/swagger-ui (npm swagger-ui-dist), started by
    static/js/api-docs.js: no CDN and no inline script, so it runs under our CSP."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api}
        return render(request, "api/docs.html", context)


class StopoverAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        _document_errors(schema)
        _link_created_to_reads(schema)
        return schema


api = StopoverAPI(
    title="Stopover API",
    version="1",
    description="Trips, hosting, meet-ups and suggestions. Authenticate with a session or "
    "`Authorization: Bearer <personal token>` (create one in Settings).",
    auth=[BearerToken(), MemberSession()],
    urls_namespace="api",
    docs=VendoredSwagger(),
)


def error_response(
    request: HttpRequest, status: int, message: str, errors: list[dict] | None = None
) -> HttpResponse:
    errors = errors or []
    body = {"message": message, "field": errors[0]["field"] if errors else None, "errors": errors}
    return api.create_response(request, body, status=status)


def _django_errors(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if field == "__all__" else field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": str(m)} for m in exc.messages]


# A ValidationError whose errors carry this code answers 409 Conflict (the input is
# fine, the state is not: a full meet-up), so routers need not import this module.
CONFLICT = "conflict"


def _is_conflict(exc: ValidationError) -> bool:
    found = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return any(error.code == CONFLICT for errors in found for error in errors)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = _django_errors(exc)
    return error_response(
        request,
        409 if _is_conflict(exc) else 400,
        errors[0]["message"] if errors else _("Invalid input."),
        errors,
    )


@api.exception_handler(SchemaValidationError)
def on_schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", [])]
        # ("body", "payload", "stops", 0, "label") -> "stops.0.label"
        if loc and loc[0] in ("body", "query", "path", "header", "cookie"):
            loc = loc[1:]
            if loc and loc[0] == "payload":
                loc = loc[1:]
        errors.append(
            {"field": ".".join(loc) or None, "message": error.get("msg", _("Invalid value."))}
        )
    first = errors[0] if errors else {"field": None, "message": _("Invalid input.")}
    message = f"{first['field']}: {first['message']}" if first["field"] else str(first["message"])
    return error_response(request, 422, message, errors)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or _("You may not do that."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, _("Sign in or send a personal API token."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug or an outage: logged with its traceback, answered as JSON without it."""
    if database_unavailable(exc):
        log.warning("database unavailable: %s %s answered 503", request.method, request.path)
        response = error_response(
            request, 503, _("The site is briefly unavailable. Please try again in a moment.")
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    log.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(
        request, 500, _("Something went wrong on our side. It has been logged; please try again.")
    )


def _mount() -> None:
    from accounts.api import blocks_router
    from accounts.api import router as me
    from travel.collectives.api import router as collectives
    from travel.federation.import_api import router as trip_import
    from travel.hosting.api import router as hosting
    from travel.matching.api import router as matching
    from travel.meetups.api import router as meetups
    from travel.messaging.api import router as messaging
    from travel.notifications.api import router as notifications
    from travel.places.api import router as places
    from travel.trips.api import router as trips

    api.add_router("/places", places)
    api.add_router("/me", me)
    api.add_router("/blocks", blocks_router)
    api.add_router("/trips/import", trip_import)  # before /trips/{id}, which would take it
    api.add_router("/trips", trips)
    api.add_router("/meetups", meetups)
    api.add_router("/collectives", collectives)
    api.add_router("", hosting)
    api.add_router("", messaging)
    api.add_router("", matching)
    api.add_router("", notifications)


_mount()
