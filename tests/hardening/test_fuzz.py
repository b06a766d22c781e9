"""Issue 14, reproduction 7 (P2): the fuzzed point cannot be averaged.

Small edits keep the stored offset (public minus exact); a new one is drawn only for a
real move (300 m or more), and at most once a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hosting.conftest import make_offer
from travel.hosting import services
from travel.hosting.models import HostOffer
from travel.places.geo import distance_km

pytestmark = pytest.mark.django_db
METRE = 0.00001  # of latitude, about 1.1 m


def metres(a, b) -> float:
    return distance_km(a, b) * 1000


def test_thirty_small_edits_cannot_be_averaged_to_the_exact_point(owner):
    offer = make_offer(owner, days=0, exact_lat=59.9139, exact_lon=10.7522)
    publics = []
    for i in range(30):
        offer = HostOffer.objects.get(pk=offer.pk)
        services.offer_update(
            offer=offer, data={"exact_lat": 59.9139 + (i % 2) * METRE, "exact_lon": 10.7522}
        )
        stored = HostOffer.objects.get(pk=offer.pk)
        publics.append(stored.public_point)
        assert 295 <= metres(stored.public_point, (stored.exact_lat, stored.exact_lon)) <= 1005
    centroid = (
        sum(p[0] for p in publics) / len(publics),
        sum(p[1] for p in publics) / len(publics),
    )
    assert metres(centroid, (59.9139, 10.7522)) >= 300


def test_a_real_move_draws_a_new_offset_but_only_once_a_day(owner):
    offer = make_offer(owner, days=0, exact_lat=59.91, exact_lon=10.75)
    HostOffer.objects.filter(pk=offer.pk).update(
        fuzz_drawn_at=offer.fuzz_drawn_at - timedelta(days=2)
    )
    offer = HostOffer.objects.get(pk=offer.pk)
    old_offset = (offer.public_lat - offer.exact_lat, offer.public_lon - offer.exact_lon)
    services.offer_update(offer=offer, data={"exact_lat": 59.95, "exact_lon": 10.75})
    moved = HostOffer.objects.get(pk=offer.pk)
    new_offset = (moved.public_lat - moved.exact_lat, moved.public_lon - moved.exact_lon)
    assert new_offset != pytest.approx(old_offset, abs=2e-5)
    assert 300 <= metres(moved.public_point, (59.95, 10.75)) <= 1000
    # A second real move the same day keeps the offset just drawn.
    services.offer_update(offer=moved, data={"exact_lat": 60.0, "exact_lon": 10.8})
    again = HostOffer.objects.get(pk=offer.pk)
    kept = (again.public_lat - again.exact_lat, again.public_lon - again.exact_lon)
    assert kept == pytest.approx(new_offset, abs=2e-5)


@given(
    lat=st.floats(min_value=59.85, max_value=59.95, allow_nan=False),  # around Oslo
    lon=st.floats(min_value=10.65, max_value=10.85, allow_nan=False),
    steps=st.lists(st.floats(min_value=-0.003, max_value=0.003), min_size=1, max_size=5),
)
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_public_point_never_equals_the_exact_point(owner, lat, lon, steps):
    offer = make_offer(owner, days=0, exact_lat=lat, exact_lon=lon)
    for step in steps:
        assert offer.public_point != (offer.exact_lat, offer.exact_lon)
        assert metres(offer.public_point, (offer.exact_lat, offer.exact_lon)) >= 295
        services.offer_update(
            offer=offer, data={"exact_lat": offer.exact_lat + step, "exact_lon": lon}
        )
        offer = HostOffer.objects.get(pk=offer.pk)
