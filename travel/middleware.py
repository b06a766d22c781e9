from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


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
