"""Hosting: offers of a free place to sleep, their availability, stay requests and spots.

Location privacy (P1, P2) lives here. An offer stores two points:

- the exact address and point, private: shown only through
  `selectors.exact_location_for()` (the host, and a traveller with an accepted stay from
  7 days before arrival until departure);
- the public point, 300–1000 m away in a direction drawn from a cryptographic random
  source, computed once and stored; it changes only when the exact point moves. Its grid
  `cell` is what every search (map boxes, the matcher) filters on first.

Nights: a stay from `arrive` to `depart` covers the nights arrive <= night < depart;
`depart` is the morning the traveller leaves. An availability window's `start` and `end`
are both nights (inclusive).
"""

from __future__ import annotations

import math
import secrets
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from geopy.distance import great_circle

from accounts.models import Visibility
from travel import texts
from travel.collectives.models import Collective
from travel.places.grid import cell_for
from travel.places.models import Place
from travel.trips.models import PlaceKind, Stop

MIN_OFFSET_M = 300
MAX_OFFSET_M = 1000
# The circle others see around the public point: it always contains the exact point.
FUZZ_RADIUS_M = MAX_OFFSET_M
MAX_CAPACITY = 20
# PostgreSQL text cannot hold NUL: refuse it with a message instead of a 500.
NO_NUL = [ProhibitNullCharactersValidator()]
MAX_GUESTS = MAX_CAPACITY
MAX_STAY_NIGHTS = 31
MAX_WINDOW_NIGHTS = 366
# P1: the exact address shows to an accepted traveller from this many days before arrival.
REVEAL_DAYS_BEFORE = 7
# A pending request expires at its arrival date or after this many days without answer.
PENDING_DAYS = 7

_random = secrets.SystemRandom()


def fuzz_point(lat: float, lon: float) -> tuple[float, float]:
    """A point 300–1000 m from (lat, lon) in a direction from a cryptographic source.

    Rounded to 5 decimals (~1 m), and drawn a few metres inside the bounds so rounding
    can never push it out of them.
    """
    metres = _random.uniform(MIN_OFFSET_M + 5, MAX_OFFSET_M - 5)
    bearing = _random.uniform(0.0, 360.0)
    dest = great_circle(meters=metres).destination((lat, lon), bearing)
    return round(dest.latitude, 5), round(dest.longitude, 5)


def _shifted(
    old_exact: tuple[float, float], old_public: tuple[float, float], exact: tuple[float, float]
) -> tuple[float, float]:
    """`old_public` moved with its exact point: the same distance and bearing from
    `exact` as it had from `old_exact`, kept a few metres inside the 300–1000 m ring."""
    lat1, lon1 = map(math.radians, old_exact)
    lat2, lon2 = map(math.radians, old_public)
    d_lon = lon2 - lon1
    bearing = math.degrees(
        math.atan2(
            math.sin(d_lon) * math.cos(lat2),
            math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(d_lon),
        )
    )
    metres = great_circle(old_exact, old_public).meters
    metres = min(max(metres, MIN_OFFSET_M + 5), MAX_OFFSET_M - 5)
    dest = great_circle(meters=metres).destination(exact, bearing)
    return round(dest.latitude, 5), round(dest.longitude, 5)


def kinds_list(value: str) -> list[str]:
    return [k for k in value.split(",") if k]


def kinds_value(kinds: list[str] | tuple[str, ...] | set[str]) -> str:
    """Stored in the fixed PlaceKind order so equal sets compare equal."""
    chosen = set(kinds)
    return ",".join(k for k in PlaceKind.values if k in chosen)


def kinds_labels(value: str) -> list[str]:
    labels = dict(PlaceKind.choices)
    return [str(labels[k]) for k in kinds_list(value) if k in labels]


def nights(arrive: date, depart: date) -> Iterator[date]:
    """The nights of a stay: arrive <= night < depart."""
    night = arrive
    while night < depart:
        yield night
        night += timedelta(days=1)


def validate_kinds(value: str) -> None:
    unknown = [k for k in kinds_list(value) if k not in PlaceKind.values]
    if unknown:
        raise ValidationError(_("Unknown kind: %(kinds)s."), params={"kinds": ", ".join(unknown)})


class HostOffer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for requests")
        PAUSED = "paused", _("Paused")

    class Smoking(models.TextChoices):
        NO = "no", _("No smoking")
        OUTSIDE = "outside", _("Outside only")
        YES = "yes", _("Smoking is fine")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_offers"
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("city"),
        help_text=_("The city people will see. Leave empty to use the nearest one."),
    )
    title = texts.NameField(
        _("title"),
        validators=NO_NUL,
        max_length=100,
        help_text=_("Shown to other members. Don't put your street or building here."),
    )
    description = texts.ProseField(
        _("about the place"), max_length=4000, blank=True, validators=NO_NUL
    )
    # Private (P1): read them only through selectors.exact_location_for().
    address = texts.ProseField(
        _("exact address"),
        validators=NO_NUL,
        max_length=500,
        help_text=_("Shown only to travellers whose stay you accepted, from 7 days before."),
    )
    exact_lat = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-89.9), MaxValueValidator(89.9)]
    )
    exact_lon = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)]
    )
    # Public (P2): stored once, recomputed only when the exact point moves.
    public_lat = models.FloatField(editable=False)
    public_lon = models.FloatField(editable=False)
    # When the offset (public minus exact) was last drawn: at most once a day.
    fuzz_drawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    cell = models.IntegerField(editable=False)

    kinds = models.CharField(_("what you offer"), max_length=100, validators=[validate_kinds])
    capacity = models.PositiveSmallIntegerField(
        _("guests at a time"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    animals = texts.LineField(
        _("animals"),
        validators=NO_NUL,
        max_length=200,
        blank=True,
        help_text=_("e.g. two cats, a friendly dog"),
    )
    smoking = models.CharField(
        _("smoking"), max_length=10, choices=Smoking.choices, default=Smoking.NO
    )
    accessibility = texts.LineField(
        _("accessibility"),
        validators=NO_NUL,
        max_length=300,
        blank=True,
        help_text=_("e.g. third floor, no lift; step-free entrance"),
    )
    languages = texts.LineField(
        _("languages"),
        validators=NO_NUL,
        max_length=200,
        blank=True,
        help_text=_("e.g. English, Svenska"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    visibility = models.CharField(
        _("who can see this offer"),
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
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "id"]
        indexes = [models.Index(fields=["cell", "status"], name="offer_cell_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY),
                name="offer_capacity_range",
            )
        ]

    def __str__(self) -> str:
        # Never the address: this string can end up in logs and admin titles.
        return f"{self.title} ({self.public_id})"

    def __repr__(self) -> str:
        return f"<HostOffer {self.pk} {self.public_id}>"

    def save(self, *args: object, **kwargs: object) -> None:
        # P2: whoever changes the exact point (a service, the admin), the public point
        # follows; any other save keeps it exactly as stored.
        if self.exact_point_moved():
            self._move_public_point()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {  # type: ignore[misc]
                    *update_fields,  # type: ignore[misc]
                    "public_lat",
                    "public_lon",
                    "cell",
                    "fuzz_drawn_at",
                }
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        self._stored_exact = (self.exact_lat, self.exact_lon)

    def _move_public_point(self) -> None:
        """P2 without averaging: the stored offset (public minus exact) is kept when the
        exact point moves less than MIN_OFFSET_M, and for any move within a day of the
        last draw; a new random offset only for a real move, at most once a day. Each
        public point is then the exact one plus one of few offsets, so many small edits
        reveal nothing about where the exact point is within the 300–1000 m ring."""
        stored = getattr(self, "_stored_exact", None)
        now = timezone.now()
        keep = (
            self.public_lat is not None
            and stored is not None
            and None not in stored
            and (
                great_circle(stored, (self.exact_lat, self.exact_lon)).meters < MIN_OFFSET_M
                or (self.fuzz_drawn_at is not None and now - self.fuzz_drawn_at < timedelta(days=1))
            )
        )
        if keep:
            assert stored is not None
            # The same offset in metres and direction: a vector in degrees would stretch
            # or shrink with the latitude and could leave the 300–1000 m ring.
            self.public_lat, self.public_lon = _shifted(
                stored, (self.public_lat, self.public_lon), (self.exact_lat, self.exact_lon)
            )
        else:
            self.public_lat, self.public_lon = fuzz_point(self.exact_lat, self.exact_lon)
            self.fuzz_drawn_at = now
        self.cell = cell_for(self.public_lat, self.public_lon)

    @classmethod
    def from_db(cls, db, field_names, values):  # type: ignore[no-untyped-def]
        instance = super().from_db(db, field_names, values)
        instance._stored_exact = (
            instance.__dict__.get("exact_lat"),
            instance.__dict__.get("exact_lon"),
        )
        return instance

    def exact_point_moved(self) -> bool:
        """True for a new offer, or when the exact point differs from the stored one."""
        stored = getattr(self, "_stored_exact", None)
        return (
            self.public_lat is None or stored is None or stored != (self.exact_lat, self.exact_lon)
        )

    @property
    def public_point(self) -> tuple[float, float]:
        return (self.public_lat, self.public_lon)

    @property
    def kind_list(self) -> list[str]:
        return kinds_list(self.kinds)

    @property
    def kind_labels(self) -> list[str]:
        return kinds_labels(self.kinds)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Availability(models.Model):
    """A window of nights (start and end both inclusive) when the host can take guests."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(HostOffer, on_delete=models.CASCADE, related_name="availability")
    start = models.DateField(_("first night"))
    end = models.DateField(_("last night"))

    class Meta:
        ordering = ["start", "id"]
        verbose_name_plural = _("availability")
        indexes = [models.Index(fields=["offer", "start"], name="availability_offer_start")]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="availability_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"

    def clean(self) -> None:
        if self.start and self.end:
            if self.start > self.end:
                raise ValidationError({"end": _("The last night cannot be before the first.")})
            if (self.end - self.start).days + 1 > MAX_WINDOW_NIGHTS:
                raise ValidationError(
                    {"end": _("A window is at most a year long; add another one after it.")}
                )


class StayRequest(models.Model):
    """A stay for the nights arrive <= night < depart (depart: the morning they leave).

    Either the traveller asks (direction "ask", status pending until the host answers)
    or the host invites (direction "invite", status invited until the traveller answers).
    """

    class Direction(models.TextChoices):
        ASK = "ask", _("The traveller asks")
        INVITE = "invite", _("The host invites")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        INVITED = "invited", _("Invited by the host")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traveller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stay_requests"
    )
    offer = models.ForeignKey(HostOffer, on_delete=models.CASCADE, related_name="requests")
    stop = models.ForeignKey(
        Stop,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stay_requests",
        verbose_name=_("stop of your trip"),
    )
    arrive = models.DateField(_("arrive"))
    depart = models.DateField(_("leave"), help_text=_("The morning you leave."))
    guests = models.PositiveSmallIntegerField(
        _("guests"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_GUESTS)]
    )
    message = texts.ProseField(_("message"), max_length=2000, validators=NO_NUL)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.ASK)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    answered = models.DateTimeField(null=True, blank=True)
    # When both sides were asked for a reference, after the last night (claimed once).
    references_asked = models.DateTimeField(null=True, blank=True, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "id"]
        indexes = [
            models.Index(fields=["offer", "status", "arrive"], name="stay_offer_status_arrive"),
            models.Index(fields=["traveller", "status"], name="stay_traveller_status"),
            models.Index(fields=["status", "arrive"], name="stay_status_arrive"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(arrive__lt=F("depart")), name="stay_ordered"),
            models.CheckConstraint(condition=Q(guests__gte=1), name="stay_guests_positive"),
        ]

    def __str__(self) -> str:
        return f"StayRequest {self.public_id} ({self.status})"

    @property
    def nights(self) -> list[date]:
        return list(nights(self.arrive, self.depart))

    @property
    def night_count(self) -> int:
        return (self.depart - self.arrive).days

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.INVITED, self.Status.ACCEPTED)

    @property
    def is_invitation(self) -> bool:
        return self.direction == self.Direction.INVITE

    @property
    def awaiting(self) -> bool:
        """Waiting for an answer from the other side (a request or an invitation)."""
        return self.status in (self.Status.PENDING, self.Status.INVITED)


class Spot(models.Model):
    """A community-known free place (hammock trees, a shelter, a wild-camping spot).

    Its point is of a public place, not a home, so it is stored as given; still shown to
    signed-in members only.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = texts.NameField(_("name"), max_length=100, validators=NO_NUL)
    lat = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-89.9), MaxValueValidator(89.9)]
    )
    lon = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)]
    )
    cell = models.IntegerField(editable=False, db_index=True)
    kinds = models.CharField(_("good for"), max_length=100, validators=[validate_kinds])
    notes = texts.ProseField(
        _("notes"),
        validators=NO_NUL,
        max_length=2000,
        blank=True,
        help_text=_("How to find it, water, rules."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spots_added",
    )
    last_confirmed = models.DateField(_("last confirmed"), default=timezone.localdate)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.cell = cell_for(self.lat, self.lon)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ("lat" in update_fields or "lon" in update_fields):  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "cell"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def kind_labels(self) -> list[str]:
        return kinds_labels(self.kinds)


class SpotConfirmation(models.Model):
    """A member saw the spot still there on a day (one row per member and day)."""

    spot = models.ForeignKey(Spot, on_delete=models.CASCADE, related_name="confirmations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spot_confirmations"
    )
    confirmed_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["spot", "member", "confirmed_on"], name="spot_confirmation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.spot_id} on {self.confirmed_on}"


class StayNotification(models.Model):
    """One email about one stay-request transition, sent at most once.

    The row is written in the transition's transaction with a unique `key`; the task
    claims it with a conditional UPDATE on `sent` so a second run (a redelivery, a retry
    after the send) sends nothing.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New request")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    key = models.CharField(max_length=100, unique=True)
    # SET_NULL: a cancellation email still goes out when the offer is deleted.
    stay_request = models.ForeignKey(
        StayRequest, null=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # What the email says: names, dates, the request's public id. Never the address.
    context = models.JSONField(default=dict)
    created = models.DateTimeField(default=timezone.now)
    sent = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key
