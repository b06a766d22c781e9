"""Dates, ranges and counts as each language writes them (travel/dates.py): one date,
one range and one plural pinned per language."""

from datetime import date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.translation import ngettext

from travel import dates

FRIDAY = date(2026, 12, 18)


@pytest.mark.parametrize(
    ("language", "one_day", "one_range", "across_months", "short", "plural"),
    [
        (
            "en",
            "Fri 18 Dec",
            "8–10 December 2026",
            "30 November – 10 December 2026",
            "8–10 Dec",
            "2 nights",
        ),
        (
            "nb",
            "fre. 18. des.",
            "8.–10. desember 2026",
            "30. november – 10. desember 2026",
            "8.–10. des.",
            "2 netter",
        ),
        (
            "sv",
            "fre 18 dec.",
            "8–10 december 2026",
            "30 november – 10 december 2026",
            "8–10 dec.",
            "2 nätter",
        ),
        (
            "da",
            "fre. 18. dec.",
            "8.–10. december 2026",
            "30. november – 10. december 2026",
            "8.–10. dec.",
            "2 nætter",
        ),
        (
            "de",
            "Fr., 18. Dez.",
            "8.–10. Dezember 2026",
            "30. November – 10. Dezember 2026",
            "8.–10. Dez.",
            "2 Nächte",
        ),
    ],
)
def test_each_language_writes_dates_its_own_way(
    language, one_day, one_range, across_months, short, plural
):
    with translation.override(language):
        assert dates.day(FRIDAY) == one_day
        assert dates.date_range(date(2026, 12, 8), date(2026, 12, 10)) == one_range
        assert dates.date_range(date(2026, 11, 30), date(2026, 12, 10)) == across_months
        assert dates.date_range(date(2026, 12, 8), date(2026, 12, 10), short=True) == short
        assert ngettext("%(nights)s night", "%(nights)s nights", 2) % {"nights": 2} == plural
        rendered = Template("{{ a|date_range:b }} · {{ a|day }}").render(
            Context({"a": date(2026, 12, 8), "b": date(2026, 12, 10)})
        )
        assert rendered.startswith(one_range)


def test_a_range_across_years_gives_both_dates_in_full():
    with translation.override("en"):
        assert dates.date_range(date(2026, 12, 30), date(2027, 1, 2)) == (
            "30 December 2026 – 2 January 2027"
        )
        assert dates.date_range(FRIDAY, FRIDAY) == "18 December 2026"


def test_times_ago_say_just_now_and_count_with_plurals():
    now = timezone.make_aware(datetime(2026, 12, 18, 12, 0))
    with translation.override("en"):
        assert dates.ago(now - timedelta(seconds=5), now=now) == "just now"
        assert dates.ago(now - timedelta(minutes=1), now=now) == "1 minute ago"
        assert dates.ago(now - timedelta(minutes=5), now=now) == "5 minutes ago"
        assert dates.ago(now - timedelta(hours=1), now=now) == "1 hour ago"
        assert dates.ago(now - timedelta(days=3), now=now) == "3 days ago"


def test_counts_use_plural_forms(owner, places):
    """ "at most 1 guest", never "1 guests"."""
    from django.core.exceptions import ValidationError

    from tests.conftest import make_member
    from tests.matching.factories import day, offer
    from travel.hosting.services import stay_request_create

    one_bed = offer(owner, places("Lund"), capacity=1, windows=((0, 9),))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        stay_request_create(
            traveller=make_member(),
            offer=one_bed,
            arrive=day(1),
            depart=day(3),
            guests=2,
            message="Two of us",
            today=day(0),
        )
    assert "at most 1 guest at a time" in str(caught.value)


def test_django_named_formats_in_english_are_written_as_in_europe():
    from django.utils import formats

    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 4), "SHORT_DATE_FORMAT") == "4 Dec 2026"
        assert formats.date_format(date(2026, 12, 4)) == "4 December 2026"
