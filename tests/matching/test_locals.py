"""Locals and collectives: home within the stop's radius, open to meet, a shared topic."""

import pytest

from accounts.models import Block
from tests.conftest import make_member
from tests.matching.factories import local, topics, trip
from travel.collectives.models import Collective, Membership
from travel.matching.services import compute_trip


def found(t, kind="local"):
    return {c.target_id for _, c in compute_trip(t) if c.kind == kind}


@pytest.fixture
def ada(db):
    return make_member("ada@example.org", display_name="Ada")


def test_a_local_within_the_radius_sharing_a_topic_is_found(places, ada):
    maja = local(make_member(), places("Lund"), "unions", "commons")
    mine = trip(ada, [(places("Malmö"), 0, 3, 17)], topic_slugs=("unions",))
    assert found(mine) == {maja.pk}


def test_just_outside_the_radius_is_not(places, ada):
    local(make_member(), places("Lund"), "unions")
    mine = trip(ada, [(places("Malmö"), 0, 3, 16)], topic_slugs=("unions",))
    assert found(mine) == set()


def test_no_shared_topic_no_match(places, ada):
    local(make_member(), places("Malmö"), "solarpunk")
    mine = trip(ada, [(places("Malmö"), 0, 3)], topic_slugs=("unions",))
    assert found(mine) == set()


def test_only_people_open_to_meet(places, ada):
    local(make_member(), places("Malmö"), "unions", open_to_meet=False)
    mine = trip(ada, [(places("Malmö"), 0, 3)], topic_slugs=("unions",))
    assert found(mine) == set()


def test_profile_visibility_and_blocks_apply(places, ada):
    hidden = local(make_member(), places("Malmö"), "unions", profile_visibility="only_me")
    blocker = local(make_member(), places("Malmö"), "unions")
    Block.objects.create(blocker=blocker, blocked=ada)
    suspended = local(make_member(), places("Malmö"), "unions", is_suspended=True)
    mine = trip(ada, [(places("Malmö"), 0, 3)], topic_slugs=("unions",))
    assert found(mine).isdisjoint({hidden.pk, blocker.pk, suspended.pk})


def test_a_country_stop_finds_locals_anywhere_in_that_country(places, ada):
    far_north = local(make_member(), places("Kiruna"), "unions")
    local(make_member(), places("Oslo"), "unions")
    mine = trip(ada, [(places("Sweden"), 0, 3)], topic_slugs=("unions",))
    assert found(mine) == {far_north.pk}


def test_the_rarer_shared_topic_ranks_first(places, ada):
    from travel.topics.services import topic_weights_refresh

    common = local(make_member(), places("Oslo"), "unions")
    rare = local(make_member(), places("Oslo"), "solarpunk")
    for _ in range(5):
        local(make_member(), places("Bergen"), "unions")
    topic_weights_refresh()
    mine = trip(ada, [(places("Oslo"), 0, 3)], topic_slugs=("unions", "solarpunk"))
    ranked = [c.target_id for _, c in compute_trip(mine) if c.kind == "local"]
    assert ranked == [rare.pk, common.pk]


def test_the_traveller_is_never_their_own_local(places, ada):
    local(ada, places("Oslo"), "unions")
    mine = trip(ada, [(places("Oslo"), 0, 3)], topic_slugs=("unions",))
    assert found(mine) == set()


def test_collectives_based_nearby_sharing_a_topic(places, ada):
    branch = Collective.objects.create(name="Oslo Transport Workers", home_place=places("Oslo"))
    branch.topics.set(topics("unions"))
    Membership.objects.create(collective=branch, user=make_member(), role="admin")
    elsewhere = Collective.objects.create(name="Bergen Branch", home_place=places("Bergen"))
    elsewhere.topics.set(topics("unions"))
    closed = Collective.objects.create(name="Closed", home_place=places("Oslo"), open_to_meet=False)
    closed.topics.set(topics("unions"))
    mine = trip(ada, [(places("Oslo"), 0, 3)], topic_slugs=("unions",))
    assert found(mine, "collective") == {branch.pk}
