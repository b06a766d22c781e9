"""The queries to compute one trip's suggestions depend on its stops, not on the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_member
from tests.matching.factories import local, trip
from travel.collectives.models import Collective
from travel.matching.services import trip_suggestions_refresh


def populate(places, n):
    for i in range(n):
        person = make_member()
        city = ["Oslo", "Malmö", "Lund", "Berlin"][i % 4]
        local(person, places(city), "unions", "commons")
        trip(person, [(places(city), i % 5, i % 5 + 3)], topic_slugs=("unions",))
        Collective.objects.create(name=f"C{i}", home_place=places(city)).topics.set(
            person.topics.all()
        )


def queries_for(mine):
    with CaptureQueriesContext(connection) as ctx:
        trip_suggestions_refresh(trip_id=mine.pk)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_data(places):
    ada = make_member("ada@example.org")
    mine = trip(
        ada, [(places("Oslo"), 0, 3), (places("Malmö"), 4, 6)], topic_slugs=("unions", "commons")
    )
    populate(places, 4)
    small = queries_for(mine)
    populate(places, 40)
    # Run twice on the larger set: the first run creates rows, the second only compares.
    large = queries_for(mine)
    assert large == small, (small, large)
    assert queries_for(mine) <= large
