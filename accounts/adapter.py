from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """The client address for rate limits, trusting only our own proxies.

        With TRUSTED_PROXY_COUNT = n, the n-th address from the right of X-Forwarded-For
        is the one our outermost proxy saw; anything left of it is client-supplied and
        could be spoofed to reset a rate limit, so it is ignored.
        """
        count = settings.TRUSTED_PROXY_COUNT
        remote = request.META.get("REMOTE_ADDR", "")
        if count <= 0:
            return remote
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
        return remote
