"""Passing-through for organizers (P4): opted-in trips only, cities and dates, by week."""

from datetime import timedelta

import pytest

from accounts.models import Block
from tests.conftest import make_member
from tests.matching.factories import day, trip
from travel.matching.passing import passing_through


@pytest.fixture
def organizer(db, places):
    """A member of a collective: organizers are who see travellers (P4)."""
    from travel.collectives.models import Collective, Membership

    user = make_member("organizer@example.org", display_name="Org")
    group = Collective.objects.create(name="Oslo Union", home_place=places("Oslo"))
    Membership.objects.create(collective=group, user=user)
    return user


def names(weeks):
    return {row.traveller.email for week in weeks for row in week.rows}


def query(organizer, place, **kw):
    args = dict(radius_km=30, start=day(0), end=day(27), topics=[])
    args.update(kw)
    return passing_through(viewer=organizer, place=place, **args)


def test_it_lists_discoverable_travellers_by_week(places, organizer):
    a, b = make_member("a@example.org"), make_member("b@example.org")
    trip(a, [(places("Oslo"), 1, 3)])
    trip(b, [(places("Oslo"), 9, 10)])
    weeks = query(organizer, places("Oslo"))
    assert names(weeks) == {"a@example.org", "b@example.org"}
    assert len(weeks) == 2
    assert all(w.monday.weekday() == 0 for w in weeks)
    assert [w.count for w in weeks] == [1, 1]


def test_only_travellers_who_opted_in(places, organizer):
    trip(make_member("hidden@example.org"), [(places("Oslo"), 1, 3)], discoverable=False)
    assert names(query(organizer, places("Oslo"))) == set()


def test_blocked_and_invisible_trips_are_left_out(places, organizer):
    blocker = make_member("blocker@example.org")
    Block.objects.create(blocker=blocker, blocked=organizer)
    trip(blocker, [(places("Oslo"), 1, 3)])
    trip(make_member("private@example.org"), [(places("Oslo"), 1, 3)], visibility="only_me")
    assert names(query(organizer, places("Oslo"))) == set()


def test_suspended_members_and_country_level_stops(places, organizer):
    suspended = make_member("suspended@example.org")
    trip(suspended, [(places("Oslo"), 1, 3)])
    type(suspended).objects.filter(pk=suspended.pk).update(is_suspended=True)
    trip(make_member("norway@example.org"), [(places("Norway"), 2, 8)])
    trip(make_member("sweden@example.org"), [(places("Sweden"), 2, 8)])
    assert names(query(organizer, places("Oslo"))) == {"norway@example.org"}


def test_a_trip_with_two_of_the_topics_asked_for_counts_once(places, organizer):
    from tests.matching.factories import topics

    trip(
        make_member("both@example.org"), [(places("Oslo"), 1, 3)], topic_slugs=("unions", "commons")
    )
    [week] = query(organizer, places("Oslo"), topics=topics("unions", "commons"))
    assert (week.count, week.stop_count, len(week.rows)) == (1, 1, 1)


def test_radius_and_dates_bound_the_search(places, organizer):
    trip(make_member("drammen@example.org"), [(places("Drammen"), 1, 3)])  # 35.6 km
    trip(make_member("late@example.org"), [(places("Oslo"), 40, 41)])
    assert names(query(organizer, places("Oslo"), radius_km=35)) == set()
    assert names(query(organizer, places("Oslo"), radius_km=36)) == {"drammen@example.org"}


def test_topics_filter(places, organizer):
    from tests.matching.factories import topics

    trip(make_member("u@example.org"), [(places("Oslo"), 1, 3)], topic_slugs=("unions",))
    trip(make_member("s@example.org"), [(places("Oslo"), 1, 3)], topic_slugs=("solarpunk",))
    weeks = query(organizer, places("Oslo"), topics=topics("solarpunk"))
    assert names(weeks) == {"s@example.org"}


def test_rows_carry_city_and_dates_but_nothing_about_sleeping(places, organizer):
    trip(make_member("a@example.org"), [(places("Oslo"), 1, 3)])
    row = query(organizer, places("Oslo"))[0].rows[0]
    assert row.place == "Oslo"
    assert (row.arrive, row.depart) == (day(1), day(3))
    assert not hasattr(row, "offer") and not hasattr(row, "address")


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"radius_km": 201}, "radius_km"),
        ({"radius_km": 0}, "radius_km"),
        ({"end": day(0) + timedelta(days=92)}, "end"),
        ({"end": day(-1)}, "end"),
    ],
)
def test_bad_queries_are_refused(places, organizer, kw, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        query(organizer, places("Oslo"), **kw)
    assert field in info.value.message_dict


def test_a_busy_week_counts_everyone_and_lists_the_first_ones(places, organizer, monkeypatch):
    from travel.matching import passing

    monkeypatch.setattr(passing, "ROWS_PER_WEEK", 2)
    for i in range(3):
        trip(make_member(f"t{i}@example.org"), [(places("Oslo"), 1, 3)])
    [week] = query(organizer, places("Oslo"), end=day(5))
    assert week.count == 3
    assert len(week.rows) == 2
    assert week.more == 1
