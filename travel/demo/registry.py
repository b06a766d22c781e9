"""Each app adds its part of the demo community; `load_demo` runs them in order.

A part is `func(ctx)` where ctx is a dict shared along the way (people, places,
"today"); parts must be idempotent: running load_demo twice leaves one community.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_parts: list[tuple[int, str, Callable[[dict[str, Any]], None]]] = []


def demo_part(order: int, name: str) -> Callable:
    def register(func: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
        _parts.append((order, name, func))
        _parts.sort(key=lambda part: part[0])
        return func

    return register


def parts() -> list[tuple[int, str, Callable[[dict[str, Any]], None]]]:
    return list(_parts)
