"""What a traveller needs and what a host or a spot offers, matched as a person means
them: the one rule, used by the host and spot searches and by the explanations.

- Someone who asks for a sofa is also shown a bed or a floor; a floor-sleeper a sofa or
  a bed; a bed-seeker a sofa. A stand-in ranks below an exact match (its score is
  multiplied by its fit below 1) and the explanation says so: "offers a bed (you asked
  for a sofa)".
- A hammock matches hammock offers and hammock spots (trees, shelters); a tent matches
  tent offers and camping spots (spots good for a tent).
- A meal or a shower is only itself.

FIT[need][offered] is how well an offered kind answers a need, 1 for exact; kinds not
listed do not answer it. Spots answer only the outdoor needs (SPOT_KINDS).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

EXACT = 1.0
FIT: dict[str, dict[str, float]] = {
    "sofa": {"sofa": EXACT, "bed": 0.85, "floor": 0.7},
    "bed": {"bed": EXACT, "sofa": 0.7},
    "floor": {"floor": EXACT, "sofa": 0.9, "bed": 0.9},
    "hammock": {"hammock": EXACT},
    "tent": {"tent": EXACT},
    "meal": {"meal": EXACT},
    "shower": {"shower": EXACT},
}
# How the explanation names a kind: "offers a bed (you asked for a sofa)".
PHRASES = {
    "sofa": _("a sofa"),
    "bed": _("a bed"),
    "floor": _("a floor"),
    "hammock": _("a hammock spot"),
    "tent": _("a tent spot"),
    "meal": _("a meal"),
    "shower": _("a shower"),
}
# What a community-known spot can be good for: hammock trees, a place to pitch a tent.
SPOT_KINDS = frozenset({"hammock", "tent"})


@dataclass(frozen=True)
class Fit:
    need: str  # what the traveller asked for
    offered: str  # what answers it
    fit: float

    @property
    def exact(self) -> bool:
        return self.need == self.offered


def acceptable(needs: Iterable[str], *, spot: bool = False) -> set[str]:
    """Every offered kind that answers one of the needs (the SQL prefilter)."""
    kinds = {kind for need in needs for kind in FIT.get(need, {})}
    return kinds & SPOT_KINDS if spot else kinds


def best_fit(needs: Iterable[str], offered: Iterable[str], *, spot: bool = False) -> Fit | None:
    """The best answer among what is offered to any of the needs, exact first; None
    when nothing offered answers a need."""
    offered = set(offered) & SPOT_KINDS if spot else set(offered)
    best: Fit | None = None
    for need in sorted(needs):
        for kind, fit in FIT.get(need, {}).items():
            if kind in offered and (best is None or fit > best.fit):
                best = Fit(need, kind, fit)
    return best


def stand_in_text(offered: str, asked: str) -> str:
    """ "offers a bed (you asked for a sofa)" in the reader's language."""
    return str(
        _("offers %(offered)s (you asked for %(asked)s)")
        % {"offered": PHRASES.get(offered, offered), "asked": PHRASES.get(asked, asked)}
    )
