"""What a reference can be about (a stay, a meet-up), through a registry.

A reference is written about a thing two members did together. The apps that know those
things (hosting, meetups) register, per kind:

    register_occasion("stay", find=find_stay, due=stays_due)

`find(author, occasion_id, subject, today)` returns the Occasion when the thing
happened and `author` took part in it with `subject` (for a stay the subject is the
other side and may be None), else None: "that never happened" looks like a missing one.
`due(user, today)` lists the occasions `user` is now asked to write a reference about.
`accounts` never imports the apps; the registrations are in travel/wiring/house.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Occasion:
    kind: str  # "stay", "meetup"
    id: str  # the thing's public id
    subject: Any  # the member the reference is about
    reference_kind: str  # Reference.Kind from the author's side: hosted, stayed_with, met
    label: str  # what it was, for the prompt ("Sofa near the river, 3–5 May")

    @property
    def key(self) -> str:
        """What Reference.occasion stores: one reference per author, subject and this."""
        return f"{self.kind}:{self.id}"


Finder = Callable[[Any, str, Any, date], Occasion | None]
Due = Callable[[Any, date], list[Occasion]]
_finders: dict[str, Finder] = {}
_due: dict[str, Due] = {}


def register_occasion(kind: str, *, find: Finder, due: Due) -> None:
    _finders[kind] = find
    _due[kind] = due


def occasion_for(*, author: Any, key: str, subject: Any, today: date) -> Occasion | None:
    """The occasion behind "kind:id", if it happened with `author` in it, else None."""
    kind, _sep, occasion_id = (key or "").partition(":")
    finder = _finders.get(kind)
    if finder is None or not occasion_id:
        return None
    try:
        return finder(author, occasion_id, subject, today)
    except (ValueError, TypeError):
        return None


def occasions_due(*, user: Any, today: date) -> list[Occasion]:
    found: list[Occasion] = []
    for due in _due.values():
        found.extend(due(user, today))
    return found
