"""Whatever a post says, the import answers a draft whose stops each end on or after
they start and last at most 31 days, or a clear PostImportError: never a crash."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.federation.import_places import journey_places  # noqa: F401 (a fixture)
from travel.federation.trip_import import PostImportError, draft_from_text

FRAGMENTS = [
    "Tromsø",
    "Oslo",
    "Narvik",
    "Skåne",
    "south Sweden",
    "Sydsverige",
    "maybe",
    "kanskje",
    "or",
    "eller",
    "oder",
    "Monday",
    "(06.04)",
    "6.–9. april",
    "31.02.",
    "12/13",
    "next week",
    "for two weeks",
    "i to uker",
    "a few days",
    "until",
    "bis",
    "kl. 06.04",
    "→",
    "\n",
    ", ",
    ". ",
    "? ",
    "#solarpunk",
    "#Oslo",
    "hammock",
    "Zelt",
    "@olive:matrix.org",
    "olive [at] example [dot] org",
    "https://liberapay.com/o",
    "29 February",
    "Dec 31",
    "1 January",
    "Berlin",
    "Hamburg",
    "Köpenhamn",
    "Essen",
    "Vil",
    "tomorrow",
    "Freitag",
]
posts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map(" ".join),
    st.text(min_size=1, max_size=400),
)


@pytest.mark.usefixtures("journey_places")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=posts, today=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_any_post_gives_a_sane_draft_or_a_clear_error(text, today):
    try:
        draft = draft_from_text(text, today=today)
    except PostImportError as exc:
        assert exc.field == "text" and exc.message
        return
    for stop in draft.stops:
        assert stop.arrive is not None and stop.depart is not None
        assert stop.arrive <= stop.depart
        assert (stop.depart - stop.arrive).days + 1 <= 31
    assert len(draft.title) <= 120
    assert all(len(s.label) <= 80 for s in draft.stops)
