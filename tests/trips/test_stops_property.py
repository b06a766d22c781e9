"""Property: any valid set of stops comes back sorted by date and unchanged."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from travel.places.models import Place
from travel.trips.models import MAX_STOP_DAYS
from travel.trips.services import StopInput, trip_create, trip_update

# (gap before the stop in days, length in days, radius, tentative, place index)
stop_shapes = st.lists(
    st.tuples(
        st.integers(0, 10),
        st.integers(1, MAX_STOP_DAYS),
        st.integers(1, 200),
        st.booleans(),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=12,
)


def _inputs(shapes, start, cities):
    stops, day = [], start
    for gap, length, radius, tentative, place in shapes:
        arrive = day + timedelta(days=gap)
        depart = arrive + timedelta(days=length - 1)
        stops.append(
            StopInput(
                place_id=cities[place].pk,
                arrive=arrive,
                depart=depart,
                radius_km=radius,
                tentative=tentative,
            )
        )
        day = depart  # the next one may start on the travel day
    return stops


def _key(s):
    return (s.place_id, s.arrive, s.depart, s.radius_km, s.tentative)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(shapes=stop_shapes, order=st.randoms(use_true_random=False))
def test_valid_stops_come_back_sorted_and_unchanged(owner, today, shapes, order):
    cities = list(Place.objects.filter(kind="city", country_code="NO")[:6])
    stops = _inputs(shapes, today, cities)
    shuffled = stops[:]
    order.shuffle(shuffled)
    trip = trip_create(owner=owner, title="Property", stops=shuffled)
    saved = list(trip.stops.all())
    assert [_key(s) for s in saved] == [_key(s) for s in stops]
    assert trip.starts == stops[0].arrive and trip.ends == stops[-1].depart
    # Saving them back unchanged (by id) changes nothing.
    again = [
        StopInput(
            public_id=s.public_id,
            place_id=s.place_id,
            arrive=s.arrive,
            depart=s.depart,
            radius_km=s.radius_km,
            tentative=s.tentative,
        )
        for s in reversed(saved)
    ]
    trip_update(trip=trip, stops=again)
    assert [(s.pk, *_key(s)) for s in trip.stops.all()] == [(s.pk, *_key(s)) for s in saved]
    trip.delete()
