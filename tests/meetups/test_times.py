from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from travel.meetups.times import aware_in_zone, local_range, local_to_aware

OSLO = ZoneInfo("Europe/Oslo")


def test_a_skipped_wall_time_is_refused():
    with pytest.raises(ValidationError) as info:
        local_to_aware(date(2027, 3, 28), time(2, 30), OSLO)
    assert "does not exist" in info.value.message_dict["starts"][0]


def test_an_ambiguous_wall_time_is_the_first_one():
    aware = local_to_aware(date(2027, 10, 31), time(2, 30), OSLO)
    assert aware.utcoffset() == timedelta(hours=2)


def test_an_end_before_the_start_is_the_next_day():
    starts, ends = local_range(date(2027, 5, 1), time(22, 0), time(2, 0), OSLO)
    assert ends - starts == timedelta(hours=4)


def test_an_api_time_with_an_offset_is_that_instant():
    value = datetime(2027, 5, 1, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert aware_in_zone(value, OSLO) == value


@given(
    day=st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 12, 31)),
    at=st.times(),
    zone=st.sampled_from(["Europe/Oslo", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]),
)
def test_wall_time_survives_the_round_trip(day, at, zone):
    tz = ZoneInfo(zone)
    try:
        aware = local_to_aware(day, at, tz)
    except ValidationError:
        return  # a skipped wall time
    local = aware.astimezone(tz)
    assert (local.date(), local.time()) == (day, at.replace(tzinfo=None, fold=0))
