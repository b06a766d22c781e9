import io

from django.core.management import call_command

from travel.places.models import Place, PlaceName


def snapshot():
    return (
        sorted(Place.objects.values_list("geonameid", "name", "lat", "lon", "cell", "population")),
        sorted(PlaceName.objects.values_list("place__geonameid", "key")),
    )


def test_loading_twice_leaves_the_same_rows(db):
    call_command("load_places", countries="IS", verbosity=0, stdout=io.StringIO())
    first = snapshot()
    call_command("load_places", countries="IS", verbosity=0, stdout=io.StringIO())
    assert snapshot() == first
    assert Place.objects.filter(country_code="IS", kind="city").exists()
    assert Place.objects.get(country_code="IS", kind="country").name == "Iceland"


def test_cities_carry_their_grid_cell_and_time_zone(places):
    oslo = places("Oslo")
    assert oslo.cell is not None
    assert oslo.timezone == "Europe/Oslo"
    assert oslo.population > 500000
