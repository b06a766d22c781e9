"""Hypothesis properties of the matcher over small random worlds."""

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Block
from accounts.selectors import visible_q
from accounts.services import connection_make
from tests.conftest import make_member
from tests.matching.factories import trip
from travel.matching.models import Suggestion
from travel.matching.services import compute_trip, trip_suggestions_refresh
from travel.trips.models import Trip

CITIES = ["Oslo", "Drammen", "Malmö", "Lund", "Copenhagen", "Sweden"]
TOPICS = ["unions", "commons", "anarchism", "solarpunk"]

stop_st = st.tuples(
    st.sampled_from(CITIES),
    st.integers(0, 12),
    st.integers(0, 6),
    st.integers(5, 60),
    st.booleans(),
)
person_st = st.fixed_dictionaries(
    {
        "stops": st.lists(stop_st, min_size=1, max_size=2),
        "visibility": st.sampled_from(["members", "connections", "only_me"]),
        "discoverable": st.booleans(),
        "topics": st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True),
    }
)
world_st = st.fixed_dictionaries(
    {
        "people": st.lists(person_st, min_size=2, max_size=4),
        "blocks": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=3),
        "connections": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=3),
    }
)
PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def build(places, world):
    members, trips = [], []
    for spec in world["people"]:
        person = make_member()
        stops, cursor = [], 0
        for city, gap, length, radius, tentative in spec["stops"]:
            arrive = cursor + gap
            stops.append((places(city), arrive, arrive + length, radius, tentative))
            cursor = arrive + length + 1
        members.append(person)
        trips.append(
            trip(
                person,
                stops,
                topic_slugs=spec["topics"],
                visibility=spec["visibility"],
                discoverable=spec["discoverable"],
            )
        )
    n = len(members)
    for a, b in world["connections"]:
        if a < n and b < n and a != b:
            connection_make(a=members[a], b=members[b], reason="stay")
    for a, b in world["blocks"]:
        if a < n and b < n and a != b:
            Block.objects.get_or_create(blocker=members[a], blocked=members[b])
    return members, trips


def matched_owners(t):
    return {c.target_user_id for _, c in compute_trip(t) if c.kind == "traveller"}


def can_see(viewer, other_trip):
    return Trip.objects.filter(visible_q(viewer), pk=other_trip.pk).exists()


@PROPERTY_SETTINGS
@given(world=world_st)
def test_traveller_matching_is_symmetric(places, world):
    with transaction.atomic():
        members, trips = build(places, world)
        for a, ta in zip(members, trips, strict=True):
            for b, tb in zip(members, trips, strict=True):
                if a == b or b.pk not in matched_owners(ta):
                    continue
                # A sees B. If A's trip is also discoverable and visible to B, B sees A.
                if ta.discoverable and can_see(b, ta):
                    assert a.pk in matched_owners(tb)
        transaction.set_rollback(True)


@PROPERTY_SETTINGS
@given(world=world_st)
def test_no_suggestion_ever_pairs_blocked_members(places, world):
    with transaction.atomic():
        build(places, world)
        for t in Trip.objects.all():
            trip_suggestions_refresh(trip_id=t.pk)
        for block in Block.objects.all():
            pairs = Suggestion.objects.filter(
                trip__owner=block.blocker, target_user=block.blocked
            ) | Suggestion.objects.filter(trip__owner=block.blocked, target_user=block.blocker)
            assert not pairs.exists()
        transaction.set_rollback(True)
