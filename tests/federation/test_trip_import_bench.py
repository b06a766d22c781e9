"""The benchmark's 2,000-character posts still read as the reference journey (the timing
itself is `python -m benchmarks import`, never a test)."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.trip_import import POST_CHARS, post_of
from tests.federation.import_places import journey_places  # noqa: F401 (a fixture)
from tests.federation.import_posts import JOURNEY
from travel.federation.trip_import import draft_from_text


@pytest.mark.usefixtures("journey_places")
@pytest.mark.parametrize("language", ["en", "nb", "sv", "da", "de"])
def test_the_benchmark_post_is_2000_characters_of_the_reference_journey(language):
    text = post_of(language)
    assert len(text) == POST_CHARS
    draft = draft_from_text(text, today=date(2026, 3, 20))
    assert [s.place.name for s in draft.stops][:6] == JOURNEY
