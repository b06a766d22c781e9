"""The notification centre: one row per thing a member is told, and how they want it.

A notification is always shown in the app; email and Web Push follow the member's
preference for its kind (travel/notifications/kinds.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from travel.notifications.kinds import EMAIL_CHOICES, KIND_CHOICES


class Notification(models.Model):
    """Something that happened, told to one member in their language.

    `key` is unique: whatever notifies twice (a redelivered event, a task re-run)
    notifies once. `email_due` marks a row waiting for its batched email; the sweep
    claims it with `email_batch` (a conditional UPDATE), so it is emailed once.
    """

    class Email(models.TextChoices):
        NONE = "", _("Not emailed")
        IMMEDIATE = "immediate", _("Waiting for the next email")
        DAILY = "daily", _("Waiting for the daily digest")
        SENT = "sent", _("Emailed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    key = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    # Rendered in the recipient's language when written. Never an address (P1) nor the
    # words of a message.
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    # Who caused it (the sender, the organizer): kept to silence blocked and muted people.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, blank=True, default="")
    email_batch = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            # The badge: one index-only count of a member's unread rows.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"
            ),
            models.Index(fields=["recipient", "-created"], name="notice_recipient_created"),
            models.Index(
                fields=["email", "recipient", "created"],
                condition=~Q(email="") & ~Q(email="sent"),
                name="notice_email_due",
            ),
            models.Index(fields=["recipient", "kind", "created"], name="notice_recipient_kind"),
        ]

    def __str__(self) -> str:
        return self.key


class Preference(models.Model):
    """A member's choice for one preference kind; no row means the kind's default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    email = models.CharField(max_length=12, choices=EMAIL_CHOICES)
    push = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class Recipient(models.Model):
    """How a member is notified beyond their preferences: whether pushes may carry a
    preview of what was said (off by default: a locked phone shows it), and when they
    were last emailed (the batching window). Their language is the account's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    previews = models.BooleanField(default=False)
    last_emailed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.user_id)


class PushSubscription(models.Model):
    """One device's Web Push endpoint (RFC 8030) and its keys (RFC 8291)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=2048, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=60)
    label = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(default=timezone.now)
    last_success = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user"], name="push_subscription_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.label or self.endpoint[:40]}"


class DigestSent(models.Model):
    """One row per member per day a digest went out: the daily limit and its once-key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="notification_digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
