"""Dates, date ranges and times ago as each of our languages writes them, for every
page, email and feed: the one formatter (CLDR data through Babel).

- day(d): "Fri 18 Dec" / nb "fre. 18. des." / de "Fr., 18. Dez."
- long_date(d): "18 December 2026" / nb "18. desember 2026"
- date_range(a, b): "8–10 December 2026" / nb "8.–10. desember 2026" /
  "30 November – 10 December 2026" / across years both dates in full;
  short=True: "8–10 Dec" / nb "8.–10. des."
- ago(t): "just now", "5 minutes ago" (ngettext plurals)

In templates (built in, no {% load %}): {{ d|day }}, {{ d|long_date }},
{{ a|date_range:b }}, {{ a|short_range:b }}, {{ t|ago }}.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import dates as cldr
from django import template
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

# English as written in Europe ("8 December"), the other four as themselves.
_LOCALES = {"en": "en_GB", "nb": "nb", "sv": "sv", "da": "da", "de": "de"}


def _locale() -> str:
    return _LOCALES.get((get_language() or "en").split("-")[0].lower(), "en_GB")


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def day(value: date | datetime) -> str:
    """Weekday, day and month, abbreviated as the language does: "fre. 18. des."."""
    return cldr.format_skeleton("MMMEd", _as_date(value), locale=_locale())


def long_date(value: date | datetime) -> str:
    """ "18 December 2026" / nb "18. desember 2026" / de "18. Dezember 2026"."""
    return cldr.format_date(_as_date(value), "long", locale=_locale())


def date_range(start: date | datetime, end: date | datetime, *, short: bool = False) -> str:
    """One range, written once: the shared month and year are not repeated."""
    a, b = _as_date(start), _as_date(end)
    if a > b:
        a, b = b, a
    loc = _locale()
    month = "MMM" if short else "MMMM"
    if short:
        if a == b:
            return cldr.format_skeleton(f"{month}d", a, locale=loc)
        return cldr.format_interval(a, b, f"{month}d", locale=loc)
    if a == b:
        return long_date(a)
    last = cldr.format_date(b, "long", locale=loc)
    if a.year != b.year:
        return f"{cldr.format_date(a, 'long', locale=loc)} – {last}"
    if a.month != b.month:
        return f"{cldr.format_skeleton(f'{month}d', a, locale=loc)} – {last}"
    return f"{_day_number(a, loc)}–{last}"


def _day_number(value: date, loc: str) -> str:
    """The day alone as the language's long date writes it: "8" / nb, da, de "8."."""
    written = cldr.format_skeleton("d", value, locale=loc)
    if "d." in cldr.get_date_format("long", locale=loc).pattern and not written.endswith("."):
        written += "."
    return written


def ago(value: datetime, *, now: datetime | None = None) -> str:
    """ "just now", "3 minutes ago", "2 hours ago", "4 days ago", then the date."""
    now = now or timezone.now()
    seconds = max(0, int((now - value).total_seconds()))
    if seconds < 60:
        return _("just now")
    minutes = seconds // 60
    if minutes < 60:
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 24:
        return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    days = hours // 24
    if days < 14:
        return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}
    return long_date(value)


register = template.Library()
register.filter("day", day)
register.filter("long_date", long_date)
register.filter("ago", ago)


@register.filter("date_range")
def _date_range_filter(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    return date_range(start, end)


@register.filter("short_range")
def _short_range_filter(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    return date_range(start, end, short=True)
