from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from travel.places.grid import cell_for


def reader_language() -> str:
    """The active language's base code ("nb" for "nb-no"), as the names are keyed."""
    return (get_language() or "en").split("-")[0].lower()


# country code -> {language: name}, read once from the country places (a few hundred).
_COUNTRY_NAMES: dict[str, dict[str, str]] = {}


def country_name_in(code: str, language: str | None = None, default: str = "") -> str:
    """A country's name in the reader's language ("Tyskland" in nb), else `default`."""
    if not _COUNTRY_NAMES:
        rows = Place.objects.filter(kind=Place.Kind.COUNTRY).values_list(
            "country_code", "name", "local_names"
        )
        for cc, name, names in rows:
            _COUNTRY_NAMES[cc] = {"en": name, **(names or {})}
    names = _COUNTRY_NAMES.get(code, {})
    return names.get(language or reader_language()) or names.get("en") or default or code


class Place(models.Model):
    """A gazetteer entry: a town (GeoNames populated place of >= 500 people), a
    first-level region (Skåne, Troms, Hovedstaden) or a whole country.

    A town knows its region (`region`). A region's point is the population-weighted
    centre of its towns, its `extent` their bounding box ([south, west, north, east]) and
    `cells` the grid cells they lie in, so a region stop is searched as a few cells and
    then checked by region. `local_names` holds the names in the languages we serve
    where GeoNames or pycountry knows them ({"de": "Kopenhagen"}).
    """

    class Kind(models.TextChoices):
        # Stored as "city" (older rows and callers); the API calls it "town".
        CITY = "city", _("Town")
        REGION = "region", _("Region")
        COUNTRY = "country", _("Country")

    geonameid = models.IntegerField(unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CITY)
    name = models.CharField(max_length=200)
    ascii_name = models.CharField(max_length=200, db_index=True)
    country_code = models.CharField(max_length=2, db_index=True)
    country_name = models.CharField(max_length=100, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    population = models.BigIntegerField(default=0)
    timezone = models.CharField(max_length=64, blank=True)
    cell = models.IntegerField(null=True, blank=True, db_index=True)
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A region's ISO 3166-2 code ("SE-M") where one is known, else GeoNames' ("SE.27").
    code = models.CharField(max_length=12, blank=True, db_index=True)
    local_names = models.JSONField(default=dict, blank=True)
    extent = models.JSONField(null=True, blank=True)
    cells = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-population"]
        indexes = [
            # One- and two-letter searches: places of 15,000 people or more by name.
            # PostgreSQL: INCLUDE the id, so the search reads index pages only.
            models.Index(
                fields=["ascii_name", "population"],
                condition=models.Q(population__gte=15000),
                include=["id"],
                name="place_major_name",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.lat is not None and self.lon is not None:
            self.cell = cell_for(self.lat, self.lon)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The name in the reader's language where known ("Kopenhagen" in de)."""
        return (self.local_names or {}).get(reader_language()) or self.name

    @property
    def country_display_name(self) -> str:
        return country_name_in(self.country_code, default=self.country_name)

    @property
    def label(self) -> str:
        """ "Lund, Sweden"; "Skåne (region), Sweden"; "Germany", in the reader's language."""
        if self.kind == self.Kind.COUNTRY:
            return self.display_name
        return f"{self.display_name}, {self.country_display_name}"

    @property
    def api_kind(self) -> str:
        return "town" if self.kind == self.Kind.CITY else str(self.kind)

    @property
    def point(self) -> tuple[float, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)

    @property
    def cell_list(self) -> list[int]:
        return [int(c) for c in self.cells.split(",") if c]


class PlaceName(models.Model):
    """One searchable name of a place (main, ASCII or alternate), normalised."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    key = models.CharField(max_length=200)
    # The population is copied here so a prefix search can rank without a join.
    population = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "place"], name="place_name_unique")]
        indexes = [
            models.Index(fields=["key", "population"], name="place_name_key"),
            # Short prefixes ("O", "Os") match tens of thousands of names: they are
            # answered from the places of 15,000 people or more, a small partial index.
            models.Index(
                fields=["key", "population"],
                condition=models.Q(population__gte=15000),
                include=["place"],
                name="place_name_major",
            ),
        ]

    def __str__(self) -> str:
        return self.key
