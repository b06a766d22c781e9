"""Conversations between two members, their messages, and each side's read state."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from travel import texts

MAX_BODY = 5000


class Conversation(models.Model):
    """Two members talking, optionally about something (a stay request…).

    Starts as a REQUEST when the starter is not a connection of the recipient (P7): it
    sits in the recipient's requests inbox, without notification, until they accept or
    reply. A declined request loses the recipient's side only, so the starter is not told.
    """

    class Status(models.TextChoices):
        REQUEST = "request", _("request")
        ACTIVE = "active", _("active")
        DECLINED = "declined", _("declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # "<low public id>:<high public id>", so a pair has one conversation per subject.
    # Cleared when one of them deletes their account.
    pair_key = models.CharField(max_length=80, null=True, blank=True)
    # What the conversation is attached to, without messaging importing that app.
    subject_kind = models.CharField(max_length=30, blank=True, default="")
    subject_id = models.CharField(max_length=64, blank=True, default="")
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who the first message went to. With `starter`, the two sides; null once that
    # member deleted their account ("deleted member").
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created = models.DateTimeField(default=timezone.now)
    # Time of the last delivered message (held ones do not count); orders the inbox.
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair_key", "subject_kind", "subject_id"], name="conversation_pair_subject"
            )
        ]
        indexes = [models.Index(fields=["subject_kind", "subject_id"], name="conversation_subject")]

    def __str__(self) -> str:
        return str(self.public_id)

    def other_side(self, user_id: int) -> int | None:
        return self.recipient_id if self.starter_id == user_id else self.starter_id


class Participant(models.Model):
    """One member's side of a conversation: read state and unread count."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_sides"
    )
    last_read_at = models.DateTimeField(null=True, blank=True)
    # Denormalised so the inbox needs no count per row.
    unread_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="participant_once")
        ]
        indexes = [models.Index(fields=["user", "conversation"], name="participant_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # Null once the sender deleted their account (their messages are deleted with it;
    # this only covers a message racing the deletion).
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages_sent",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages_received",
    )
    body = texts.ProseField(_("message"), max_length=MAX_BODY)
    created = models.DateTimeField(default=timezone.now)
    # Held by the flood guard: the sender sees it, the recipient does not, until a
    # moderator releases it.
    held = models.BooleanField(default=False)
    # Why it was held, shown to the sender ("waiting for a moderator: …") and moderators.
    held_reason = models.CharField(max_length=200, blank=True, default="", editable=False)
    # Hidden by a moderator after a report.
    hidden = models.BooleanField(default=False)
    # MinHash signature of the normalised body (the flood guard compares these).
    fingerprint = models.BinaryField(null=True, blank=True, editable=False)
    # Set when an email batch claimed it (or decided it needs none): sent once.
    notify_batch = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created", "id"]
        indexes = [
            models.Index(fields=["conversation", "created"], name="message_conversation"),
            models.Index(fields=["sender", "created"], name="message_sender"),
            models.Index(fields=["notify_batch", "created"], name="message_notify"),
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def delivered(self) -> bool:
        return not (self.held or self.hidden)
