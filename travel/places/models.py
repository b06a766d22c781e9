from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from travel.places.grid import cell_for


class Place(models.Model):
    """A gazetteer entry: a city (GeoNames, population >= 15000) or a whole country."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
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

    class Meta:
        ordering = ["-population"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: object, **kwargs: object) -> None:
        if self.lat is not None and self.lon is not None:
            self.cell = cell_for(self.lat, self.lon)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def label(self) -> str:
        if self.kind == self.Kind.COUNTRY:
            return self.name
        return f"{self.name}, {self.country_name or self.country_code}"

    @property
    def point(self) -> tuple[float, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)


class PlaceName(models.Model):
    """One searchable name of a place (main, ASCII or alternate), normalised."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    key = models.CharField(max_length=200)
    # The population is copied here so a prefix search can rank without a join.
    population = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "place"], name="place_name_unique")]
        indexes = [models.Index(fields=["key", "population"], name="place_name_key")]

    def __str__(self) -> str:
        return self.key
