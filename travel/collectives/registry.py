"""What a collective's pages show from the apps above collectives (its meet-ups), through
a registry the wiring fills (travel/wiring/house.py), so collectives never imports them.

- a detail context: func(viewer, collective) -> dict merged into the collective page's
  context (the meet-ups add "meetups");
- the calendar: func(member, collective) -> the iCalendar bytes of a member's private
  feed of the collective (the meet-ups app renders it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DetailContext = Callable[[Any, Any], dict[str, Any]]
Calendar = Callable[[Any, Any], bytes]

_detail_contexts: list[DetailContext] = []
_calendar: list[Calendar] = []


def register_detail_context(func: DetailContext) -> None:
    _detail_contexts.append(func)


def detail_context(viewer: Any, collective: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for func in _detail_contexts:
        found.update(func(viewer, collective))
    return found


def register_calendar(func: Calendar) -> None:
    _calendar[:] = [func]


def calendar(member: Any, collective: Any) -> bytes:
    """The member's feed of the collective (an empty calendar when nothing is wired)."""
    if not _calendar:
        return b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    return _calendar[0](member, collective)
