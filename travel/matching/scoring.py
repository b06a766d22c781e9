"""How good a match is: one number in [0, 1] and the facts that explain it.

score = tentative_factor * (0.5 * topics + 0.25 * days + 0.25 * nearness)

- topics: rarity-weighted Jaccard of the two topic sets; a topic's weight is
  ln(N / members with it) (travel.topics), so two people sharing a rare topic score
  higher than two sharing a common one. Adding a topic to both sides never lowers it.
- days: the share of the stop's days the candidate overlaps (1 for kinds without dates).
- nearness: 1 at the same spot, falling linearly to 0.25 at the edge of the radius;
  country-level stops (no distance) count 0.5.
- tentative stops rank lower (x 0.8).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

TOPIC_SHARE = 0.5
DAYS_SHARE = 0.25
NEAR_SHARE = 0.25
TENTATIVE_FACTOR = 0.8
COUNTRY_NEARNESS = 0.5
# A topic held by nobody yet, or missing from the weights, counts like a rare one.
DEFAULT_WEIGHT = 1.0
# Weights are floored so that a topic everyone has still counts a little.
MIN_WEIGHT = 0.05
STRONG = 0.6


def topic_similarity(a: Iterable[int], b: Iterable[int], weights: Mapping[int, float]) -> float:
    """Rarity-weighted Jaccard similarity of two sets of topic ids, in [0, 1]."""
    set_a, set_b = set(a), set(b)
    union = set_a | set_b
    if not union:
        return 0.0

    def w(topic: int) -> float:
        return max(weights.get(topic, DEFAULT_WEIGHT), MIN_WEIGHT)

    shared = sum(w(t) for t in set_a & set_b)
    return shared / sum(w(t) for t in union)


class Similarity:
    """topic_similarity of one fixed set of topics (a trip's) against many others, as
    the matcher scores hundreds of candidates per trip: the fixed set's weight is summed
    once, each other set only over its own topics, and repeated sets are remembered."""

    def __init__(self, own: Iterable[int], weights: Mapping[int, float]) -> None:
        self.weights = weights
        self.own = frozenset(own)
        self.own_total = sum(self._weight(t) for t in self.own)
        self.seen: dict[frozenset[int], float] = {}

    def _weight(self, topic: int) -> float:
        return max(self.weights.get(topic, DEFAULT_WEIGHT), MIN_WEIGHT)

    def __call__(self, other: Iterable[int]) -> float:
        key = other if isinstance(other, frozenset) else frozenset(other)
        known = self.seen.get(key)
        if known is None:
            shared = extra = 0.0
            for topic in key:
                if topic in self.own:
                    shared += self._weight(topic)
                else:
                    extra += self._weight(topic)
            total = self.own_total + extra
            known = self.seen[key] = shared / total if total else 0.0
        return known


def overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> tuple[date, date] | None:
    """The shared inclusive date range, or None."""
    start, end = max(a_start, b_start), min(a_end, b_end)
    return (start, end) if start <= end else None


def days_share(stop_start: date, stop_end: date, shared: tuple[date, date] | None) -> float:
    if shared is None:
        return 1.0
    stop_days = (stop_end - stop_start).days + 1
    shared_days = (shared[1] - shared[0]).days + 1
    return min(shared_days / stop_days, 1.0)


def nearness(distance_km: float | None, limit_km: float) -> float:
    if distance_km is None:
        return COUNTRY_NEARNESS
    if limit_km <= 0:
        return 1.0
    return max(0.25, 1.0 - 0.75 * min(distance_km / limit_km, 1.0))


@dataclass
class Facts:
    """What a suggestion is based on; stored, and rendered in the reader's language."""

    shared_topics: list[int] = field(default_factory=list)
    place: str = ""
    start: date | None = None
    end: date | None = None
    distance_km: int | None = None
    tentative: bool = False
    # A stand-in for what was asked (travel.matching.needs): "bed" offered for "sofa".
    offered: str = ""
    asked: str = ""


def score(
    *,
    topics: float,
    shared: tuple[date, date] | None,
    stop_start: date,
    stop_end: date,
    distance_km: float | None,
    limit_km: float,
    tentative: bool,
) -> float:
    value = (
        TOPIC_SHARE * topics
        + DAYS_SHARE * days_share(stop_start, stop_end, shared)
        + NEAR_SHARE * nearness(distance_km, limit_km)
    )
    if tentative:
        value *= TENTATIVE_FACTOR
    return round(min(max(value, 0.0), 1.0), 4)
