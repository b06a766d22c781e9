"""Federation state, kept here so that no other app's model learns about ActivityPub.

- LocalActor: the instance actor, a collective's Group or a member's Person, each with
  its own RSA key pair (rotatable). Switched off actors answer 404 everywhere.
- RemoteActor: what we learnt about an actor elsewhere (fetched through the safe
  fetcher); `member` is the stand-in account that lets a remote writer's Notes go
  through the same messaging service, blocks, mutes, quotas and flood guard as a local
  first message.
- Follower, InboxActivity (replay guard), BlockedDomain, RemoteRSVP.
- OutgoingActivity + Delivery: the outbox. Rows are written in the transaction of the
  change; a Celery task claims each Delivery with a conditional UPDATE and sends it once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from travel.collectives.models import Collective
from travel.meetups.models import Meetup


class LocalActor(models.Model):
    class Kind(models.TextChoices):
        INSTANCE = "Application", _("Instance")
        GROUP = "Group", _("Collective")
        PERSON = "Person", _("Member")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    username = models.SlugField(max_length=60, unique=True)
    collective = models.OneToOneField(
        Collective, null=True, blank=True, on_delete=models.CASCADE, related_name="fediverse_actor"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fediverse_actor",
    )
    enabled = models.BooleanField(default=False)
    # Person actors only: whether the member's "about me" text is shown (off by default).
    show_bio = models.BooleanField(default=False)
    private_key_pem = models.TextField(editable=False)
    public_key_pem = models.TextField(editable=False)
    key_version = models.PositiveIntegerField(default=1, editable=False)
    key_rotated = models.DateTimeField(default=timezone.now, editable=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="Application", collective__isnull=True, user__isnull=True)
                    | models.Q(kind="Group", collective__isnull=False, user__isnull=True)
                    | models.Q(kind="Person", collective__isnull=True, user__isnull=False)
                ),
                name="local_actor_owner_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.username}"


class RemoteActor(models.Model):
    uri = models.URLField(max_length=500, unique=True)
    domain = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(max_length=30, default="Person")
    username = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    profile_url = models.URLField(max_length=500, blank=True)
    inbox = models.URLField(max_length=500)
    shared_inbox = models.URLField(max_length=500, blank=True)
    key_id = models.CharField(max_length=500, blank=True, db_index=True)
    public_key_pem = models.TextField(blank=True)
    fetched = models.DateTimeField(default=timezone.now)
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="remote_actor",
    )

    def __str__(self) -> str:
        return self.handle

    @property
    def handle(self) -> str:
        return f"@{self.username}@{self.domain}" if self.username else self.uri

    @property
    def delivery_inbox(self) -> str:
        return self.shared_inbox or self.inbox


class Follower(models.Model):
    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="followers")
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="following")
    follow_id = models.URLField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "remote"], name="follower_unique")]

    def __str__(self) -> str:
        return f"{self.remote_id} follows {self.actor_id}"


class InboxActivity(models.Model):
    """Every activity id we processed once: a replay changes nothing."""

    activity_id = models.URLField(max_length=500, unique=True)
    kind = models.CharField(max_length=40)
    actor_uri = models.URLField(max_length=500)
    received = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.activity_id


class BlockedDomain(models.Model):
    """A remote server moderators cut off: nothing from it is processed, nothing goes to it."""

    domain = models.CharField(_("domain"), max_length=255, unique=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.domain


class RemoteRSVP(models.Model):
    """An answer from the Fediverse to a public meet-up. Remote attendees never get the venue."""

    class Answer(models.TextChoices):
        YES = "yes", _("Going")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("Not going")

    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="remote_rsvps")
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="rsvps")
    answer = models.CharField(max_length=5, choices=Answer.choices)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meetup", "remote"], name="remote_rsvp_unique")
        ]

    def __str__(self) -> str:
        return f"{self.remote_id} {self.answer} to {self.meetup_id}"


class PublishedMeetup(models.Model):
    """What followers were last told about a meet-up, to say what changed and when to Delete."""

    meetup = models.OneToOneField(Meetup, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="+")
    starts = models.DateTimeField()
    place_name = models.CharField(max_length=200)
    deleted = models.BooleanField(default=False)
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"meet-up {self.meetup_id} published by {self.actor_id}"


class OutgoingActivity(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=40)
    payload = models.JSONField()
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"


class RemoteInstance(models.Model):
    """Delivery health of one remote server (by domain)."""

    domain = models.CharField(max_length=255, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(null=True, blank=True)
    dead_since = models.DateTimeField(null=True, blank=True)
    accepts_rfc9421 = models.BooleanField(null=True, blank=True)

    def __str__(self) -> str:
        return self.domain


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    activity = models.ForeignKey(
        OutgoingActivity, on_delete=models.CASCADE, related_name="deliveries"
    )
    inbox = models.URLField(max_length=500)
    domain = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt = models.DateTimeField(default=timezone.now)
    # A worker holds a delivery until then; a dead worker's claim simply runs out.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "inbox"], name="delivery_once_per_inbox")
        ]
        indexes = [models.Index(fields=["status", "next_attempt"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.inbox} ({self.status})"


class HandleProfile(models.Model):
    """Where a Fediverse handle really lives, as its server's WebFinger said (a cache)."""

    handle = models.CharField(max_length=200, unique=True)  # "@name@host", lower-case
    profile_url = models.URLField(max_length=500, blank=True)
    actor_url = models.URLField(max_length=500, blank=True)
    resolved = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.handle


class Following(models.Model):
    """One of our actors follows a remote actor (accepted once its Accept arrives)."""

    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="following")
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="followers")
    follow_id = models.URLField(max_length=500, unique=True)
    accepted = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "remote"], name="following_unique")]

    def __str__(self) -> str:
        return f"{self.actor_id} follows {self.remote_id}"
