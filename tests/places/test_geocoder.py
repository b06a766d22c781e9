import pytest
from geopy.location import Location

from travel.places.geocoder import GazetteerGeocoder
from travel.places.models import Place


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Goteborg", "Gothenburg"),
        ("göteborg", "Gothenburg"),
        ("København", "Copenhagen"),
        ("kobenhavn", "Copenhagen"),
        ("Tromso", "Tromsø"),
        ("TROMSØ", "Tromsø"),
        ("Malmo", "Malmö"),
        ("Köln", "Cologne"),
        ("Cologne", "Cologne"),
    ],
)
def test_it_finds_places_by_any_name_ignoring_accents_and_case(db, query, expected):
    location = GazetteerGeocoder().geocode(query)
    assert isinstance(location, Location)
    assert location.address.startswith(expected)


def test_it_finds_countries(db):
    location = GazetteerGeocoder().geocode("Sverige")
    assert location.raw["kind"] == Place.Kind.COUNTRY
    assert location.raw["country_code"] == "SE"


def test_it_prefers_the_exact_name_over_a_longer_one(db):
    assert GazetteerGeocoder().geocode("Lund").address == "Lund, Sweden"


def test_it_returns_several_when_asked(db):
    locations = GazetteerGeocoder().geocode("Berg", exactly_one=False, limit=5)
    assert 1 < len(locations) <= 5


def test_it_returns_none_for_unknown_names(db):
    assert GazetteerGeocoder().geocode("Atlantis-under-the-sea") is None
    assert GazetteerGeocoder().geocode("   ") is None


def test_it_reverse_geocodes_to_the_nearest_city(db):
    location = GazetteerGeocoder().reverse((59.913, 10.752))
    assert location.address == "Oslo, Norway"
    assert location.latitude == pytest.approx(59.91, abs=0.05)


def test_reverse_in_the_middle_of_the_sea_finds_nothing(db):
    assert GazetteerGeocoder().reverse((0.0, -30.0)) is None


@pytest.mark.parametrize(
    ("query", "first"),
    [("Lund", "Lund"), ("Malm", "Malmö"), ("Kirun", "Kiruna"), ("Gote", "Gothenburg")],
)
def test_a_prefix_of_the_places_own_name_beats_odd_alternate_names(db, query, first):
    from travel.places.selectors import places_search

    assert places_search(q=query, limit=5)[0].name == first
