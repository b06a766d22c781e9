"""Apps above `accounts` register how to export and erase a member's data.

`accounts` never imports them: travel/wiring/house.py calls `register()` for each, and
the export and deletion services walk the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], dict[str, Any] | list[Any]]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class DataSection:
    name: str
    export: Exporter
    erase: Eraser | None = None
    # Erasers run in this order: one that cleans up after the others (the outbox, which
    # holds the texts the others' cancellations just wrote) registers a high number.
    order: int = 50


_sections: dict[str, DataSection] = {}


def register(name: str, *, export: Exporter, erase: Eraser | None = None, order: int = 50) -> None:
    _sections[name] = DataSection(name, export, erase, order)


def sections() -> list[DataSection]:
    return sorted(_sections.values(), key=lambda section: section.order)


# Sections of a member's profile page contributed by apps above accounts (references,
# shared meet-ups…): func(viewer, member) -> {"template": …, **context} or None.
ProfileSection = Callable[[Any, Any], dict[str, Any] | None]
_profile_sections: list[tuple[int, ProfileSection]] = []


def register_profile_section(order: int, func: ProfileSection) -> None:
    _profile_sections.append((order, func))
    _profile_sections.sort(key=lambda pair: pair[0])


def profile_sections(viewer: Any, member: Any) -> list[dict[str, Any]]:
    found = []
    for _order, func in _profile_sections:
        section = func(viewer, member)
        if section:
            found.append(section)
    return found
