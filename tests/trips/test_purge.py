from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from travel.trips.models import Stop, Trip
from travel.trips.services import trips_purge_past
from travel.trips.tasks import purge_past_trips
from travel.wiring.house import BEAT_SCHEDULE as BEAT


@pytest.fixture
def trips(owner, make_trip, today):
    """Trips ending 31, 30 and 29 days before `today + 40`."""
    made = {}
    for ago in (31, 30, 29):
        made[ago] = make_trip(owner, title=f"{ago}", cities=["Oslo"], start=today, days=10 - 0)
        Trip.objects.filter(pk=made[ago].pk).update(ends=today - timedelta(days=ago))
    return made


def test_it_deletes_trips_ended_more_than_the_retention_ago(trips, today, settings):
    settings.PAST_TRIP_RETENTION_DAYS = 30
    assert trips_purge_past(today=today) == 1
    assert sorted(Trip.objects.values_list("title", flat=True)) == ["29", "30"]
    assert Stop.objects.count() == 2


def test_it_is_idempotent(trips, today, settings):
    settings.PAST_TRIP_RETENTION_DAYS = 30
    assert trips_purge_past(today=today) == 1
    assert trips_purge_past(today=today) == 0
    assert Trip.objects.count() == 2


def test_the_retention_is_a_setting(trips, today, settings):
    settings.PAST_TRIP_RETENTION_DAYS = 0
    assert trips_purge_past(today=today) == 3


def test_the_command_purges_and_can_run_twice(trips, today, settings):
    settings.PAST_TRIP_RETENTION_DAYS = 30
    out = io.StringIO()
    call_command("purge_past_trips", today=str(today), stdout=out)
    call_command("purge_past_trips", today=str(today), stdout=out)
    assert "Deleted 1 past trip" in out.getvalue() and "Deleted 0 past trip" in out.getvalue()
    assert Trip.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("purge_past_trips", today="yesterday")


def test_the_task_purges_and_can_run_twice(trips, settings):
    settings.PAST_TRIP_RETENTION_DAYS = 30
    assert purge_past_trips.delay().get() == 1
    assert purge_past_trips.delay().get() == 0


def test_beat_runs_it_daily():
    assert BEAT["purge-past-trips"]["task"] == "travel.trips.tasks.purge_past_trips"
    assert purge_past_trips.name == "travel.trips.tasks.purge_past_trips"


@pytest.mark.worker
def test_a_real_worker_purges_once(real_worker, owner, places, settings):
    from django.utils import timezone

    from tests.conftest import wait_for
    from tests.trips.conftest import stop
    from travel.trips.services import trip_create

    settings.PAST_TRIP_RETENTION_DAYS = 30
    today = timezone.localdate()
    trip = trip_create(owner=owner, title="Old", stops=[stop(places("Oslo"), today)])
    Trip.objects.filter(pk=trip.pk).update(ends=today - timedelta(days=45))
    purge_past_trips.delay()
    wait_for(lambda: not Trip.objects.filter(pk=trip.pk).exists())
    purge_past_trips.delay()  # a second run finds nothing and fails nothing
    assert Trip.objects.count() == 0
