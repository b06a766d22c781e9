"""Apps above `accounts` register how to export and erase a member's data.

`accounts` never imports them: each app calls `register()` in its AppConfig.ready(), and
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


_sections: dict[str, DataSection] = {}


def register(name: str, *, export: Exporter, erase: Eraser | None = None) -> None:
    _sections[name] = DataSection(name, export, erase)


def sections() -> list[DataSection]:
    return list(_sections.values())
