"""Suggestions as people read them: targets fetched through the same permission-aware
selectors as the pages (so a block or a visibility change made after the matcher ran
still hides them at once), one query per kind, explanations in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.selectors import blocked_user_ids, members_visible_to, visible_q
from travel import dates
from travel.collectives.models import Collective
from travel.collectives.selectors import collective_ids_of
from travel.matching import needs
from travel.matching.models import Suggestion
from travel.topics.models import Topic
from travel.trips.models import Stop, Trip


@dataclass
class Item:
    suggestion: Suggestion
    title: str
    url: str
    explanation: str
    extra: dict[str, Any] = field(default_factory=dict)
    topic_slugs: list[str] = field(default_factory=list)


# kind -> resolver(viewer, ids) -> {id: (title, url, extra)}
Resolver = Callable[[User, list[int]], dict[int, tuple[str, str, dict[str, Any]]]]
RESOLVERS: dict[str, Resolver] = {}


def register_resolver(kind: str, func: Resolver) -> None:
    RESOLVERS[kind] = func


def _travellers(viewer: User, ids: list[int]) -> dict[int, tuple[str, str, dict[str, Any]]]:
    stops = (
        Stop.objects.filter(pk__in=ids, trip__discoverable=True)
        .filter(
            visible_q(
                viewer,
                owner="trip__owner",
                visibility="trip__visibility",
                collective="trip__collective",
                collective_ids=collective_ids_of(user=viewer),
            )
        )
        .select_related("trip__owner", "place")
    )
    return {
        s.pk: (
            s.trip.owner.name,
            reverse("trips:detail", args=[s.trip.public_id]),
            {"trip": s.trip.title, "person": s.trip.owner, "stop": s},
        )
        for s in stops
    }


def _locals(viewer: User, ids: list[int]) -> dict[int, tuple[str, str, dict[str, Any]]]:
    people = members_visible_to(viewer).filter(pk__in=ids).select_related("home_place")
    return {
        p.pk: (p.name, reverse("accounts:member", args=[p.public_id]), {"person": p})
        for p in people
    }


def _collectives(viewer: User, ids: list[int]) -> dict[int, tuple[str, str, dict[str, Any]]]:
    rows = Collective.objects.filter(pk__in=ids).select_related("home_place")
    return {
        c.pk: (c.name, reverse("collectives:detail", args=[c.public_id]), {"collective": c})
        for c in rows
    }


register_resolver("traveller", _travellers)
register_resolver("local", _locals)
register_resolver("collective", _collectives)


def _date_range(start: date, end: date) -> str:
    return dates.date_range(start, end, short=True)


def explain(kind: str, facts: dict[str, Any], topic_names: dict[int, str]) -> str:
    """E.g. "You both care about housing co-ops; in Malmö 8 Apr–10 Apr; 17 km apart"."""
    parts = []
    names = [topic_names[t] for t in facts.get("shared_topics", []) if t in topic_names]
    if names:
        listed = ", ".join(names[:-1]) + (_(" and ") if len(names) > 1 else "") + names[-1]
        parts.append(_("You both care about %(topics)s") % {"topics": listed})
    # A spot's "place" is its own name, already the title: say only how far it is.
    place = "" if kind == "spot" else facts.get("place") or ""
    if facts.get("start") and facts.get("end"):
        when = _date_range(date.fromisoformat(facts["start"]), date.fromisoformat(facts["end"]))
        parts.append(
            _("in %(place)s %(dates)s") % {"place": place, "dates": when} if place else when
        )
    elif place:
        parts.append(_("in %(place)s") % {"place": place})
    km = facts.get("distance_km")
    if km is not None:
        parts.append(
            _("nearby") if km < 1 else ngettext("%(km)d km away", "%(km)d km away", km) % {"km": km}
        )
    if facts.get("offered") and facts.get("asked"):
        parts.append(needs.stand_in_text(facts["offered"], facts["asked"]))
    if facts.get("tentative"):
        parts.append(_("tentative"))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _suggestions(viewer: User, trip: Trip) -> Any:
    """The trip's suggestions its owner reads: not dismissed, nobody across a block."""
    return (
        Suggestion.objects.filter(trip=trip)
        .exclude(state=Suggestion.State.DISMISSED)
        .filter(~Q(target_user__in=blocked_user_ids(user=viewer)))
    )


def items_for_trip(
    viewer: User,
    trip: Trip,
    *,
    kinds: Iterable[str] | None = None,
    stop: Stop | None = None,
    per_group: int | None = None,
) -> dict[int, dict[str, list[Item]]]:
    """{stop id: {kind: [Item, …]}} for the trip's owner, best first, dismissed left out.

    `per_group`: only the best ones of each (stop, kind), chosen in SQL, so a page
    that shows a few per group never reads, resolves or renders the rest.
    """
    qs = _suggestions(viewer, trip)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    if stop is not None:
        qs = qs.filter(stop=stop)
    if per_group is not None:
        qs = qs.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("stop_id"), F("kind")],
                order_by=[F("score").desc(), F("id").asc()],
            )
        ).filter(rank__lte=per_group)
    rows = list(qs.order_by("-score", "id"))
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.target_id)
    resolved = {
        kind: RESOLVERS[kind](viewer, ids) for kind, ids in by_kind.items() if kind in RESOLVERS
    }
    topic_ids = {t for row in rows for t in row.facts.get("shared_topics", [])}
    topic_rows = list(Topic.objects.filter(pk__in=topic_ids)) if topic_ids else []
    topic_names = {t.pk: t.display_name for t in topic_rows}
    slugs = {t.pk: t.slug for t in topic_rows}
    grouped: dict[int, dict[str, list[Item]]] = {}
    for row in rows:
        target = resolved.get(row.kind, {}).get(row.target_id)
        if target is None:
            continue
        title, url, extra = target
        grouped.setdefault(row.stop_id, {}).setdefault(row.kind, []).append(
            Item(
                row,
                title,
                url,
                explain(row.kind, row.facts, topic_names),
                extra,
                [slugs[t] for t in row.facts.get("shared_topics", []) if t in slugs],
            )
        )
    return grouped


def group_totals(viewer: User, trip: Trip) -> dict[tuple[int, str], int]:
    """{(stop id, kind): how many suggestions} for "show all" links, one query."""
    counted = _suggestions(viewer, trip).values("stop_id", "kind").annotate(n=Count("id"))
    return {(row["stop_id"], row["kind"]): row["n"] for row in counted}
