"""Web Push: checking a device's subscription and sending it an encrypted payload.

Standard Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption
(RFC 8291) through pywebpush, so browsers and UnifiedPush distributors receive it. The
payload is a title and a link (a preview only if the member asked for previews); the
push service learns nothing else.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import logging
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from travel.notifications.models import PushSubscription
from travel.outbox.models import OutboxMessage
from travel.outbox.services import Undeliverable

log = logging.getLogger(__name__)
MAX_ENDPOINT = 2048
TTL = 24 * 3600


def _b64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _private(host: str) -> bool:
    """True for loopback, private, link-local and reserved addresses (checked after DNS
    for names; an unresolvable name is refused too)."""
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError):
            return True
        addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
    return any(
        a.is_private
        or a.is_loopback
        or a.is_link_local
        or a.is_reserved
        or a.is_multicast
        or a.is_unspecified
        for a in addresses
    )


def allowed_endpoint_hosts() -> set[str]:
    """Hosts allowed although private: only for tests and a self-hosted distributor
    (PUSH_ALLOWED_HOSTS)."""
    return set(settings.PUSH_ALLOWED_HOSTS)


def check_subscription(*, endpoint: str, p256dh: str, auth: str) -> None:
    """ValidationError naming the field unless the subscription can be used safely."""
    if len(endpoint.encode()) > MAX_ENDPOINT:
        raise ValidationError({"endpoint": _("The endpoint is longer than 2 KB.")})
    parts = urlsplit(endpoint)
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationError({"endpoint": _("The endpoint must be an https:// address.")})
    host = parts.hostname
    if host not in allowed_endpoint_hosts() and _private(host):
        raise ValidationError(
            {"endpoint": _("The endpoint must be on the public internet, not a private address.")}
        )
    try:
        key = _b64(p256dh)
    except (ValueError, TypeError):
        key = b""
    if len(key) != 65 or key[0] != 4:
        raise ValidationError({"p256dh": _("This is not a P-256 public key.")})
    try:
        from cryptography.hazmat.primitives.asymmetric import ec

        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
    except ValueError:
        raise ValidationError({"p256dh": _("This is not a P-256 public key.")}) from None
    try:
        secret = _b64(auth)
    except (ValueError, TypeError):
        secret = b""
    if len(secret) != 16:
        raise ValidationError({"auth": _("The auth secret must be 16 bytes.")})


def send_push(message: OutboxMessage) -> None:
    """The outbox's sender for the push channel: every device of the recipient.

    A 404 or 410 removes that subscription (the device is gone); another failure raises
    so the outbox retries the row later with a backoff.
    """
    from pywebpush import WebPushException, webpush

    subscriptions = list(PushSubscription.objects.filter(user_id=message.recipient_id))
    if not subscriptions:
        raise Undeliverable("no push subscription")
    payload = json.loads(message.body)
    data = json.dumps(payload)
    failed: list[str] = []
    for sub in subscriptions:
        try:
            webpush(
                subscription_info={
                    "endpoint": sub.endpoint,
                    "keys": {"p256dh": sub.p256dh, "auth": sub.auth},
                },
                data=data,
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=TTL,
                timeout=10,
                headers={"Urgency": "normal", "Topic": _topic(message.key)},
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                PushSubscription.objects.filter(pk=sub.pk).delete()
                log.info("push subscription %s gone (%s): removed", sub.pk, status)
                continue
            failed.append(f"{status or ''} {exc}".strip())
            continue
        except OSError as exc:
            failed.append(str(exc))
            continue
        PushSubscription.objects.filter(pk=sub.pk).update(last_success=timezone.now())
    if failed:
        raise RuntimeError("; ".join(failed)[:400])


def _topic(key: str) -> str:
    """A Topic header (RFC 8030 5.4): at most 32 URL-safe characters, one per row, so a
    retried push replaces the one still waiting at the push service."""
    import hashlib

    return base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()).decode()[:32]
