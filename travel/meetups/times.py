"""Local wall-clock times of a meet-up's place <-> aware datetimes.

A meet-up in Oslo at 19:00 is 19:00 in Europe/Oslo for everyone, whatever their own
time zone; we store the instant (UTC) and convert with the place's zone both ways.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def local_to_aware(day: date, at: time, tz: ZoneInfo, *, field: str = "starts") -> datetime:
    """The instant at which clocks in `tz` show `day` `at`.

    A wall time skipped by a daylight-saving change (02:30 on the spring-forward night)
    does not exist: refuse it rather than silently moving the meet-up. An ambiguous one
    (the autumn hour that happens twice) means the first occurrence.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=tz)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:
        raise ValidationError(
            {
                field: _(
                    "%(time)s does not exist on %(date)s in %(zone)s: the clocks change "
                    "that night. Choose another time."
                )
                % {"time": at.strftime("%H:%M"), "date": day.isoformat(), "zone": tz.key}
            }
        )
    return aware


def local_range(
    day: date, start: time, end: time | None, tz: ZoneInfo
) -> tuple[datetime, datetime | None]:
    """Start and end instants; an end earlier than the start is on the next day."""
    starts = local_to_aware(day, start, tz, field="starts")
    if end is None:
        return starts, None
    end_day = day + timedelta(days=1) if end <= start else day
    return starts, local_to_aware(end_day, end, tz, field="ends")


def aware_in_zone(value: datetime, tz: ZoneInfo) -> datetime:
    """An API datetime: naive means wall time at the place; with an offset, that instant."""
    if value.tzinfo is None:
        return local_to_aware(value.date(), value.time(), tz)
    return value
