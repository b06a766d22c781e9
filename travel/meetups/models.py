"""Meet-ups: a time and a city, a venue shown to attendees only, invitations and RSVPs.

Times are stored as aware UTC datetimes and always entered and shown in the time zone of
the meet-up's place (Place.timezone), whoever looks at them and from wherever.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Visibility
from travel import texts
from travel.collectives.models import Collective
from travel.places.models import Place
from travel.topics.models import Topic

MAX_CAPACITY = 10000
# A meet-up is at most this long, so "meet-ups starting during a stop" and "meet-ups
# under way" stay index range scans on (cell, starts).
MAX_DURATION_HOURS = 24 * 7


class Meetup(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetups_organised"
    )
    collective = models.ForeignKey(
        Collective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetups",
        verbose_name=_("organised with collective"),
    )
    title = texts.NameField(_("title"), max_length=120)
    description = texts.ProseField(_("description"), max_length=4000, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("city")
    )
    venue = texts.LineField(
        _("venue"),
        max_length=300,
        blank=True,
        help_text=_(
            "The address or meeting point. Shown only to you and people who said yes or maybe."
        ),
    )
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"), null=True, blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="meetups", verbose_name=_("topics")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("How many people can say yes. Leave empty for no limit."),
    )
    visibility = models.CharField(
        _("who can see this meet-up"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_("People you invite can always see it."),
    )
    listed_publicly = models.BooleanField(
        _("list in public feeds"),
        default=False,
        help_text=_(
            "Include the title, city, date and topics (never the venue or people) in the "
            "public Atom feeds of the city and topics. Only for meet-ups visible to all members."
        ),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # Copied from the place: the matcher's index needs them on this row.
    cell = models.IntegerField(null=True, blank=True, editable=False)
    country_code = models.CharField(max_length=2, editable=False, default="")
    # Claimed with a conditional UPDATE by the periodic tasks, so each runs once.
    reminders_claimed = models.DateTimeField(null=True, blank=True, editable=False)
    connections_claimed = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts", "id"]
        indexes = [
            models.Index(fields=["cell", "starts"], name="meetup_cell_starts"),
            models.Index(fields=["country_code", "starts"], name="meetup_country_starts"),
            models.Index(fields=["starts"], name="meetup_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.cell = self.place.cell
        self.country_code = self.place.country_code
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "place" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "cell", "country_code"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.place_id and self.place.kind != Place.Kind.CITY:
            errors["place"] = _("Choose a city: a meet-up happens in one place.")
        if self.starts and self.ends:
            if self.ends <= self.starts:
                errors["ends"] = _("The meet-up must end after it starts.")
            elif (self.ends - self.starts).total_seconds() > MAX_DURATION_HOURS * 3600:
                errors["ends"] = _("A meet-up lasts at most a week.")
        if self.visibility == Visibility.COLLECTIVE and not self.collective_id:
            errors["visibility"] = _(
                "Choose the collective whose members may see it, or another visibility."
            )
        if self.listed_publicly and self.visibility != Visibility.MEMBERS:
            errors["listed_publicly"] = _(
                "Only meet-ups visible to all members can be listed in public feeds."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.place.timezone or settings.TIME_ZONE)

    @property
    def starts_local(self) -> datetime:
        return self.starts.astimezone(self.tz)

    @property
    def ends_local(self) -> datetime | None:
        return self.ends.astimezone(self.tz) if self.ends else None

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_ended(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (self.ends or self.starts) < now


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = texts.ProseField(_("message"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["meetup", "invitee"], name="invitation_unique")
        ]
        indexes = [models.Index(fields=["invitee", "status"], name="invitation_invitee")]

    def __str__(self) -> str:
        return f"{self.invitee_id} invited to {self.meetup_id}"


class RSVP(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Going")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("Not going")

    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_rsvps"
    )
    answer = models.CharField(max_length=5, choices=Answer.choices)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["updated", "id"]
        constraints = [models.UniqueConstraint(fields=["meetup", "user"], name="rsvp_unique")]
        indexes = [models.Index(fields=["user", "answer"], name="rsvp_user_answer")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.answer} to {self.meetup_id}"


ATTENDING = (RSVP.Answer.YES, RSVP.Answer.MAYBE)


class MeetupMail(models.Model):
    """One row per email sent about meet-ups, with a unique key ("reminder:12:34").

    The row is written before the email is sent, so a task that runs twice finds the key
    and sends nothing the second time.
    """

    key = models.CharField(max_length=100, unique=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


def _new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class MeetupFeedToken(models.Model):
    """The secret in the URL of a member's private "my meet-ups" iCal feed (resettable)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"meet-up feed of {self.user_id}"
