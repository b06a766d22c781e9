"""What a contact address looks like for each kind of channel (P6).

`contact_value_clean(kind, value)` returns the address as stored, or raises a
ValidationError keyed by "value" with a message a person can act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.models import ContactChannel

MAX_CONTACT_LENGTH = 200
MAX_CONTACTS = 20

_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}(?::\d{1,5})?"
# Matrix user ids: @localpart:server (the localpart grammar of the Matrix spec, plus the
# historical characters many servers still accept).
_MATRIX = re.compile(r"@[a-z0-9._=\-/+]{1,255}:" + _HOST, re.IGNORECASE)
# Fediverse handles as people write them: @user@host (the leading @ is optional).
_FEDIVERSE = re.compile(r"@?[A-Za-z0-9_][A-Za-z0-9_.\-]{0,63}@" + _HOST)
# Signal: a phone number in international format, or a username like name.42.
_SIGNAL_PHONE = re.compile(r"\+[1-9][0-9]{6,14}")
_SIGNAL_USERNAME = re.compile(r"@?[A-Za-z_][A-Za-z0-9_]{2,31}\.[0-9]{2,9}")
# XMPP JIDs: local@domain (optionally /resource).
_XMPP = re.compile(r"[^\s@/\"&'<>:]{1,1023}@" + _HOST + r"(?:/\S{1,1023})?")


def contact_value_clean(kind: str, value: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError({"value": _("Enter the address.")})
    if len(value) > MAX_CONTACT_LENGTH:
        raise ValidationError(
            {"value": _("Addresses are at most %(n)d characters.") % {"n": MAX_CONTACT_LENGTH}}
        )
    if kind == ContactChannel.Kind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                {"value": _("Enter an email address like name@example.org.")}
            ) from None
        return value
    if kind == ContactChannel.Kind.MATRIX:
        if not _MATRIX.fullmatch(value):
            raise ValidationError(
                {"value": _("Enter a Matrix id like @name:matrix.org (with both @ and :).")}
            )
        return value
    if kind == ContactChannel.Kind.FEDIVERSE:
        if not _FEDIVERSE.fullmatch(value):
            raise ValidationError(
                {"value": _("Enter a Fediverse handle like @name@example.social.")}
            )
        return value if value.startswith("@") else "@" + value
    if kind == ContactChannel.Kind.SIGNAL:
        phone = re.sub(r"[\s\-().]", "", value)
        if _SIGNAL_PHONE.fullmatch(phone):
            return phone
        if _SIGNAL_USERNAME.fullmatch(value):
            return value.lstrip("@")
        raise ValidationError(
            {
                "value": _(
                    "Enter a phone number with its country code (+47 912 34 567) "
                    "or a Signal username like name.42."
                )
            }
        )
    if kind == ContactChannel.Kind.XMPP:
        if not _XMPP.fullmatch(value.removeprefix("xmpp:")):
            raise ValidationError({"value": _("Enter an XMPP address like name@example.org.")})
        return value.removeprefix("xmpp:")
    if kind == ContactChannel.Kind.OTHER:
        return value
    raise ValidationError({"kind": _("Choose a kind of contact from the list.")})


# Apps above accounts may know a Fediverse handle's real profile page (federation asks
# the handle's server by WebFinger); registered in travel/wiring/house.py.
_profile_url_resolvers: list[Callable[[str], str | None]] = []


def register_profile_url_resolver(resolver: Callable[[str], str | None]) -> None:
    _profile_url_resolvers.append(resolver)


def contact_link(channel: ContactChannel) -> str | None:
    """A URL that opens the channel in an app, when there is a standard one."""
    value = channel.value
    if channel.kind == ContactChannel.Kind.EMAIL:
        return f"mailto:{value}"
    if channel.kind == ContactChannel.Kind.MATRIX:
        return f"https://matrix.to/#/{value}"
    if channel.kind == ContactChannel.Kind.XMPP:
        return f"xmpp:{value}"
    if channel.kind == ContactChannel.Kind.FEDIVERSE:
        for resolver in _profile_url_resolvers:
            resolved = resolver(value)
            if resolved:
                return resolved
        # Unresolved yet: Mastodon's form, right for many servers (not Misskey, Friendica…).
        user, _sep, host = value.lstrip("@").partition("@")
        return f"https://{host}/@{user}"
    return None
