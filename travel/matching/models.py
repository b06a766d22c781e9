from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from travel.trips.models import Stop, Trip


class Suggestion(models.Model):
    """A stored, explained match for one stop of a trip.

    The target is addressed by kind + target_id (a row of the kind's model), and
    target_user is the person behind it (the other traveller, the local, the host, the
    organizer, whoever added a spot) so blocks and notifications need no join.
    The explanation is stored as facts and rendered in the reader's language.
    """

    class Kind(models.TextChoices):
        TRAVELLER = "traveller", _("Travellers")
        LOCAL = "local", _("Locals")
        COLLECTIVE = "collective", _("Collectives")
        HOST = "host", _("Hosts")
        MEETUP = "meetup", _("Meet-ups")
        SPOT = "spot", _("Free spots")

    class State(models.TextChoices):
        NEW = "new", _("New")
        SEEN = "seen", _("Seen")
        DISMISSED = "dismissed", _("Dismissed")
        ACTED = "acted", _("Acted on")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="suggestions")
    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target_id = models.BigIntegerField()
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()
    facts = models.JSONField(default=dict)
    state = models.CharField(max_length=20, choices=State.choices, default=State.NEW)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stop", "kind", "target_id"], name="suggestion_unique")
        ]
        indexes = [
            models.Index(fields=["trip", "kind"], name="suggestion_trip_kind"),
            models.Index(fields=["kind", "target_id"], name="suggestion_target"),
            models.Index(fields=["target_user", "kind"], name="suggestion_target_user"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id} for stop {self.stop_id} ({self.score:.2f})"


class CollectiveDigest(models.Model):
    """The weekly "who passes through your area" email of a collective, once a week."""

    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(help_text="Monday of the ISO week")
    sent_at = models.DateTimeField(null=True, blank=True)
    travellers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collective", "week"], name="collective_digest_weekly")
        ]

    def __str__(self) -> str:
        return f"collective {self.collective_id} week {self.week}"


# What a locals branch returns beyond its index's key columns.
_LOCAL_READ = ["user", "topics", "profile_visibility", "place"]


class LocalTopic(models.Model):
    """Who is a possible local for a topic, where: one row per (member, topic) for
    members open to meet with a home place.

    A copy of User.topics with the home cell beside the topic, so "holders of topic T
    living in cells C" is one index range scan on (topic, home_cell) instead of a walk
    through every holder of a common topic. Kept by matching.handlers on every
    profile_changed / member_suspended / member_restored event;
    `manage.py rebuild_matcher_indexes` rebuilds it from scratch.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("topics.Topic", on_delete=models.CASCADE, related_name="+")
    home_cell = models.IntegerField()
    country_code = models.CharField(max_length=2)
    # All the member's topic ids, "3,17,42": the score needs them, and they come with
    # the row instead of from a query per search.
    topics = models.TextField(default="")
    # Copies of the profile's, so a search branch reads no member row: who may see the
    # profile, and the home place (its name and point by primary key).
    profile_visibility = models.CharField(max_length=20, default="members")
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", db_index=False, null=True
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="local_topic_unique")]
        indexes = [
            models.Index(
                fields=["topic", "home_cell"], include=_LOCAL_READ, name="local_topic_cell"
            ),
            models.Index(
                fields=["topic", "country_code"], include=_LOCAL_READ, name="local_topic_country"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.topic_id} @{self.home_cell}"


# What a search branch returns beyond its index's key columns (see the indexes below).
_STOP_TOPIC_READ = [
    "trip_id",
    "is_country",
    "tentative",
    "place",
    "lat",
    "lon",
    "visibility",
    "collective_id",
    "topics",
]
_OPENING_READ = [
    "offer",
    "host",
    "kinds",
    "capacity",
    "lat",
    "lon",
    "place",
    "visibility",
    "collective_id",
    "topics",
]


class StopTopic(models.Model):
    """Who travels where, when, caring about what: for every stop of a discoverable trip,
    one row per topic of the trip and one row with no topic.

    A copy of Trip.topics with the stop's cell and dates beside the topic, so "stops
    near cells C, overlapping dates D, whose trip shares topic T" is one index range on
    (topic, cell, arrive) that can stop after a few rows, instead of reading every
    overlapping stop of a big city and looking up each trip's topics; the rows with no
    topic answer "any stop near C during D" from the same index without touching the
    stop table. Each row also copies what the matcher scores and filters on (dates,
    radius, place, tentative, the trip's visibility and collective), so one statement
    of capped branches returns visible candidates ready to score. Kept by
    matching.handlers on every trip_saved event (once per save, in the trip's own
    transaction); `manage.py rebuild_matcher_indexes`
    rebuilds it (and LocalTopic) from scratch. Visibility is checked when reading.
    """

    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("topics.Topic", on_delete=models.CASCADE, related_name="+", null=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Copies of the stop's and trip's columns, so one branch reads everything it scores
    # and filters on (visibility included) without joining another table.
    trip_id = models.IntegerField()
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The place's point (None for a country): distances without reading the place.
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    cell = models.IntegerField(null=True)
    country_code = models.CharField(max_length=2)
    is_country = models.BooleanField()
    arrive = models.DateField()
    depart = models.DateField()
    radius_km = models.PositiveSmallIntegerField()
    tentative = models.BooleanField()
    visibility = models.CharField(max_length=20)
    # Not a foreign key: a deleted collective leaves an id no member belongs to, which
    # shows the row to nobody, as the trip itself (its collective set to null) would.
    collective_id = models.IntegerField(null=True)
    # All the trip's topic ids, "3,17,42", for the score.
    topics = models.TextField(default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stop", "topic"], name="stop_topic_unique"),
            models.UniqueConstraint(
                fields=["stop"], condition=models.Q(topic=None), name="stop_topic_one_untopical"
            ),
        ]
        # Every column a search branch tests or returns is in the index (PostgreSQL:
        # INCLUDE), so a branch reads a few contiguous index pages and no table page:
        # the rows of one (topic, cell) are scattered over the table, their entries not.
        indexes = [
            models.Index(
                fields=["topic", "cell", "arrive", "depart", "radius_km", "owner", "stop"],
                include=_STOP_TOPIC_READ,
                name="stop_topic_cell",
            ),
            models.Index(
                fields=["topic", "country_code", "is_country", "arrive", "depart", "owner", "stop"],
                include=_STOP_TOPIC_READ,
                name="stop_topic_country",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stop_id} {self.topic_id} @{self.cell}"


class OfferOpening(models.Model):
    """When and where a host can take guests: one row per availability window of an
    open offer, with what the matcher scores and filters on (public point, cell,
    country, kinds, capacity, visibility).

    "Open offers near cells C with a window overlapping the nights N" is then one index
    range on (cell, end) that stops after a few rows, instead of a walk through every
    offer of a big city probing its windows. Kept by matching.handlers on every
    offer_changed event (a window's deletion takes its row with it);
    `manage.py rebuild_matcher_indexes` rebuilds it from scratch.
    """

    window = models.OneToOneField(
        "hosting.Availability", on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey("hosting.HostOffer", on_delete=models.CASCADE, related_name="+")
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    cell = models.IntegerField()
    country_code = models.CharField(max_length=2)
    start = models.DateField()
    end = models.DateField()
    kinds = models.CharField(max_length=100)
    capacity = models.PositiveSmallIntegerField()
    lat = models.FloatField()
    lon = models.FloatField()
    visibility = models.CharField(max_length=20)
    collective_id = models.IntegerField(null=True)
    # The host's topic ids, "3,17,42", for the score.
    topics = models.TextField(default="")

    class Meta:
        # As StopTopic's: the branches read their index entries only.
        indexes = [
            models.Index(
                fields=["cell", "end", "start"], include=_OPENING_READ, name="offer_opening_cell"
            ),
            models.Index(
                fields=["country_code", "end", "start"],
                include=_OPENING_READ,
                name="offer_opening_country",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.start}–{self.end} @{self.cell}"
