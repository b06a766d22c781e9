"""Things two members can talk about (a stay request…), for messaging, through a registry.

An app registers how to find the two people of a thing `viewer` takes part in:

    register_subject("stay_request", participants=lambda viewer, subject_id: (a, b) | None)

so the messaging app can open the conversation of a stay request without importing
hosting, and hosting can show it without importing messaging (both sit above accounts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Participants = Callable[[Any, str], tuple[Any, Any] | None]
_subjects: dict[str, Participants] = {}


def register_subject(kind: str, *, participants: Participants) -> None:
    _subjects[kind] = participants


def subject_participants(*, viewer: Any, kind: str, subject_id: str) -> tuple[Any, Any] | None:
    """(starter, other) when `viewer` is one of the two people of that thing, else None."""
    finder = _subjects.get(kind)
    if finder is None:
        return None
    try:
        pair = finder(viewer, subject_id)
    except (ValueError, TypeError):
        return None
    if pair is None or viewer.pk not in (pair[0].pk, pair[1].pk):
        return None
    return pair
