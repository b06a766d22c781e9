"""Places the reference journey names that the test gazetteer (towns of 15,000 people,
no regions) may lack: Narvik and the region Skåne. Made only when load_places did not
make them already (the gazetteer of issue 15 has both)."""

from __future__ import annotations

import pytest

from travel.places.geo import normalise_name
from travel.places.models import Place, PlaceName
from travel.places.selectors import places_search


def _ensure(name: str, *, kind: str, names: list[str], **fields: object) -> Place:
    key = normalise_name(name)
    found = [p for p in places_search(q=name, limit=5) if normalise_name(p.name) == key]
    if found:
        return found[0]
    place = Place.objects.create(kind=kind, name=name, ascii_name=normalise_name(name), **fields)
    for key in {normalise_name(n) for n in [name, *names]}:
        PlaceName.objects.create(place=place, key=key, population=place.population)
    return place


@pytest.fixture
def journey_places(db) -> dict[str, Place]:
    narvik = _ensure(
        "Narvik",
        kind="city",
        names=[],
        geonameid=3144987,
        country_code="NO",
        country_name="Norway",
        lat=68.43,
        lon=17.43,
        population=14141,
        timezone="Europe/Oslo",
    )
    skane = _ensure(
        "Skåne",
        kind="region",
        names=["Scania", "Schonen", "Skåne län"],
        geonameid=-3337385,  # not a town id: cannot collide with one load_places makes
        country_code="SE",
        country_name="Sweden",
        lat=55.8,
        lon=13.5,
        population=1_400_000,
        timezone="Europe/Stockholm",
    )
    return {"narvik": narvik, "skane": skane}
