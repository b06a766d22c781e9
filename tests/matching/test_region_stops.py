"""A region stop (Skåne) matches everything whose place lies in that region, and a town
stop (Lund) and a region stop (Skåne) meet both ways (DESIGN section 6)."""

import pytest

from tests.conftest import make_member
from tests.matching.factories import local, meetup, offer, spot, trip
from travel.collectives.models import Collective
from travel.matching.services import compute_trip
from travel.places.models import Place
from travel.topics.models import Topic


def found(t, kind):
    return [c for _, c in compute_trip(t) if c.kind == kind]


@pytest.fixture
def skane(db):
    return Place.objects.get(kind="region", code="SE-M")


@pytest.fixture
def world(places):
    """People and things in Skåne (Lund, Malmö, Ystad) and in Gothenburg."""
    w = {}
    w["lund_local"] = local(make_member("lund@example.org"), places("Lund"), "unions")
    w["gbg_local"] = local(make_member("gbg@example.org"), places("Gothenburg"), "unions")
    w["malmo_host"] = offer(make_member("malmohost@example.org"), places("Malmö"))
    w["gbg_host"] = offer(make_member("gbghost@example.org"), places("Gothenburg"))
    adder = make_member("spots@example.org")
    w["lund_spot"] = spot(adder, places("Lund"), dlat=0.03)  # ~3 km north of Lund
    w["gbg_spot"] = spot(adder, places("Gothenburg"), dlat=0.03)
    organizer = make_member("organizer@example.org")
    w["ystad_meetup"] = meetup(organizer, places("Ystad"), on=3)
    w["gbg_meetup"] = meetup(organizer, places("Gothenburg"), on=3)
    unions = Topic.objects.get(slug="unions")
    for name, town in (("Malmö co-op", "Malmö"), ("Göteborg co-op", "Gothenburg")):
        c = Collective.objects.create(name=name, home_place=places(town))
        c.topics.set([unions])
        w[town] = c
    return w


def test_a_region_stop_gets_what_lies_in_the_region_and_nothing_from_gothenburg(
    places, skane, world
):
    ada = make_member("ada@example.org")
    mine = trip(ada, [(skane, 2, 5)], needs="hammock")
    assert [c.target_id for c in found(mine, "local")] == [world["lund_local"].pk]
    assert [c.target_id for c in found(mine, "host")] == [world["malmo_host"].pk]
    assert [c.target_id for c in found(mine, "spot")] == [world["lund_spot"].pk]
    assert [c.target_id for c in found(mine, "meetup")] == [world["ystad_meetup"].pk]
    assert [c.target_id for c in found(mine, "collective")] == [world["Malmö"].pk]


def test_a_lund_stop_and_a_skane_stop_are_suggested_to_each_other(places, skane):
    region_trip = trip(make_member("region@example.org"), [(skane, 2, 5)])
    lund_trip = trip(make_member("lundtrip@example.org"), [(places("Lund"), 4, 6)])
    gbg_trip = trip(make_member("gbgtrip@example.org"), [(places("Gothenburg"), 2, 5)])
    region_sees = {c.target_user_id for c in found(region_trip, "traveller")}
    lund_sees = {c.target_user_id for c in found(lund_trip, "traveller")}
    assert region_sees == {lund_trip.owner_id}
    assert lund_sees == {region_trip.owner_id}
    assert gbg_trip.owner_id not in region_sees


def test_two_skane_stops_meet_and_a_different_region_does_not(places, skane):
    first = trip(make_member("one@example.org"), [(skane, 2, 5)])
    second = trip(make_member("two@example.org"), [(skane, 5, 8)])
    vg = Place.objects.get(kind="region", code="SE-O")
    trip(make_member("vg@example.org"), [(vg, 2, 5)])
    assert {c.target_user_id for c in found(first, "traveller")} == {second.owner_id}


def test_a_region_stop_and_a_lund_stop_on_other_days_do_not_meet(places, skane):
    region_trip = trip(make_member("region@example.org"), [(skane, 2, 5)])
    trip(make_member("later@example.org"), [(places("Lund"), 10, 12)])
    assert found(region_trip, "traveller") == []


def test_a_country_stop_still_meets_a_region_stop_of_its_country(places, skane):
    region_trip = trip(make_member("region@example.org"), [(skane, 2, 5)])
    sweden = trip(make_member("sweden@example.org"), [(places("Sweden"), 3, 4)])
    assert {c.target_user_id for c in found(sweden, "traveller")} == {region_trip.owner_id}
    assert {c.target_user_id for c in found(region_trip, "traveller")} == {sweden.owner_id}


def test_a_region_stop_reads_the_regions_of_what_it_found_in_one_query_per_kind(
    places, skane, world, django_assert_max_num_queries
):
    """However many candidates a region stop reads, their regions come in one query per
    kind (not one per candidate)."""
    from travel.matching.candidates import TripContext
    from travel.matching.kinds import hosts
    from travel.matching.services import topic_weights

    for _ in range(5):
        offer(make_member(), places("Malmö"))
    mine = trip(make_member("ada@example.org"), [(skane, 2, 5)], needs="hammock")
    tc = TripContext.build(mine, weights=topic_weights())
    tc.stops  # noqa: B018 - read before counting
    # the windows read, their hosts' suspension, booked nights, the offers' regions
    with django_assert_max_num_queries(4):
        found = hosts(tc)
    assert len(found[mine.stops.get().pk]) == 6
