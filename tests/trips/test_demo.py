from __future__ import annotations

from accounts.demo import load_members
from travel.trips.demo import load_trips
from travel.trips.models import Stop, Trip


def test_the_demo_trips_are_idempotent_and_cross_adas_path(db, today):
    ctx = {"today": today}
    load_members(ctx)
    load_trips(ctx)
    load_trips(ctx)
    assert Trip.objects.filter(owner=ctx["people"]["ada"]).count() == 1
    ada = ctx["trips"]["ada"]
    names = [s.display_name for s in ada.stops.all()]
    assert names == ["Oslo", "south Sweden", "Copenhagen", "Berlin"]
    assert ada.starts.weekday() == 1 and ada.starts > today  # the day after next Monday
    assert ada.stops.get(place__name="Copenhagen").tentative
    assert set(ada.need_list) == {"hammock", "floor"} and ada.discoverable
    # Another discoverable traveller shares days with Ada around Malmö/Copenhagen.
    malmo = ada.stops.get(label="south Sweden")
    crossing = Stop.objects.filter(
        trip__discoverable=True,
        country_code__in=["SE", "DK"],
        arrive__lte=malmo.depart,
        depart__gte=malmo.arrive,
    ).exclude(trip=ada)
    assert crossing.exists()
