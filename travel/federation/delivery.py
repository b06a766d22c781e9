"""Sending the outbox: one Delivery (activity x inbox) at a time, claimed so it goes once.

A worker claims a delivery with a conditional UPDATE (pending, unclaimed or claim run
out) before it sends, and marks it sent as soon as the inbox answers 2xx. A worker that
dies mid-send leaves a claim that runs out; the beat job then hands the delivery to
another worker, and the receiver drops the repeat by the activity's id. Failures back
off exponentially; after MAX_ATTEMPTS the delivery fails, and an instance that failed
DEAD_AFTER deliveries in a row with none succeeding is marked dead: nothing more is
queued for it until it writes to us again.

Signing: RFC 9421 first where the peer is not known to refuse it, then draft-cavage
("double-knocking"); what the peer accepted is remembered per instance.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import httpx
from django.db.models import F, Q
from django.utils import timezone

from travel.federation.actors import key_id
from travel.federation.fetcher import FetchError, post_json
from travel.federation.models import Delivery, LocalActor, RemoteInstance
from travel.federation.signatures import sign_cavage, sign_rfc9421

log = logging.getLogger(__name__)

CLAIM = timedelta(minutes=2)
MAX_ATTEMPTS = 8
DEAD_AFTER = 20
BACKOFF_MAX = timedelta(hours=12)
REFUSED = (400, 401, 403)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=1) * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def signer_for(actor: LocalActor, form: str):  # type: ignore[no-untyped-def]
    sign = sign_rfc9421 if form == "rfc9421" else sign_cavage

    def signer(request: httpx.Request) -> None:
        sign(request, key_id=key_id(actor), private_key_pem=actor.private_key_pem)

    return signer


def send_signed(*, actor: LocalActor, inbox: str, body: bytes, domain: str) -> int:
    """POST `body` to `inbox`, double-knocking; returns the final status code."""
    instance, _ = RemoteInstance.objects.get_or_create(domain=domain)
    if instance.accepts_rfc9421 is not False:
        status = post_json(inbox, body, signer=signer_for(actor, "rfc9421"))
        if status not in REFUSED:
            if instance.accepts_rfc9421 is None and 200 <= status < 300:
                RemoteInstance.objects.filter(pk=instance.pk).update(accepts_rfc9421=True)
            return status
        if instance.accepts_rfc9421:
            return status  # it took 9421 before: the refusal is about something else
    status = post_json(inbox, body, signer=signer_for(actor, "cavage"))
    if 200 <= status < 300 and instance.accepts_rfc9421 is None:
        RemoteInstance.objects.filter(pk=instance.pk).update(accepts_rfc9421=False)
    return status


def deliver(*, delivery_id: int) -> bool:
    """Send one delivery unless it was sent or another worker holds it; True if sent."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("activity__actor").get(pk=delivery_id)
    body = json.dumps(delivery.activity.payload).encode()
    try:
        status = send_signed(
            actor=delivery.activity.actor, inbox=delivery.inbox, body=body, domain=delivery.domain
        )
        error = "" if 200 <= status < 300 else f"answered {status}"
    except FetchError as exc:
        error = exc.message
    if not error:
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.SENT, sent=timezone.now(), claimed_until=None, last_error=""
        )
        RemoteInstance.objects.filter(domain=delivery.domain).update(failures=0, dead_since=None)
        return True
    _failed(delivery, error)
    return False


def _failed(delivery: Delivery, error: str) -> None:
    final = delivery.attempts >= MAX_ATTEMPTS or error in {"answered 404", "answered 410"}
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED if final else Delivery.Status.PENDING,
        claimed_until=None,
        next_attempt=timezone.now() + backoff(delivery.attempts),
        last_error=error[:300],
    )
    instance, _ = RemoteInstance.objects.get_or_create(domain=delivery.domain)
    RemoteInstance.objects.filter(pk=instance.pk).update(
        failures=F("failures") + 1, last_failure=timezone.now()
    )
    instance.refresh_from_db()
    if instance.failures >= DEAD_AFTER and instance.dead_since is None:
        RemoteInstance.objects.filter(pk=instance.pk).update(dead_since=timezone.now())
        Delivery.objects.filter(domain=delivery.domain, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, last_error="instance marked dead"
        )
        log.warning("federation: %s marked dead after %s failures", delivery.domain, DEAD_AFTER)
    log.info("federation: delivery %s to %s failed: %s", delivery.pk, delivery.inbox, error)


def due_ids(*, limit: int = 1000) -> list[int]:
    now = timezone.now()
    return list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt", "pk")
        .values_list("pk", flat=True)[:limit]
    )
