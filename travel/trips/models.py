from __future__ import annotations

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Visibility
from travel import texts
from travel.collectives.models import Collective
from travel.places.models import Place
from travel.topics.models import Topic

MAX_STOP_DAYS = 31
MAX_STOPS = 60
MAX_RADIUS_KM = 200
DEFAULT_RADIUS_KM = 30


class PlaceKind(models.TextChoices):
    """Kinds of place to sleep (or eat, or wash) that a trip needs and an offer gives."""

    SOFA = "sofa", _("Sofa")
    BED = "bed", _("Bed")
    FLOOR = "floor", _("Floor")
    HAMMOCK = "hammock", _("Hammock spot")
    TENT = "tent", _("Tent spot")
    MEAL = "meal", _("Meal")
    SHOWER = "shower", _("Shower")


def _new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Trip(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        PAST = "past", _("Past")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trips"
    )
    title = texts.NameField(_("title"), max_length=120)
    description = texts.ProseField(_("description"), max_length=4000, blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="trips", verbose_name=_("topics")
    )
    # Comma-separated PlaceKind values (a small fixed set: no join needed to match).
    needs = models.CharField(_("needs"), max_length=100, blank=True)
    visibility = models.CharField(
        _("who can see this trip"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    collective = models.ForeignKey(
        Collective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("collective"),
        help_text=_("With 'Members of a collective': which one."),
    )
    discoverable = models.BooleanField(
        _("discoverable by organizers"),
        default=False,
        help_text=_("Organizers may see the cities and dates of this trip, never where you sleep."),
    )
    support_link = models.URLField(_("support link"), blank=True)
    calendar_token = models.CharField(
        max_length=64, default=_new_calendar_token, unique=True, editable=False
    )
    # Denormalised from the stops (kept by the services) so lists and retention need no join.
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(null=True, blank=True, db_index=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trips:detail", args=[self.public_id])

    @property
    def need_list(self) -> list[str]:
        return [n for n in self.needs.split(",") if n]

    def status_on(self, today: date) -> str:
        if self.ends is not None and self.ends < today:
            return self.Status.PAST
        if self.starts is not None and self.starts <= today:
            return self.Status.UNDER_WAY
        return self.Status.PLANNED

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())


class Stop(models.Model):
    """A town (with a radius), a region or a whole country, with an optional label
    ("south Sweden"), for inclusive dates.

    At most MAX_STOP_DAYS long, so "stops overlapping [a, b]" is an index range scan on
    (cell, arrive): arrive BETWEEN a - MAX_STOP_DAYS AND b, then depart >= a.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="stops")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    label = texts.NameField(_("label"), max_length=80, blank=True)
    radius_km = models.PositiveSmallIntegerField(
        _("radius (km)"),
        default=DEFAULT_RADIUS_KM,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS_KM)],
    )
    arrive = models.DateField(_("arrive"))
    depart = models.DateField(_("depart"))
    tentative = models.BooleanField(_("tentative"), default=False)
    # Copied from the place: the matcher's index needs them on this row.
    cell = models.IntegerField(null=True, blank=True, editable=False)
    country_code = models.CharField(max_length=2, editable=False, default="")
    is_country = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["arrive", "id"]
        indexes = [
            models.Index(fields=["cell", "arrive"], name="stop_cell_arrive"),
            models.Index(fields=["country_code", "arrive"], name="stop_country_arrive"),
            # Country-level stops of one country: few, but hidden among all its stops.
            models.Index(
                fields=["country_code", "arrive"],
                condition=Q(is_country=True),
                name="stop_country_level_arrive",
            ),
        ]
        constraints = [
            # The services check every rule with a clear message; these are the last line.
            models.CheckConstraint(condition=Q(depart__gte=F("arrive")), name="stop_dates_ordered"),
            models.CheckConstraint(
                condition=Q(radius_km__gte=1, radius_km__lte=MAX_RADIUS_KM),
                name="stop_radius_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} {self.arrive}–{self.depart}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.cell = self.place.cell
        self.country_code = self.place.country_code
        self.is_country = self.place.kind == Place.Kind.COUNTRY
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_name(self) -> str:
        return self.label or self.place.display_name

    @property
    def is_region(self) -> bool:
        return self.place.kind == Place.Kind.REGION

    @property
    def kind(self) -> str:
        """town, region or country (travel.trips.services.STOP_KINDS_HELP)."""
        return self.place.api_kind

    @property
    def nights(self) -> int:
        return (self.depart - self.arrive).days

    @property
    def days(self) -> int:
        """Calendar days the stop covers, both ends included."""
        return (self.depart - self.arrive).days + 1
