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

from travel import texts
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

    display_name = texts.NameField(_("display name"), max_length=80, blank=True)
    pronouns = texts.NameField(_("pronouns"), max_length=40, blank=True)
    bio = texts.ProseField(_("about me"), max_length=2000, blank=True)
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
    languages = texts.LineField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. English, Norsk, Deutsch"),
    )
    # The site language the member last chose (a code of settings.LANGUAGES, "" before
    # they chose one): their emails are written in it (travel/outbox queue_email).
    language = models.CharField(
        _("language of emails"), max_length=10, blank=True, default="", db_default=""
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
    # When the member accepted the community guidelines (at sign-up).
    guidelines_accepted = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]
    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["id"]
        indexes = [
            # "Which of these members are suspended or gone?" reads those few only.
            models.Index(
                fields=["id"],
                condition=Q(is_suspended=True) | Q(is_active=False),
                name="user_hidden",
            )
        ]

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
    value = texts.LineField(_("address"), max_length=200)
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
    name = texts.NameField(_("name"), max_length=80)
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


# ---------------------------------------------------------------------------
# Trust and safety: mutes, reports, moderation log, references.


class Mute(models.Model):
    """`muter` no longer sees `muted` (their conversations, notifications); `muted` is
    not told and notices nothing: unlike a block, a mute is invisible to them."""

    muter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mutes_made")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["muter", "muted"], name="mute_unique"),
            models.CheckConstraint(condition=~Q(muter=F("muted")), name="mute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.muter_id} mutes {self.muted_id}"


class Report(models.Model):
    """A member's report about someone or something, handled by moderators in the admin."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("member")
        MESSAGE = "message", _("message")
        TRIP = "trip", _("trip")
        OFFER = "offer", _("offer")
        SPOT = "spot", _("spot")
        MEETUP = "meetup", _("meet-up")
        REFERENCE = "reference", _("reference")

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        HARASSMENT = "harassment", _("Harassment or bullying")
        HATE = "hate", _("Hate or discrimination")
        THREAT = "threat", _("Threats or violence")
        DOXXING = "doxxing", _("Sharing private information (doxxing)")
        SCAM = "scam", _("Scam or fake profile")
        UNSAFE = "unsafe", _("Unsafe place or situation")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        ACTIONED = "actioned", _("actioned")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Kept (without the reporter) when the reporter deletes their account.
    reporter = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_filed"
    )
    target_kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    target_public_id = models.UUIDField(_("public id"))
    target_owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="reports_received"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = texts.ProseField(_("details"), max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "created"], name="report_queue")]

    def __str__(self) -> str:
        kind, reason = self.get_target_kind_display(), self.get_reason_display()
        return f"{kind} {self.target_public_id} ({reason})"


class ModerationAction(models.Model):
    """The audit log: every moderator decision, never edited or deleted from the admin."""

    class Action(models.TextChoices):
        DISMISS = "dismiss", _("dismiss")
        HIDE = "hide", _("hide content")
        SUSPEND = "suspend", _("suspend member")
        UNSUSPEND = "unsuspend", _("lift suspension")
        RELEASE = "release", _("release held message")

    moderator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    target_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_kind = models.CharField(max_length=20, blank=True)
    target_public_id = models.UUIDField(null=True, blank=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()} by {self.moderator_id} at {self.created:%Y-%m-%d %H:%M}"
        )


class Reference(models.Model):
    """What one member says about another after a stay or a meet-up.

    Hidden until both sides have written (so neither can retaliate) or until
    REFERENCE_BLIND_DAYS have passed since the first was written.
    """

    class Kind(models.TextChoices):
        HOSTED = "hosted", _("I hosted them")
        STAYED_WITH = "stayed_with", _("I stayed with them")
        MET = "met", _("We met")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="references_written")
    subject = models.ForeignKey(User, on_delete=models.CASCADE, related_name="references_received")
    kind = models.CharField(_("how you know them"), max_length=20, choices=Kind.choices)
    # What the reference is about (a stay request or meet-up public id); "" for a
    # reference between connected members without a recorded occasion.
    occasion = models.CharField(max_length=64, blank=True, default="")
    recommend = models.BooleanField(_("I recommend them"), default=True)
    text = texts.ProseField(_("reference"), max_length=2000)
    created = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "subject", "kind", "occasion"], name="reference_once"
            ),
            models.CheckConstraint(condition=~Q(author=F("subject")), name="reference_not_self"),
        ]
        indexes = [models.Index(fields=["subject", "published_at"], name="reference_subject")]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.subject_id} ({self.kind})"

    @property
    def counterpart_kind(self) -> str:
        return {
            self.Kind.HOSTED: self.Kind.STAYED_WITH,
            self.Kind.STAYED_WITH: self.Kind.HOSTED,
        }.get(self.Kind(self.kind), self.Kind.MET)


class ProfilePhoto(models.Model):
    """A member's photo, as the server re-encoded it (JPEG, no EXIF or GPS), with its
    own visibility like other profile fields. Kept in the database: it goes with the
    account on deletion (P8) and is served only through a permission check."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="photo"
    )
    image = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    visibility = models.CharField(
        _("who can see my photo"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"photo of {self.user_id} ({self.width}x{self.height})"
