import json
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from travel import texts


class PrivatePagesMiddleware:
    """Pages for signed-in members must not be kept by browsers or shared caches.

    A shared computer's back button or a proxy cache must never show someone's trips or
    messages. Also sets Permissions-Policy, which Django has no setting for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


API_PREFIX = "/api/"
MAX_QUERY_VALUE = 1000
# Seconds a client should wait after a 429 when the view did not say (the
# new-conversation quota counts by the hour).
DEFAULT_RETRY_AFTER = 3600
_KEEP_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _api_error(status: int, message: str, field: str | None = None) -> JsonResponse:
    errors = [{"field": field, "message": message}] if field or message else []
    return JsonResponse({"message": message, "field": field, "errors": errors}, status=status)


def _status_message(status: int) -> str:
    messages = {
        400: _("The request could not be read."),
        401: _("Sign in or send a personal API token."),
        403: _("You may not do that."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request body is too big."),
        429: _("Too many requests: please wait before trying again."),
    }
    if status in messages:
        return str(messages[status])
    if status >= 500:
        return str(_("Something went wrong on our side. It has been logged; please try again."))
    return str(_("The request could not be handled."))


class ApiErrorsMiddleware:
    """Every answer under /api/ is JSON, whatever went wrong and whatever DEBUG says.

    Before the view: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, a body that is
    not a JSON object a 400, and a query value with a control character (which
    PostgreSQL cannot compare) or over 1,000 characters a 400 naming the parameter.
    After it: an error page Django or a library made in HTML (unknown path, wrong
    method, an uncaught exception, DEBUG's technical pages) becomes the documented
    `{"message", "field", "errors"}` with the same status and no traceback; a 429
    always says when to come back (Retry-After).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        refused = self._refuse(request)
        response = refused or self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            converted = _api_error(response.status_code, _status_message(response.status_code))
            for header in _KEEP_HEADERS:
                if header in response:
                    converted[header] = response[header]
            response = converted
        if response.status_code == 429 and "Retry-After" not in response:
            response["Retry-After"] = str(DEFAULT_RETRY_AFTER)
        return response

    def _refuse(self, request: HttpRequest) -> HttpResponse | None:
        for key, values in request.GET.lists():
            for value in values:
                why = texts.problem(value) or texts.problem(key)
                if why is None and len(value) > MAX_QUERY_VALUE:
                    why = str(_("At most %(n)d characters.") % {"n": MAX_QUERY_VALUE})
                if why is not None:
                    return _api_error(400, f"{key}: {why}", key)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _api_error(400, _status_message(400))
        if limit is not None and length > limit:
            return self._too_big(limit)
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        try:
            body = request.body
        except RequestDataTooBig:
            return self._too_big(limit or 0)
        if not body.strip() or not (request.content_type or "").endswith("json"):
            return None
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            return _api_error(400, str(_("The body is not valid JSON: %(why)s.") % {"why": exc}))
        if not isinstance(data, dict):
            return _api_error(400, str(_("The body must be a JSON object {…}.")))
        return None

    @staticmethod
    def _too_big(limit: int) -> HttpResponse:
        return _api_error(
            413,
            str(
                _("The request body is too big: at most %(n)s MB.")
                % {"n": round(limit / 1_000_000, 1)}
            ),
        )
