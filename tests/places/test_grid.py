from hypothesis import given
from hypothesis import strategies as st

from travel.places.geo import distance_km, normalise_name
from travel.places.grid import cell_for, cells_within

lats = st.floats(min_value=-80, max_value=80, allow_nan=False)
lons = st.floats(min_value=-180, max_value=179.999, allow_nan=False)


@given(
    lat=lats,
    lon=lons,
    bearing=st.floats(0, 360),
    fraction=st.floats(0, 1),
    radius=st.floats(1, 200),
)
def test_every_point_within_the_radius_lies_in_a_listed_cell(lat, lon, bearing, fraction, radius):
    from geopy.distance import great_circle

    target = great_circle(kilometers=radius * fraction).destination((lat, lon), bearing)
    assert distance_km((lat, lon), (target.latitude, target.longitude)) <= radius + 1e-6
    assert cell_for(target.latitude, target.longitude) in cells_within(lat, lon, radius)


def test_cells_are_half_degree_squares():
    assert cell_for(59.91, 10.75) == cell_for(59.99, 10.99)
    assert cell_for(59.91, 10.75) != cell_for(60.01, 10.75)
    assert cell_for(59.91, 10.75) != cell_for(59.91, 11.01)


def test_names_are_normalised_without_accents_case_or_punctuation():
    assert normalise_name("København") == "kobenhavn"
    assert normalise_name("  Tromsø ") == "tromso"
    assert normalise_name("Frankfurt am Main") == "frankfurt am main"
    assert normalise_name("Saint-Étienne") == "saint etienne"


def test_a_point_due_north_at_the_edge_of_the_radius_is_in_a_listed_cell():
    # Found by Hypothesis: with 111.32 km per degree the band stopped short of the edge.
    from geopy.distance import great_circle

    edge = great_circle(kilometers=139.5).destination((1.74609375, 0.0), 0.0)
    assert cell_for(edge.latitude, edge.longitude) in cells_within(1.74609375, 0.0, 139.5)
