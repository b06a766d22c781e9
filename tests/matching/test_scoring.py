from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from travel.matching import scoring

topic_ids = st.sets(st.integers(1, 30), max_size=10)
weights = st.dictionaries(st.integers(1, 30), st.floats(0, 12, allow_nan=False), max_size=30)


@given(a=topic_ids, b=topic_ids, w=weights, new=st.integers(31, 60), wn=st.floats(0, 12))
def test_adding_a_shared_topic_never_lowers_similarity(a, b, w, new, wn):
    before = scoring.topic_similarity(a, b, w)
    after = scoring.topic_similarity(a | {new}, b | {new}, {**w, new: wn})
    assert after >= before - 1e-12


@given(a=topic_ids, b=topic_ids, w=weights)
def test_similarity_is_symmetric_and_bounded(a, b, w):
    s = scoring.topic_similarity(a, b, w)
    assert 0.0 <= s <= 1.0
    assert s == pytest.approx(scoring.topic_similarity(b, a, w), abs=1e-12)


def test_a_rare_shared_topic_counts_more_than_a_common_one():
    w = {1: 0.1, 2: 3.0, 3: 1.0}
    common = scoring.topic_similarity({1, 3}, {1}, w)
    rare = scoring.topic_similarity({2, 3}, {2}, w)
    assert rare > common


@given(
    topics=st.floats(0, 1),
    near=st.floats(0, 300),
    limit=st.floats(1, 200),
    length=st.integers(0, 30),
    shift=st.integers(-40, 40),
    tentative=st.booleans(),
)
def test_scores_stay_between_zero_and_one(topics, near, limit, length, shift, tentative):
    start = date(2031, 1, 1)
    end = start + timedelta(days=length)
    shared = scoring.overlap(start, end, start + timedelta(days=shift), end + timedelta(days=shift))
    value = scoring.score(
        topics=topics,
        shared=shared,
        stop_start=start,
        stop_end=end,
        distance_km=near,
        limit_km=limit,
        tentative=tentative,
    )
    assert 0.0 <= value <= 1.0


@given(topics=st.floats(0, 1), d=st.floats(0, 100))
def test_tentative_ranks_lower(topics, d):
    args = dict(
        topics=topics,
        shared=None,
        stop_start=date(2031, 1, 1),
        stop_end=date(2031, 1, 3),
        distance_km=d,
        limit_km=100,
    )
    assume(scoring.score(**args, tentative=False) > 0)
    assert scoring.score(**args, tentative=True) < scoring.score(**args, tentative=False)


def test_overlap_is_inclusive_and_none_when_apart():
    d = date(2031, 5, 1)
    assert scoring.overlap(d, d + timedelta(2), d + timedelta(2), d + timedelta(5)) == (
        d + timedelta(2),
        d + timedelta(2),
    )
    assert scoring.overlap(d, d + timedelta(2), d + timedelta(3), d + timedelta(5)) is None


def test_nearer_is_better():
    assert scoring.nearness(0, 30) > scoring.nearness(15, 30) > scoring.nearness(30, 30)
    assert scoring.nearness(None, 30) == scoring.COUNTRY_NEARNESS


@given(
    st.sets(st.integers(1, 12)),
    st.sets(st.integers(1, 12)),
    st.dictionaries(st.integers(1, 12), st.floats(0.0, 6.0)),
)
def test_the_matchers_fast_similarity_is_topic_similarity(a, b, w):
    fast = scoring.Similarity(a, w)
    assert fast(b) == pytest.approx(scoring.topic_similarity(a, b, w), abs=1e-9)
    assert fast(frozenset(b)) == fast(b)  # remembered, same answer
