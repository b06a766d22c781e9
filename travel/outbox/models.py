"""The transactional outbox: every email Stopover sends is first a row here.

A state change that must tell someone writes its OutboxMessage in its own transaction
(`outbox_enqueue`), so the message exists exactly when the change does. A relay task
delivers it and marks it sent; a beat task re-queues what a lost broker message, a dead
worker or a failed send left behind. See travel/outbox/services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PUSH = "push", _("Web Push")

    # Unique per notification ("stay:12:accepted"): writing it twice writes it once.
    key = models.CharField(max_length=200, unique=True)
    # Email, or Web Push (whose sender the notification centre registers).
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    # The address is read when sending (never stored here): an erased member's pending
    # mail goes with them, a changed address is used.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Rendered text, written by the caller in the state change's transaction. Callers
    # never put an exact address in it (DESIGN P2).
    subject = models.CharField(max_length=255)
    body = models.TextField()
    # Extra email headers (List-Unsubscribe); for other channels, what their sender needs.
    headers = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Held by one relay run while it sends; a claim that outlives its worker expires.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Done: sent, or deliberately not sent (recipient gone, attempts used up: see
    # last_error). Never sent again once set.
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="outbox_unsent_due",
            )
        ]

    def __str__(self) -> str:
        return self.key
