"""Traveller matching: near (within the larger radius), overlapping (a shared day),
discoverable, visible, not blocked; symmetric."""

import pytest

from accounts.models import Block
from tests.conftest import make_member
from tests.matching.factories import trip
from travel.matching import candidates as search
from travel.matching.models import Suggestion
from travel.matching.services import compute_trip, trip_suggestions_refresh


def found(t, kind="traveller"):
    return {(stop.place.name, c.target_user_id) for stop, c in compute_trip(t) if c.kind == kind}


@pytest.fixture
def ada(db):
    return make_member("ada@example.org", display_name="Ada")


@pytest.fixture
def tariq(db):
    return make_member("tariq@example.org", display_name="Tariq")


def test_it_matches_a_stop_within_the_radius_on_a_shared_day(places, ada, tariq):
    mine = trip(ada, [(places("Malmö"), 0, 3, 17)])
    trip(tariq, [(places("Lund"), 3, 5, 10)])  # 16.4 km apart; share day 3
    assert found(mine) == {("Malmö", tariq.pk)}


def test_it_uses_the_larger_of_the_two_radii(places, ada, tariq):
    mine = trip(ada, [(places("Malmö"), 0, 3, 10)])
    trip(tariq, [(places("Lund"), 0, 3, 17)])  # their radius reaches us
    assert found(mine) == {("Malmö", tariq.pk)}


def test_just_past_both_radii_is_no_match(places, ada, tariq):
    mine = trip(ada, [(places("Malmö"), 0, 3, 16)])
    trip(tariq, [(places("Lund"), 0, 3, 16)])  # 16.4 km > 16
    assert found(mine) == set()


def test_the_last_day_counts_and_the_day_after_does_not(places, ada, tariq):
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    trip(tariq, [(places("Oslo"), 3, 6)])
    assert found(mine) == {("Oslo", tariq.pk)}
    other = make_member()
    trip(other, [(places("Oslo"), 4, 6)])
    assert other.pk not in {u for _, u in found(mine)}


def test_a_long_stop_that_started_a_month_earlier_is_found(places, ada, tariq):
    mine = trip(ada, [(places("Oslo"), 40, 42)])
    trip(tariq, [(places("Oslo"), 11, 41)])  # 31 days, started 29 days before ours
    assert found(mine) == {("Oslo", tariq.pk)}


def test_a_country_level_stop_matches_by_country(places, ada, tariq):
    mine = trip(ada, [(places("Sweden"), 0, 5, 30)])
    trip(tariq, [(places("Kiruna"), 2, 3)])  # far north, but in Sweden
    assert found(mine) == {("Sweden", tariq.pk)}
    # And the city stop sees the country stop.
    assert {u for _, u in found(tariq.trips.get())} == {ada.pk}


def test_a_country_stop_does_not_match_another_country(places, ada, tariq):
    mine = trip(ada, [(places("Sweden"), 0, 5)])
    trip(tariq, [(places("Copenhagen"), 0, 5, 200)])
    assert found(mine) == set()


def test_tentative_stops_match_but_rank_lower(places, ada, tariq):
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    firm_person, tentative_person = tariq, make_member()
    trip(firm_person, [(places("Oslo"), 0, 3)])
    trip(tentative_person, [(places("Oslo"), 0, 3, 30, True)])
    scores = {c.target_user_id: c.score for _, c in compute_trip(mine) if c.kind == "traveller"}
    assert scores[tentative_person.pk] < scores[firm_person.pk]


def test_undiscoverable_trips_are_not_suggested(places, ada, tariq):
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    trip(tariq, [(places("Oslo"), 0, 3)], discoverable=False)
    assert found(mine) == set()


@pytest.mark.parametrize(
    ("visibility", "connected", "expected"),
    [
        ("members", False, True),
        ("only_me", False, False),
        ("connections", False, False),
        ("connections", True, True),
    ],
)
def test_the_other_trip_must_be_visible(places, ada, tariq, visibility, connected, expected):
    from accounts.services import connection_make

    if connected:
        connection_make(a=ada, b=tariq, reason="stay")
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    trip(tariq, [(places("Oslo"), 0, 3)], visibility=visibility)
    assert bool(found(mine)) is expected


@pytest.mark.parametrize("direction", ["mine", "theirs"])
def test_blocked_members_are_never_suggested(places, ada, tariq, direction):
    if direction == "mine":
        Block.objects.create(blocker=ada, blocked=tariq)
    else:
        Block.objects.create(blocker=tariq, blocked=ada)
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    theirs = trip(tariq, [(places("Oslo"), 0, 3)])
    assert found(mine) == set()
    assert found(theirs) == set()


def test_it_is_symmetric(places, ada, tariq):
    mine = trip(ada, [(places("Malmö"), 0, 3, 20)])
    theirs = trip(tariq, [(places("Lund"), 2, 5, 5)])
    assert found(mine) == {("Malmö", tariq.pk)}
    assert found(theirs) == {("Lund", ada.pk)}


def test_one_suggestion_per_other_trip_even_when_two_of_its_stops_match(places, ada, tariq):
    mine = trip(ada, [(places("Malmö"), 0, 6, 40)])
    trip(tariq, [(places("Lund"), 0, 2), (places("Malmö"), 3, 6)])
    rows = [c for _, c in compute_trip(mine) if c.kind == "traveller"]
    assert len(rows) == 1


def test_it_keeps_the_top_twenty(places, ada):
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    for _ in range(25):
        trip(make_member(), [(places("Oslo"), 0, 3)])
    assert len([c for _, c in compute_trip(mine) if c.kind == "traveller"]) == search.TOP_N


def test_refreshing_twice_changes_nothing_and_keeps_dismissals(places, ada, tariq):
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    trip(tariq, [(places("Oslo"), 0, 3)])
    created = trip_suggestions_refresh(trip_id=mine.pk).created
    assert len(created) == 1
    Suggestion.objects.filter(pk=created[0].pk).update(state="dismissed")
    before = list(Suggestion.objects.values_list("id", "score", "facts", "state", "updated"))
    assert trip_suggestions_refresh(trip_id=mine.pk).created == []
    assert (
        list(Suggestion.objects.values_list("id", "score", "facts", "state", "updated")) == before
    )


def test_a_suggestion_that_no_longer_matches_is_removed(places, ada, tariq):
    from travel.trips.services import trip_update

    mine = trip(ada, [(places("Oslo"), 0, 3)])
    theirs = trip(tariq, [(places("Oslo"), 0, 3)])
    trip_suggestions_refresh(trip_id=mine.pk)
    trip_update(trip=theirs, fields={"discoverable": False})
    trip_suggestions_refresh(trip_id=mine.pk)
    assert not Suggestion.objects.filter(trip=mine).exists()


@pytest.mark.parametrize(("member", "expected"), [(True, True), (False, False)])
def test_a_collective_only_trip_is_suggested_to_members_of_that_collective(
    places, ada, tariq, member, expected
):
    from travel.collectives.models import Collective, Membership

    collective = Collective.objects.create(name="Rail co-op", home_place=places("Oslo"))
    Membership.objects.create(collective=collective, user=tariq)
    if member:
        Membership.objects.create(collective=collective, user=ada)
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    trip(tariq, [(places("Oslo"), 0, 3)], visibility="collective", collective=collective)
    assert bool(found(mine)) is expected


def test_a_suspended_members_trip_is_not_suggested(places, ada, tariq):
    mine = trip(ada, [(places("Oslo"), 0, 3)])
    trip(tariq, [(places("Oslo"), 0, 3)])
    assert found(mine)
    type(tariq).objects.filter(pk=tariq.pk).update(is_suspended=True)
    assert found(mine) == set()
