"""A request whose user is a signed-in member: for views behind @login_required and API
handlers behind the member auth, so `request.user` is a User to the type checker."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User  # narrowed from User | AnonymousUser: only members get here
