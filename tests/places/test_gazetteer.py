"""The gazetteer as travellers name places: small towns, regions, names in five languages."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from travel.places.models import Place
from travel.places.selectors import places_search


def first(client, q, **params):
    response = client.get("/api/places", {"q": q, **params})
    assert response.status_code == 200, response.content
    found = response.json()
    assert found, f"nothing found for {q!r}"
    return found[0]


@pytest.mark.parametrize(
    ("q", "name", "region", "country"),
    [
        ("Narvik", "Narvik", "Nordland", "NO"),
        ("Fauske", "Fauske", "Nordland", "NO"),
        ("Kiruna", "Kiruna", "Norrbotten", "SE"),
        ("Ystad", "Ystad", "Skåne", "SE"),
        ("Lund", "Lund", "Skåne", "SE"),
        ("Tromsø", "Tromsø", "Troms", "NO"),
    ],
)
def test_it_finds_small_towns_with_their_region_and_country(client, db, q, name, region, country):
    found = first(client, q)
    assert found["name"] == name
    assert found["kind"] == "town"
    assert found["region"]["name"] == region
    assert found["country"]["code"] == country
    assert found["country"]["name"]


@pytest.mark.parametrize(
    ("q", "name", "code"),
    [
        ("Skåne", "Skåne", "SE-M"),
        ("Scania", "Skåne", "SE-M"),
        ("Skane", "Skåne", "SE-M"),
        ("Schonen", "Skåne", "SE-M"),
        ("Troms", "Troms", "NO-55"),
        ("Hovedstaden", "Capital Region of Denmark", "DK-84"),
        ("Västra Götaland", "Västra Götaland", "SE-O"),
        ("Schleswig-Holstein", "Schleswig-Holstein", "DE-SH"),
    ],
)
def test_it_finds_regions_by_their_names(client, db, q, name, code):
    found = first(client, q, kind="region")
    assert found["kind"] == "region"
    assert found["name"] == name
    assert found["region"]["code"] == code


def test_skane_is_the_region_not_a_town_abroad(client, db):
    found = first(client, "Skåne")
    assert (found["kind"], found["country"]["code"]) == ("region", "SE")


def test_a_region_has_a_point_and_an_extent_from_its_towns(places):
    skane = Place.objects.get(kind="region", code="SE-M")
    lund, ystad = places("Lund"), places("Ystad")
    south, west, north, east = skane.extent
    for town in (lund, ystad):
        assert town.region_id == skane.pk
        assert south <= town.lat <= north and west <= town.lon <= east
    assert south <= skane.lat <= north and west <= skane.lon <= east
    assert lund.cell in skane.cell_list and ystad.cell in skane.cell_list
    assert skane.population > lund.population


def test_countries_answer_as_countries(client, db):
    found = first(client, "Sverige")
    assert (found["kind"], found["country"]["code"], found["region"]) == ("country", "SE", None)


def test_the_reader_country_breaks_a_tie_between_places_of_one_size(db):
    # Two exact matches of about the same size: the reader's country first.
    a = Place.objects.create(
        geonameid=-901,
        name="Tielund",
        ascii_name="tielund",
        country_code="SE",
        population=1100,
        lat=55.0,
        lon=13.0,
    )
    b = Place.objects.create(
        geonameid=-902,
        name="Tielund",
        ascii_name="tielund",
        country_code="DK",
        population=1200,
        lat=55.0,
        lon=12.0,
    )
    for p in (a, b):
        p.names.create(key="tielund", population=p.population)
    assert places_search(q="Tielund", country="SE")[0] == a
    assert places_search(q="Tielund", country="DK")[0] == b


@pytest.mark.parametrize(
    ("q", "error_field"),
    [("", "q"), ("   ", "q"), ("x" * 10_000, "q")],
)
def test_bad_queries_are_a_clear_400_with_the_field(client, db, q, error_field):
    response = client.get("/api/places", {"q": q})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == error_field and body["message"]


def test_an_unknown_kind_is_a_clear_400(client, db):
    response = client.get("/api/places", {"q": "Lund", "kind": "planet"})
    assert response.status_code == 400
    assert response.json()["field"] == "kind"


def test_kind_town_finds_only_towns(client, db):
    response = client.get("/api/places", {"q": "Troms", "kind": "town"})
    assert all(p["kind"] == "town" for p in response.json())


@pytest.mark.parametrize(
    ("language", "q", "shown", "country"),
    [
        ("da", "Copenhagen", "København", "Danmark"),
        ("de", "København", "Kopenhagen", "Dänemark"),
        ("nb", "Berlin", "Berlin", "Tyskland"),
        ("de", "Scania", "Schonen", "Schweden"),
        ("en", "Kopenhagen", "Copenhagen", "Denmark"),
    ],
)
def test_names_show_in_the_reader_language(client, db, language, q, shown, country):
    found = first(client, q, **{})  # search by any language's name
    with translation.override(language):
        place = Place.objects.get(pk=found["id"])
        assert place.display_name == shown
        assert place.country_display_name == country
    response = client.get("/api/places", {"q": q}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.json()[0]["country"]["name"] == country


def test_the_real_loader_loads_small_towns_of_cities500_and_their_regions(db):
    out = io.StringIO()
    call_command("load_places", countries="NO,SE,GB", stdout=out)
    assert "towns" in out.getvalue()  # progress is shown
    for name, country in [("Narvik", "NO"), ("Fauske", "NO"), ("Kiruna", "SE"), ("Ystad", "SE")]:
        found = places_search(q=name, limit=1)
        assert (found[0].name, found[0].country_code) == (name, country)
        assert found[0].region is not None
    lund = [p.country_code for p in places_search(q="Lund", kind="town", limit=5)]
    assert lund[0] == "SE" and "GB" in lund[1:]  # Lund, Sweden before Lund, England
    assert places_search(q="Boden", limit=1)[0].country_code == "SE"
    # Places of under 5,000 people now exist (the fixture stops at 5,000).
    assert Place.objects.filter(country_code="NO", kind="city", population__lt=5000).exists()
    again = io.StringIO()
    call_command("load_places", countries="NO,SE,GB", stdout=again)
    assert "Already loaded" in again.getvalue()
