"""Hosts, free spots and meet-ups per stop (DESIGN section 6), at their boundaries."""

import pytest

from accounts.models import Block
from tests.conftest import make_member
from tests.matching.factories import accepted_stay, meetup, offer, spot, trip
from travel.matching.services import compute_trip


def found(t, kind):
    return [c for _, c in compute_trip(t) if c.kind == kind]


@pytest.fixture
def ada(db):
    return make_member("ada@example.org", display_name="Ada")


@pytest.fixture
def host(db):
    return make_member("host@example.org", display_name="Hedda Host")


class TestHosts:
    def test_an_open_offer_nearby_with_a_needed_kind_and_room_is_found(self, places, ada, host):
        o = offer(host, places("Malmö"))
        mine = trip(ada, [(places("Malmö"), 2, 4)], needs="hammock")
        assert [c.target_id for c in found(mine, "host")] == [o.pk]

    def test_it_uses_the_fuzzed_point_not_the_exact_one(self, places, ada, host):
        o = offer(host, places("Malmö"), dlat=0.2)  # ~22 km north of Malmö
        mine = trip(ada, [(places("Malmö"), 2, 4, 60)], needs="hammock")
        [c] = found(mine, "host")
        from travel.places.geo import distance_km

        assert c.facts.distance_km == round(distance_km(places("Malmö").point, o.public_point))

    def test_outside_the_radius_is_not(self, places, ada, host):
        offer(host, places("Lund"))  # 16.4 km from Malmö, fuzz at most 1 km
        mine = trip(ada, [(places("Malmö"), 2, 4, 15)], needs="hammock")
        assert found(mine, "host") == []

    def test_a_kind_the_trip_does_not_need_is_not(self, places, ada, host):
        offer(host, places("Malmö"), kinds="sofa")
        mine = trip(ada, [(places("Malmö"), 2, 4)], needs="hammock,tent")
        assert found(mine, "host") == []

    def test_availability_must_cover_a_night_of_the_stop(self, places, ada, host):
        offer(host, places("Malmö"), windows=((5, 9),))
        assert found(trip(ada, [(places("Malmö"), 2, 4)], needs="hammock"), "host") == []
        other = make_member()
        # The stop's last night is 5 (it leaves on 6): one night is enough.
        assert len(found(trip(other, [(places("Malmö"), 3, 6)], needs="hammock"), "host")) == 1

    def test_a_full_offer_is_not_suggested(self, places, ada, host):
        from travel.hosting.services import offer_update

        o = offer(host, places("Malmö"), capacity=1)
        accepted_stay(make_member(), o, 2, 5)
        assert found(trip(ada, [(places("Malmö"), 2, 4)], needs="hammock"), "host") == []
        offer_update(offer=o, data={"capacity": 2})
        assert (
            len(found(trip(make_member(), [(places("Malmö"), 2, 4)], needs="hammock"), "host")) == 1
        )

    def test_paused_offers_and_blocked_hosts_are_not(self, places, ada, host):
        offer(host, places("Malmö"), status="paused")
        other_host = make_member()
        offer(other_host, places("Malmö"))
        Block.objects.create(blocker=other_host, blocked=ada)
        assert found(trip(ada, [(places("Malmö"), 2, 4)], needs="hammock"), "host") == []

    def test_country_stop_finds_offers_in_the_country(self, places, ada, host):
        o = offer(host, places("Kiruna"))
        assert [
            c.target_id for c in found(trip(ada, [(places("Sweden"), 2, 4)], needs="tent"), "host")
        ] == [o.pk]


class TestSpots:
    def test_a_spot_within_the_radius_good_for_a_need(self, places, ada, host):
        s = spot(host, places("Lund"), kinds="hammock")
        mine = trip(ada, [(places("Lund"), 2, 4, 5)], needs="hammock")
        assert [c.target_id for c in found(mine, "spot")] == [s.pk]

    def test_wrong_kind_or_too_far(self, places, ada, host):
        spot(host, places("Lund"), kinds="tent")
        spot(host, places("Malmö"), kinds="hammock")  # 16 km
        assert found(trip(ada, [(places("Lund"), 2, 4, 10)], needs="hammock"), "spot") == []


class TestMeetups:
    def test_a_meetup_starting_during_the_stop(self, places, ada, host):
        m = meetup(host, places("Oslo"), on=3)
        mine = trip(ada, [(places("Oslo"), 3, 5)])
        [c] = found(mine, "meetup")
        assert c.target_id == m.pk
        assert c.facts.shared_topics  # unions, shared with the trip

    def test_first_and_last_day_count_in_the_places_time_zone(self, places, ada, host):
        late = meetup(host, places("Oslo"), on=5, hour=23)  # 23:00 Oslo = 21/22 UTC same day
        early = meetup(host, places("Oslo"), on=3, hour=0)  # 00:00 Oslo = previous day UTC
        before = meetup(host, places("Oslo"), on=2, hour=23)
        after = meetup(host, places("Oslo"), on=6, hour=0)
        ids = {c.target_id for c in found(trip(ada, [(places("Oslo"), 3, 5)]), "meetup")}
        assert ids == {late.pk, early.pk}
        assert before.pk not in ids and after.pk not in ids

    def test_hidden_cancelled_or_blocked_organizers_are_not(self, places, ada, host):
        meetup(host, places("Oslo"), on=3, visibility="only_me")
        meetup(host, places("Oslo"), on=3, status="cancelled")
        blocked_org = make_member()
        meetup(blocked_org, places("Oslo"), on=3)
        Block.objects.create(blocker=ada, blocked=blocked_org)
        assert found(trip(ada, [(places("Oslo"), 3, 5)]), "meetup") == []

    def test_a_shared_topic_ranks_higher(self, places, ada, host):
        shared = meetup(host, places("Oslo"), on=3, slugs=("unions",))
        other = meetup(host, places("Oslo"), on=3, slugs=("solarpunk",))
        ranked = [c.target_id for c in found(trip(ada, [(places("Oslo"), 3, 5)]), "meetup")]
        assert ranked == [shared.pk, other.pk]
