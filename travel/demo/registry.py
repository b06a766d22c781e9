"""Each app adds its part of the demo community; `load_demo` runs them in order.

The parts are registered in travel/wiring/house.py (`_demo`).

A part is `func(ctx)` where ctx is a dict shared along the way (people, places,
"today"); parts must be idempotent: running load_demo twice leaves one community.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_parts: list[tuple[int, str, Callable[[dict[str, Any]], None]]] = []


def register_part(order: int, name: str, func: Callable[[dict[str, Any]], None]) -> None:
    if any(known == name for _order, known, _func in _parts):
        return
    _parts.append((order, name, func))
    _parts.sort(key=lambda part: part[0])


def parts() -> list[tuple[int, str, Callable[[dict[str, Any]], None]]]:
    return list(_parts)
