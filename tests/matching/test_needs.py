"""Needs match offers and spots as a person means them (travel.matching.needs): every
pair of (need, offered kind) pinned through the real matcher."""

import pytest

from tests.conftest import make_member
from tests.matching.factories import offer, spot, trip
from travel.matching.presenters import explain
from travel.matching.services import compute_trip
from travel.trips.models import PlaceKind

KINDS = PlaceKind.values  # sofa, bed, floor, hammock, tent, meal, shower
# need -> the offered kinds that answer it; the first is exact, the rest stand-ins.
OFFERS_ANSWERING = {
    "sofa": ["sofa", "bed", "floor"],
    "bed": ["bed", "sofa"],
    "floor": ["floor", "sofa", "bed"],
    "hammock": ["hammock"],
    "tent": ["tent"],
    "meal": ["meal"],
    "shower": ["shower"],
}
# need -> the spot kinds that answer it (hammock trees, camping spots).
SPOTS_ANSWERING = {
    "sofa": [],
    "bed": [],
    "floor": [],
    "hammock": ["hammock"],
    "tent": ["tent"],
    "meal": [],
    "shower": [],
}


def found(t, kind):
    return [c for _, c in compute_trip(t) if c.kind == kind]


@pytest.mark.parametrize("need", KINDS)
def test_each_offered_kind_answers_a_need_or_not(places, need):
    malmo = places("Malmö")
    by_kind = {kind: offer(make_member(), malmo, kinds=kind) for kind in KINDS}
    candidates = found(trip(make_member(), [(malmo, 2, 4)], needs=need), "host")
    answering = {kind for kind, o in by_kind.items() if o.pk in {c.target_id for c in candidates}}
    assert answering == set(OFFERS_ANSWERING[need])
    # The exact kind first, stand-ins below it, each saying what it stands in for.
    order = [next(k for k, o in by_kind.items() if o.pk == c.target_id) for c in candidates]
    assert order[0] == need
    for c in candidates:
        offered = next(k for k, o in by_kind.items() if o.pk == c.target_id)
        facts = c.facts
        if offered == need:
            assert (facts.offered, facts.asked) == ("", "")
        else:
            assert (facts.offered, facts.asked) == (offered, need)


@pytest.mark.parametrize("need", KINDS)
def test_each_spot_kind_answers_a_need_or_not(places, need):
    lund = places("Lund")
    adder = make_member()
    by_kind = {kind: spot(adder, lund, kinds=kind, dlat=0.01) for kind in KINDS}
    candidates = found(trip(make_member(), [(lund, 2, 4)], needs=need), "spot")
    answering = {kind for kind, s in by_kind.items() if s.pk in {c.target_id for c in candidates}}
    assert answering == set(SPOTS_ANSWERING[need])


def test_a_sofa_seeker_sees_a_bed_host_below_a_sofa_host_in_the_same_place(places):
    malmo = places("Malmö")
    bed = offer(make_member("bed@example.org"), malmo, kinds="bed,floor,meal")
    sofa = offer(make_member("sofa@example.org"), malmo, kinds="sofa")
    candidates = found(trip(make_member(), [(malmo, 2, 4)], needs="sofa"), "host")
    assert [c.target_id for c in candidates] == [sofa.pk, bed.pk]
    assert candidates[0].score > candidates[1].score
    text = explain("host", {"offered": "bed", "asked": "sofa", "place": "Malmö"}, {})
    assert "offers a bed (you asked for a sofa)" in text


def test_a_hammock_or_sofa_seeker_finds_the_cooperative_room(places):
    """The issue's Malmö co-op room (bed, floor, meal) for a traveller who needs a sofa
    or a hammock: the bed stands in for the sofa."""
    room = offer(make_member("coop@example.org"), places("Malmö"), kinds="bed,floor,meal")
    candidates = found(trip(make_member(), [(places("Malmö"), 2, 4)], needs="sofa,hammock"), "host")
    assert [c.target_id for c in candidates] == [room.pk]
    assert (candidates[0].facts.offered, candidates[0].facts.asked) == ("bed", "sofa")
