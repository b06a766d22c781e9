from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Visibility
from tests.trips.conftest import stop
from travel import events
from travel.trips.models import Stop, Trip
from travel.trips.services import (
    StopInput,
    trip_calendar_token_reset,
    trip_create,
    trip_delete,
    trip_update,
)


def _errors(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def test_it_saves_stops_in_date_order_and_keeps_starts_and_ends(owner, places, today):
    d = today + timedelta(days=10)
    trip = trip_create(
        owner=owner,
        title="South",
        stops=[stop(places("Berlin"), d + timedelta(days=6)), stop(places("Oslo"), d)],
        needs=["hammock", "floor"],
    )
    assert [s.place.name for s in trip.stops.all()] == ["Oslo", "Berlin"]
    assert trip.starts == d and trip.ends == d + timedelta(days=8)
    assert trip.needs == "floor,hammock"
    oslo = trip.stops.first()
    assert (oslo.cell, oslo.country_code, oslo.is_country) == (places("Oslo").cell, "NO", False)


def test_it_makes_a_country_stop_from_a_code_or_a_country_place(owner, places, today):
    d = today + timedelta(days=3)
    trip = trip_create(
        owner=owner,
        title="Sweden",
        stops=[
            StopInput(country="se", label="south Sweden", arrive=d, depart=d + timedelta(days=2)),
            StopInput(
                place_id=places("Denmark").pk,
                arrive=d + timedelta(days=2),
                depart=d + timedelta(days=4),
            ),
        ],
    )
    first, second = trip.stops.all()
    assert first.is_country and first.country_code == "SE" and first.label == "south Sweden"
    assert second.is_country and second.country_code == "DK"


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ("reversed", "stops.1.depart", "before you arrive"),
        ("overlap", "stops.1.arrive", "overlaps"),
        ("forty_days", "stops.0.depart", "lasts 40 days"),
        ("unknown_place", "stops.1.place", "don't know a place with id 999999999"),
        ("unknown_country", "stops.1.country", "don't know the country"),
        ("city_and_country", "stops.1.country", "either a city or a whole country"),
        ("neither", "stops.1.place", "choose a city or a whole country"),
        ("radius_zero", "stops.0.radius_km", "between 1 and 200"),
        ("radius_big", "stops.0.radius_km", "between 1 and 200"),
        ("past", "stops.1.depart", "in the past"),
        ("sixty_one", "stops", "at most 60 stops"),
        ("none", "stops", "at least one stop"),
    ],
)
def test_it_refuses_bad_stops_naming_the_stop_and_field(owner, places, today, case, field, words):
    d = today + timedelta(days=5)
    oslo, malmo = places("Oslo"), places("Malmö")
    stops = [stop(oslo, d, 3), stop(malmo, d + timedelta(days=2), 3)]
    if case == "reversed":
        stops[1].depart = stops[1].arrive - timedelta(days=1)
    elif case == "overlap":
        stops[1].arrive = d + timedelta(days=1)
    elif case == "forty_days":
        stops = [stop(oslo, d, 40)]
    elif case == "unknown_place":
        stops[1].place_id = 999999999
    elif case == "unknown_country":
        stops[1] = StopInput(country="XX", arrive=stops[1].arrive, depart=stops[1].depart)
    elif case == "city_and_country":
        stops[1].country = "SE"
    elif case == "neither":
        stops[1].place_id = None
    elif case == "radius_zero":
        stops[0].radius_km = 0
    elif case == "radius_big":
        stops[0].radius_km = 201
    elif case == "past":
        stops = [stop(oslo, today - timedelta(days=9)), stop(malmo, today - timedelta(days=7))]
    elif case == "sixty_one":
        stops = [stop(oslo, d + timedelta(days=i), 1) for i in range(61)]
    elif case == "none":
        stops = []
    with pytest.raises(ValidationError) as exc_info:
        trip_create(owner=owner, title="Bad", stops=stops)
    errors = _errors(exc_info)
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert not Trip.objects.exists() and not Stop.objects.exists()


def test_its_messages_name_the_stop_for_a_person(owner, places, today):
    d = today + timedelta(days=5)
    bad = stop(places("Malmö"), d, 3, label="south Sweden")
    bad.depart = d - timedelta(days=2)
    with pytest.raises(ValidationError) as exc_info:
        trip_create(
            owner=owner, title="Bad", stops=[stop(places("Oslo"), d - timedelta(days=5)), bad]
        )
    assert _errors(exc_info)["stops.1.depart"][0].startswith("Stop 2 (south Sweden):")


def test_stops_may_share_the_travel_day(owner, places, today):
    d = today + timedelta(days=5)
    trip = trip_create(
        owner=owner,
        title="Hop",
        stops=[stop(places("Oslo"), d, 3), stop(places("Malmö"), d + timedelta(days=2), 3)],
    )
    assert trip.stops.count() == 2


def test_a_stop_of_31_days_is_fine(owner, places, today):
    trip = trip_create(owner=owner, title="Long", stops=[stop(places("Oslo"), today, 31)])
    assert trip.stops.get().days == 31


def test_it_reports_every_problem_at_once(owner, places, today):
    d = today + timedelta(days=5)
    first = stop(places("Oslo"), d, 3, radius_km=500)
    second = StopInput(place_id=999999999, arrive=d + timedelta(days=4), depart=d)
    with pytest.raises(ValidationError) as exc_info:
        trip_create(owner=owner, title="", stops=[first, second])
    assert {"title", "stops.0.radius_km", "stops.1.place", "stops.1.depart"} <= set(
        _errors(exc_info)
    )


def test_collective_visibility_needs_a_collective_the_owner_belongs_to(
    owner, member, places, today, collective
):
    stops = [stop(places("Oslo"), today + timedelta(days=2))]
    with pytest.raises(ValidationError) as exc_info:
        trip_create(owner=owner, title="T", stops=stops, visibility=Visibility.COLLECTIVE)
    assert "collective" in _errors(exc_info)
    with pytest.raises(ValidationError) as exc_info:
        trip_create(
            owner=member,
            title="T",
            stops=stops,
            visibility=Visibility.COLLECTIVE,
            collective=collective,
        )
    assert "belong to" in _errors(exc_info)["collective"][0]
    trip = trip_create(
        owner=owner, title="T", stops=stops, visibility=Visibility.COLLECTIVE, collective=collective
    )
    assert trip.collective == collective


def test_it_forgets_the_collective_when_visibility_changes(owner, make_trip, collective):
    trip = make_trip(owner, visibility=Visibility.COLLECTIVE, collective=collective)
    trip = trip_update(trip=trip, fields={"visibility": Visibility.MEMBERS})
    trip.refresh_from_db()
    assert trip.collective is None


def test_update_creates_changes_and_deletes_stops(owner, places, make_trip, today):
    trip = make_trip(owner, cities=["Oslo", "Malmö", "Berlin"])
    oslo, malmo, berlin = trip.stops.all()
    d = today + timedelta(days=30)
    trip_update(
        trip=trip,
        stops=[
            StopInput(
                public_id=berlin.public_id,
                place_id=places("Hamburg").pk,
                arrive=d + timedelta(days=5),
                depart=d + timedelta(days=6),
                tentative=True,
            ),
            StopInput(public_id=oslo.public_id, place_id=oslo.place_id, arrive=d, depart=d),
            stop(places("Copenhagen"), d + timedelta(days=2)),
        ],
    )
    trip.refresh_from_db()
    rows = list(trip.stops.all())
    assert [s.place.name for s in rows] == ["Oslo", "Copenhagen", "Hamburg"]
    assert rows[0].public_id == oslo.public_id and rows[2].public_id == berlin.public_id
    assert rows[2].tentative and rows[2].cell == places("Hamburg").cell
    assert not Stop.objects.filter(pk=malmo.pk).exists()
    assert (trip.starts, trip.ends) == (d, d + timedelta(days=6))


def test_update_refuses_a_stop_of_another_trip_and_saves_nothing(owner, member, make_trip):
    mine, theirs = make_trip(owner), make_trip(member)
    other = theirs.stops.first()
    before = [(s.pk, s.arrive) for s in mine.stops.all()]
    with pytest.raises(ValidationError) as exc_info:
        trip_update(
            trip=mine,
            fields={"title": "Changed"},
            stops=[
                StopInput(
                    public_id=other.public_id,
                    place_id=other.place_id,
                    arrive=other.arrive,
                    depart=other.depart,
                )
            ],
        )
    assert "stops.0.id" in _errors(exc_info)
    mine.refresh_from_db()
    assert mine.title == "To the south"
    assert [(s.pk, s.arrive) for s in mine.stops.all()] == before
    assert theirs.stops.count() == 2


def test_update_without_stops_keeps_them(owner, make_trip):
    trip = make_trip(owner)
    ids = [s.pk for s in trip.stops.all()]
    trip_update(trip=trip, fields={"title": "New title", "needs": ["tent"]})
    trip.refresh_from_db()
    assert trip.title == "New title" and trip.need_list == ["tent"]
    assert [s.pk for s in trip.stops.all()] == ids


def test_unknown_needs_are_refused(owner, places, today):
    with pytest.raises(ValidationError) as exc_info:
        trip_create(owner=owner, title="T", stops=[stop(places("Oslo"), today)], needs=["castle"])
    assert "needs" in _errors(exc_info)


def test_it_says_what_changed_with_ids_once_per_change(owner, make_trip, places):
    heard: list[tuple] = []

    def saved(sender, trip_id, owner_id, created, removed_stop_ids=(), **kwargs):
        heard.append(("saved", trip_id, owner_id, created, tuple(removed_stop_ids)))

    def deleted(sender, trip_id, owner_id, stop_ids, **kwargs):
        heard.append(("deleted", trip_id, owner_id, tuple(stop_ids)))

    events.trip_saved.connect(saved)
    events.trip_deleted.connect(deleted)
    try:
        trip = make_trip(owner)
        assert heard == [("saved", trip.pk, owner.pk, True, ())]
        old_stops = tuple(trip.stops.values_list("pk", flat=True))
        trip_update(trip=trip, stops=[stop(places("Berlin"), timezone.localdate())])
        assert heard[-1] == ("saved", trip.pk, owner.pk, False, old_stops)
        new_stops = tuple(trip.stops.values_list("pk", flat=True))
        trip_delete(trip=trip)
        assert heard[-1] == ("deleted", trip.pk, owner.pk, new_stops)
        assert len(heard) == 3
    finally:
        events.trip_saved.disconnect(saved)
        events.trip_deleted.disconnect(deleted)


def test_a_failed_change_announces_nothing(owner, make_trip, django_capture_on_commit_callbacks):
    trip = make_trip(owner)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        trip_update(trip=trip, stops=[])
    assert callbacks == []


def test_resetting_the_calendar_token_changes_it(owner, make_trip):
    trip = make_trip(owner)
    old = trip.calendar_token
    new = trip_calendar_token_reset(trip=trip)
    trip.refresh_from_db()
    assert new != old and trip.calendar_token == new and len(new) >= 30
