from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from travel import texts
from travel.places.models import Place
from travel.topics.models import Topic


class Collective(models.Model):
    """A union branch, co-op, hacklab… with members and a home city. It can be the local
    side of a match and organise meet-ups."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = texts.NameField(_("name"), max_length=120)
    description = texts.ProseField(_("description"), max_length=4000, blank=True)
    home_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("home place")
    )
    home_cell = models.IntegerField(null=True, blank=True, db_index=True, editable=False)
    radius_km = models.PositiveSmallIntegerField(_("area radius (km)"), default=30)
    topics = models.ManyToManyField(Topic, blank=True, related_name="collectives")
    open_to_meet = models.BooleanField(_("open to meet travellers"), default=True)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="collectives"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.home_cell = self.home_place.cell if self.home_place_id else None
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collective", "user"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.collective_id} ({self.role})"


def _new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class MembershipCalendar(models.Model):
    """A member's private iCal token for one collective's meet-ups.

    One per membership rather than one per collective: when someone leaves, their feed
    stops working, and a leaked URL is traced to (and reset by) one person.
    """

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="calendar")
    token = models.CharField(max_length=64, unique=True, default=_new_calendar_token)

    def __str__(self) -> str:
        return f"calendar of membership {self.membership_id}"


class JoinOffer(models.Model):
    """An invitation from an admin (the invitee accepts) or a request to join from a
    member (an admin accepts). One open offer per person and collective."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REQUEST = "request", _("Request to join")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="offers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collective_offers"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    message = texts.ProseField(_("message"), max_length=1000, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "user"],
                condition=models.Q(status="pending"),
                name="join_offer_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} → {self.collective_id} ({self.status})"
