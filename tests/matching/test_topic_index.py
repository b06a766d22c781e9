"""The matcher's indexes (StopTopic, OfferOpening) follow every change made through the
trips and hosting services, and the capped searches still find the best matches in a
busy city."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_member
from tests.matching.factories import day, offer, topics, trip
from travel.hosting import services as hosting
from travel.hosting.moderation import offer_hide
from travel.matching import candidates as search
from travel.matching import kinds
from travel.matching.indexes import offer_openings_rebuild, stop_topics_rebuild
from travel.matching.models import OfferOpening, StopTopic
from travel.matching.services import compute_trip
from travel.places.geo import distance_km
from travel.topics.models import Topic
from travel.trips import services as trips
from travel.trips.moderation import trip_hide
from travel.trips.services import StopInput


def rows_of(trip_id):
    return sorted(
        StopTopic.objects.filter(stop__trip_id=trip_id).values_list(
            "stop_id", "topic__slug", "arrive", "depart", "cell", "radius_km"
        ),
        key=lambda r: (r[0], r[1] or ""),
    )


@pytest.fixture
def planned(places, db):
    today = timezone.localdate()
    owner = make_member("ada@example.org", display_name="Ada")
    t = trips.trip_create(
        owner=owner,
        title="North to south",
        stops=[
            StopInput(today + timedelta(days=3), today + timedelta(days=5), places("Oslo").pk),
            StopInput(today + timedelta(days=6), today + timedelta(days=9), places("Malmö").pk),
        ],
        topics=topics("unions", "commons"),
        discoverable=True,
        today=today,
    )
    return t


def test_saving_a_trip_writes_a_row_per_stop_and_topic_and_one_without(planned):
    got = rows_of(planned.pk)
    assert len(got) == 2 * 3
    assert {slug for _, slug, *_ in got} == {"unions", "commons", None}
    oslo = planned.stops.get(place__name="Oslo")
    assert (oslo.pk, None, oslo.arrive, oslo.depart, oslo.cell, oslo.radius_km) in got


def test_changing_topics_stops_and_discoverability_rewrites_the_rows(planned, places):
    today = timezone.localdate()
    trips.trip_update(trip=planned, fields={"topics": topics("solarpunk")}, today=today)
    assert {slug for _, slug, *_ in rows_of(planned.pk)} == {"solarpunk", None}

    kept = planned.stops.get(place__name="Oslo")
    trips.trip_update(
        trip=planned,
        stops=[
            StopInput(
                today + timedelta(days=4),
                today + timedelta(days=8),
                places("Oslo").pk,
                public_id=kept.public_id,
            )
        ],
        today=today,
    )
    assert {(r[0], r[2]) for r in rows_of(planned.pk)} == {(kept.pk, today + timedelta(days=4))}

    trips.trip_update(trip=planned, fields={"discoverable": False}, today=today)
    assert rows_of(planned.pk) == []


def test_a_trip_hidden_by_a_moderator_or_changed_by_its_owner_follows(planned, places):
    other = trip(make_member(), [(places("Lund"), 1, 4)])
    trip_hide(str(planned.public_id))
    assert rows_of(planned.pk) == []
    trips.trip_update(trip=other, fields={"visibility": "connections"})
    assert set(StopTopic.objects.filter(trip_id=other.pk).values_list("visibility", flat=True)) == {
        "connections"
    }
    trips.trip_update(trip=other, fields={"topics": []})
    assert {slug for _, slug, *_ in rows_of(other.pk)} == {None}


def test_deleting_a_trip_leaves_no_rows(planned):
    trip_id = planned.pk
    trips.trip_delete(trip=planned)
    assert rows_of(trip_id) == []


def test_the_rebuild_gives_the_same_rows_as_the_incremental_updates(planned, places):
    other = trip(make_member(), [(places("Lund"), 1, 4)], topic_slugs=("unions", "commons"))
    before = rows_of(planned.pk) + rows_of(other.pk)
    assert stop_topics_rebuild() == len(before)
    assert rows_of(planned.pk) + rows_of(other.pk) == before


def test_a_rare_shared_topic_is_found_in_a_city_busier_than_the_cap(places, db):
    # Rarity weights as the weekly task leaves them: many hold "unions", few "solarpunk".
    Topic.objects.filter(slug="unions").update(weight=0.2)
    Topic.objects.filter(slug="solarpunk").update(weight=3.0)
    ada = make_member("ada@example.org", display_name="Ada")
    mine = trip(ada, [(places("Oslo"), 0, 3)], topic_slugs=("unions", "solarpunk"))
    for _ in range(search.TRAVELLERS_READ_CAP * 2 + 5):
        trip(make_member(), [(places("Oslo"), 0, 3)], topic_slugs=("unions",))
    # Created last, so the unions branch (capped, in index order) never reaches it.
    kindred = trip(make_member(), [(places("Oslo"), 0, 3)], topic_slugs=("solarpunk",))
    found = [c for _, c in compute_trip(mine) if c.kind == "traveller"]
    assert len(found) == search.TOP_N
    assert kindred.stops.get().pk in {c.target_id for c in found}


def test_hosts_in_a_city_busier_than_the_cap_still_fill_the_list(places, db):
    ada = make_member("ada@example.org", display_name="Ada")
    mine = trip(ada, [(places("Oslo"), 2, 5)])
    for _ in range(kinds.HOSTS_READ_CAP + 5):
        offer(make_member(), places("Oslo"))
    # Closed the nights of the stop: never read, never suggested.
    closed = offer(make_member(), places("Oslo"), windows=((10, 20),))
    found = [c for _, c in compute_trip(mine) if c.kind == "host"]
    assert len(found) == search.TOP_N
    assert closed.pk not in {c.target_id for c in found}


def openings(offer_id):
    return sorted(
        OfferOpening.objects.filter(offer_id=offer_id).values_list(
            "start", "end", "visibility", "kinds", "capacity"
        )
    )


def test_an_offers_windows_follow_every_change_through_the_hosting_services(places, db):
    host = make_member("host@example.org", display_name="Host")
    o = offer(host, places("Oslo"), windows=((0, 10), (20, 25)))
    assert [(w[0], w[1]) for w in openings(o.pk)] == [(day(0), day(10)), (day(20), day(25))]

    hosting.offer_update(offer=o, data={"capacity": 3, "kinds": ["tent"]})
    assert {(w[3], w[4]) for w in openings(o.pk)} == {("tent", 3)}

    # A window touching another is merged: the merged one is what is open.
    hosting.availability_add(offer=o, start=day(11), end=day(19))
    assert [(w[0], w[1]) for w in openings(o.pk)] == [(day(0), day(25))]

    hosting.availability_remove(window=o.availability.get())
    assert openings(o.pk) == []

    hosting.availability_add(offer=o, start=day(1), end=day(2))
    hosting.offer_update(offer=o, data={"status": "paused"})
    assert openings(o.pk) == []
    hosting.offer_update(offer=o, data={"status": "open"})
    assert len(openings(o.pk)) == 1
    offer_hide(str(o.public_id))
    assert openings(o.pk) == []


def test_the_openings_rebuild_gives_the_same_rows(places, db):
    first = offer(make_member(), places("Oslo"), windows=((0, 10), (20, 25)))
    second = offer(make_member(), places("Lund"), windows=((3, 4),))
    offer(make_member(), places("Lund"), status="paused")
    before = openings(first.pk) + openings(second.pk)
    assert offer_openings_rebuild() == 3
    assert openings(first.pk) + openings(second.pk) == before


def test_the_topic_lists_the_rows_carry_follow_the_trip_and_the_member(planned, places):
    from accounts.services import profile_update
    from travel.matching.candidates import topic_set
    from travel.matching.models import LocalTopic

    def listed(model, **where):
        return {
            topic_set(t) for t in model.objects.filter(**where).values_list("topics", flat=True)
        }

    ids = lambda *slugs: frozenset(t.pk for t in topics(*slugs))  # noqa: E731
    assert listed(StopTopic, trip_id=planned.pk) == {ids("unions", "commons")}
    trips.trip_update(trip=planned, fields={"topics": topics("solarpunk")})
    assert listed(StopTopic, trip_id=planned.pk) == {ids("solarpunk")}

    host = make_member("host@example.org", display_name="Host")
    host.home_place, host.home_cell, host.open_to_meet = places("Oslo"), places("Oslo").cell, True
    host.save()
    o = offer(host, places("Oslo"))
    profile_update(user=host, data={"topics": topics("unions", "mutual-aid")})
    assert listed(OfferOpening, offer_id=o.pk) == {ids("unions", "mutual-aid")}
    assert listed(LocalTopic, user=host) == {ids("unions", "mutual-aid")}


def test_a_locals_row_follows_their_profile_visibility_and_home(places, db):
    from accounts.services import profile_update
    from tests.matching.factories import local
    from travel.matching.models import LocalTopic

    ada = make_member("ada@example.org", display_name="Ada")
    mine = trip(ada, [(places("Oslo"), 0, 3)], topic_slugs=("unions",))
    maja = local(make_member(), places("Oslo"), "unions")

    def locals_found():
        return {c.target_id for _, c in compute_trip(mine) if c.kind == "local"}

    assert locals_found() == {maja.pk}
    profile_update(user=maja, data={"profile_visibility": "only_me"})
    assert set(
        LocalTopic.objects.filter(user=maja).values_list("profile_visibility", flat=True)
    ) == {"only_me"}
    assert locals_found() == set()
    profile_update(user=maja, data={"profile_visibility": "members", "home_place": places("Lund")})
    assert set(LocalTopic.objects.filter(user=maja).values_list("place", flat=True)) == {
        places("Lund").pk
    }
    assert locals_found() == set()  # Lund is further than the stop's 30 km


def test_the_openings_index_holds_the_fuzzed_point_never_the_exact_one(places, db):
    """P1/P2: searches use the public point; the exact one never leaves the offer."""
    import io

    from django.core.management import call_command

    ada = make_member("ada@example.org", display_name="Ada")
    o = offer(make_member(), places("Oslo"), dlat=0.01, dlon=0.01)
    mine = trip(ada, [(places("Oslo"), 2, 5)])

    def stored():
        return set(OfferOpening.objects.filter(offer=o).values_list("lat", "lon"))

    assert stored() == {(o.public_lat, o.public_lon)}
    assert (o.exact_lat, o.exact_lon) not in stored()
    call_command("rebuild_matcher_indexes", stdout=io.StringIO())
    assert stored() == {(o.public_lat, o.public_lon)}
    [host] = [c for _, c in compute_trip(mine) if c.kind == "host"]
    expected = distance_km(places("Oslo").point, (o.public_lat, o.public_lon))
    assert host.facts.distance_km == round(expected)


def test_suspended_and_departed_hosts_are_not_suggested(places, db):
    ada = make_member("ada@example.org", display_name="Ada")
    suspended, departed, open_host = make_member(), make_member(), make_member()
    offers = {who.pk: offer(who, places("Oslo")) for who in (suspended, departed, open_host)}
    mine = trip(ada, [(places("Oslo"), 2, 5)])
    # As the moderators' suspension does it: an update, no model signal.
    type(ada).objects.filter(pk=suspended.pk).update(is_suspended=True)
    type(ada).objects.filter(pk=departed.pk).update(is_active=False)
    found = {c.target_id for _, c in compute_trip(mine) if c.kind == "host"}
    assert found == {offers[open_host.pk].pk}
