"""P2: the public point is 300–1000 m from the exact one, drawn once and stored, moved
only with the exact point; map-box searches follow the public point only."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from travel.hosting import selectors, services
from travel.hosting.models import HostOffer, fuzz_point
from travel.places.geo import distance_km
from travel.places.grid import cell_for
from travel.places.models import Place

from .conftest import make_offer

lats = st.floats(min_value=-80, max_value=80, allow_nan=False)
lons = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)


@given(lat=lats, lon=lons)
@settings(max_examples=500)
def test_it_draws_a_point_300_to_1000_metres_away(lat, lon):
    public = fuzz_point(lat, lon)
    metres = distance_km((lat, lon), public) * 1000
    assert 300 <= metres <= 1000


def test_it_draws_directions_all_around():
    bearings = set()
    for _ in range(200):
        plat, plon = fuzz_point(0.0, 0.0)
        bearings.add((plat > 0, plon > 0))
    assert bearings == {(True, True), (True, False), (False, True), (False, False)}


@given(
    lat=st.floats(min_value=54, max_value=64, allow_nan=False),
    lon=st.floats(min_value=5, max_value=25, allow_nan=False),
    new_title=st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Cf")), min_size=1, max_size=30
    ).filter(str.strip),
    capacity=st.integers(min_value=1, max_value=20),
)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_it_keeps_the_public_point_across_reads_and_saves_that_do_not_move(
    owner, lat, lon, new_title, capacity
):
    city = Place.objects.filter(kind=Place.Kind.CITY).first()
    offer = make_offer(owner, days=0, exact_lat=lat, exact_lon=lon, place=city)
    first = (offer.public_lat, offer.public_lon, offer.cell)
    assert 300 <= distance_km((lat, lon), first[:2]) * 1000 <= 1000
    assert first[2] == cell_for(*first[:2])
    for _ in range(100):
        again = HostOffer.objects.get(pk=offer.pk)
        assert (again.public_lat, again.public_lon, again.cell) == first
    again = HostOffer.objects.get(pk=offer.pk)
    services.offer_update(
        offer=again,
        data={"title": new_title, "capacity": capacity, "exact_lat": lat, "exact_lon": lon},
    )
    again.save()
    again.save(update_fields=["title"])
    stored = HostOffer.objects.get(pk=offer.pk)
    assert (stored.public_lat, stored.public_lon, stored.cell) == first


@pytest.mark.django_db
def test_it_draws_a_new_public_point_when_the_exact_point_moves(owner):
    offer = make_offer(owner, days=0)
    before = offer.public_point
    services.offer_update(offer=offer, data={"exact_lat": 55.6, "exact_lon": 13.0})
    stored = HostOffer.objects.get(pk=offer.pk)
    assert stored.public_point != before
    assert 300 <= distance_km((55.6, 13.0), stored.public_point) * 1000 <= 1000
    assert stored.cell == cell_for(*stored.public_point)


@pytest.mark.django_db
def test_a_kept_offset_stays_300_to_1000_metres_away_at_any_latitude(owner):
    """Within a day of the last draw the offset is kept: moving the exact point from
    Tromsø to Malmö must keep it in the ring (an offset kept in degrees would stretch
    east-west by half again at the lower latitude)."""
    for _ in range(12):
        offer = make_offer(owner, days=0)
        services.offer_update(offer=offer, data={"exact_lat": 69.65, "exact_lon": 18.96})
        services.offer_update(offer=offer, data={"exact_lat": 55.6, "exact_lon": 13.0})
        stored = HostOffer.objects.get(pk=offer.pk)
        assert 300 <= distance_km((55.6, 13.0), stored.public_point) * 1000 <= 1000


@pytest.mark.django_db
def test_it_redraws_when_the_exact_point_is_changed_outside_the_services(owner):
    offer = make_offer(owner, days=0)
    before = offer.public_point
    fetched = HostOffer.objects.get(pk=offer.pk)
    fetched.exact_lat = 57.7
    fetched.save()
    assert HostOffer.objects.get(pk=offer.pk).public_point != before


offsets = st.floats(min_value=-0.02, max_value=0.02, allow_nan=False)
sizes = st.floats(min_value=0.0005, max_value=0.03, allow_nan=False)


@given(dx=offsets, dy=offsets, w=sizes, h=sizes)
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_map_boxes_follow_the_public_point_only(bbox_offer, dx, dy, w, h):
    offer, viewer = bbox_offer
    # Boxes scattered around both points: some hold one, some the other, some both.
    min_lon, min_lat = offer.exact_lon + dx - w / 2, offer.exact_lat + dy - h / 2
    box = selectors.BBox(min_lon, min_lat, min_lon + w, min_lat + h)
    found = offer.pk in {o.pk for o in selectors.offers_in_bbox(viewer=viewer, bbox=box)}
    public_inside = (
        box.min_lat <= offer.public_lat <= box.max_lat
        and box.min_lon <= offer.public_lon <= box.max_lon
    )
    assert found == public_inside


@pytest.fixture
def bbox_offer(owner, member):
    return make_offer(owner, days=0), member


@pytest.mark.django_db
def test_a_box_around_only_the_exact_point_finds_nothing(owner, member):
    offer = make_offer(owner, days=0)
    tiny = 0.0005  # ~50 m: the public point is at least 300 m away
    box = selectors.BBox(
        offer.exact_lon - tiny,
        offer.exact_lat - tiny,
        offer.exact_lon + tiny,
        offer.exact_lat + tiny,
    )
    assert selectors.offers_in_bbox(viewer=member, bbox=box) == []
    box = selectors.BBox(
        offer.public_lon - tiny,
        offer.public_lat - tiny,
        offer.public_lon + tiny,
        offer.public_lat + tiny,
    )
    assert [o.pk for o in selectors.offers_in_bbox(viewer=member, bbox=box)] == [offer.pk]


@pytest.mark.django_db
def test_distances_shown_near_a_place_are_whole_km_from_the_public_point(owner, member):
    offer = make_offer(owner, days=0)
    [(found, km)] = selectors.offers_near(
        viewer=member, lat=offer.exact_lat, lon=offer.exact_lon, radius_km=5
    )
    assert found.pk == offer.pk
    assert isinstance(km, int)
    assert km == round(distance_km((offer.exact_lat, offer.exact_lon), offer.public_point))
