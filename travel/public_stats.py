"""What the home page shows anonymous visitors: aggregates only, never a person (P3),
and the dashboard's panels. Each app contributes through a small registry so this
module imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

_aggregates: list[Callable[[], list[dict[str, Any]]]] = []
_panels: list[tuple[int, Callable[[HttpRequest], dict[str, Any] | None]]] = []


def register_aggregate(func: Callable[[], list[dict[str, Any]]]) -> None:
    """func() returns lines like {"text": "9 travellers pass through Oslo this month"}."""
    _aggregates.append(func)


def register_panel(order: int, func: Callable[[HttpRequest], dict[str, Any] | None]) -> None:
    """func(request) returns {"template": …, **context} for a dashboard panel, or None."""
    _panels.append((order, func))
    _panels.sort(key=lambda pair: pair[0])


def collect() -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for func in _aggregates:
        lines.extend(func())
    return lines


def dashboard_panels(request: HttpRequest) -> list[dict[str, Any]]:
    panels = []
    for _order, func in _panels:
        panel = func(request)
        if panel:
            panels.append(panel)
    return panels
