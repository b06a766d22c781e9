from __future__ import annotations

import hashlib
import secrets
import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from travel.places.models import Place
from travel.topics.models import Topic


class Visibility(models.TextChoices):
    """Who may see a trip, profile or offer (P3). Members is the default."""

    ONLY_ME = "only_me", _("Only me")
    CONNECTIONS = "connections", _("People I have connected with")
    MEMBERS = "members", _("Signed-in members")
    COLLECTIVE = "collective", _("Members of a collective")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A member. Everyone can travel, host and organise; there are no exclusive roles."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    # What other people's URLs carry (P9): never the sequential primary key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    home_place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("home place"),
    )
    home_radius_km = models.PositiveSmallIntegerField(
        _("radius around home (km)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    # The grid cell of the home place, denormalised so "locals near a stop" is an index scan.
    home_cell = models.IntegerField(null=True, blank=True, db_index=True, editable=False)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. English, Norsk, Deutsch"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="members", verbose_name=_("topics")
    )
    open_to_meet = models.BooleanField(_("open to meet travellers"), default=False)
    discoverable = models.BooleanField(
        _("discoverable by organizers"),
        default=False,
        help_text=_("Organizers and collectives may see the cities and dates of your trips."),
    )
    support_link = models.URLField(
        _("support link"), blank=True, help_text=_("A donation or support page, if you have one.")
    )
    profile_visibility = models.CharField(
        _("who can see my profile"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    is_suspended = models.BooleanField(default=False)
    flagged_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]
    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or _("Member %(id)s") % {"id": str(self.public_id)[:6]}

    def save(self, *args: object, **kwargs: object) -> None:
        self.home_cell = self.home_place.cell if self.home_place_id and self.home_place else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "home_place" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "home_cell"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ContactChannel(models.Model):
    """A way to reach a member, each with its own visibility (P6): connections by default."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        MATRIX = "matrix", _("Matrix")
        FEDIVERSE = "fediverse", _("Fediverse")
        SIGNAL = "signal", _("Signal")
        XMPP = "xmpp", _("XMPP")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        ONLY_ME = "only_me", _("Only me")
        CONNECTIONS = "connections", _("People I have connected with")
        MEMBERS = "members", _("Signed-in members")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(_("address"), max_length=200)
    visibility = models.CharField(
        _("who can see it"), max_length=20, choices=Audience.choices, default=Audience.CONNECTIONS
    )

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Connection(models.Model):
    """Two members who have met through Stopover: an accepted stay, a meet-up both went
    to, or a conversation that was answered. Stored once per pair (low id first)."""

    class Reason(models.TextChoices):
        STAY = "stay", _("accepted stay")
        MEETUP = "meetup", _("meet-up")
        CONVERSATION = "conversation", _("conversation")

    user_low = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_low", "user_high"], name="connection_pair_unique"
            ),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="connection_ordered"
            ),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"], name="connection_reverse")]

    def __str__(self) -> str:
        return f"{self.user_low_id} ~ {self.user_high_id} ({self.reason})"


class Block(models.Model):
    """A total, mutual block (P5): neither side sees the other anywhere."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"], name="block_reverse")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "sto_" + secrets.token_urlsafe(32)
