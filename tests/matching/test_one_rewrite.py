"""One save, one index rewrite: the matcher's rows follow the trip's event, not every
model save and m2m change along the way."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import make_member
from tests.matching.factories import topics
from travel.matching.models import StopTopic
from travel.trips import services as trips
from travel.trips.services import StopInput


def rewrites(queries) -> int:
    """How many times StopTopic rows were rewritten (each rewrite deletes a trip's rows)."""
    table = StopTopic._meta.db_table
    return sum(
        1 for q in queries if q["sql"].lstrip().upper().startswith("DELETE") and table in q["sql"]
    )


def test_a_trip_with_three_stops_writes_its_rows_once_and_once_more_per_update(places, db):
    today = timezone.localdate()
    owner = make_member("ada@example.org", display_name="Ada")
    stops = [
        StopInput(today + timedelta(days=1), today + timedelta(days=3), places("Oslo").pk),
        StopInput(today + timedelta(days=3), today + timedelta(days=6), places("Malmö").pk),
        StopInput(today + timedelta(days=6), today + timedelta(days=9), places("Berlin").pk),
    ]
    with CaptureQueriesContext(connection) as created:
        trip = trips.trip_create(
            owner=owner,
            title="South",
            stops=stops,
            topics=topics("unions", "commons"),
            discoverable=True,
            today=today,
        )
    assert rewrites(created.captured_queries) == 1
    assert StopTopic.objects.filter(trip_id=trip.pk).count() == 3 * 3

    with CaptureQueriesContext(connection) as updated:
        trips.trip_update(
            trip=trip, fields={"title": "Far south", "topics": topics("unions")}, today=today
        )
    assert rewrites(updated.captured_queries) == 1
    assert StopTopic.objects.filter(trip_id=trip.pk).count() == 3 * 2
