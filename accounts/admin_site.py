"""The admin site, open only to staff who sign in with a second factor.

Enabled in settings by "accounts.admin_apps.StopoverAdminConfig" in place of
"django.contrib.admin" (every `admin.register` keeps working).
Sign-in goes through allauth (its rate limits and MFA step), never the admin's own form.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Recovery codes alone are not a second factor.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


# Where allauth records how this session authenticated (password, mfa, …).
AUTHENTICATION_METHODS_SESSION_KEY = "account_authentication_methods"


def has_second_factor(user: Any) -> bool:
    return bool(user.is_authenticated) and is_mfa_enabled(user, types=SECOND_FACTORS)


def session_used_second_factor(request: HttpRequest) -> bool:
    """This session passed a second factor (TOTP, a security key or a passkey)."""
    methods = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return any(isinstance(m, dict) and m.get("method") == "mfa" for m in methods)


class MfaAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Stopover moderation")
    site_title = gettext_lazy("Stopover admin")
    index_title = gettext_lazy("Reports, held messages and members")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            super().has_permission(request)
            and not getattr(user, "is_suspended", False)
            and has_second_factor(user)
            and session_used_second_factor(request)
        )

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:  # type: ignore[override]
        user = request.user
        if user.is_authenticated:
            if user.is_active and user.is_staff and not has_second_factor(user):
                messages.warning(
                    request,
                    _("The admin needs two-factor authentication. Set it up, then sign in again."),
                )
                return redirect("mfa_index")
            if not (user.is_active and user.is_staff) or getattr(user, "is_suspended", False):
                raise PermissionDenied
            # Signed in before setting up the second factor: sign in again with it.
            messages.info(request, _("Sign in again with your second factor to open the admin."))
            logout(request)
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, login_url=reverse("account_login"))
