"""A trip draft from a post, as travellers write them (issue 19, DESIGN section 10).

`draft_from_text(text, today=…)` reads a post in en, nb, sv, da or de and returns a
`TripDraft`: stops in the order the post names them (towns, regions, countries from
the gazetteer, "south Sweden" as a country stop with that label), their dates,
tentative flags, topics, needs, and a support link and contact handles to offer for the
profile. `draft_from_url(url, today=…)` fetches the post as ActivityStreams JSON through
the one safe fetcher first. Nothing is saved: the member reviews the draft and saves it
through the trips service (`TripDraft.trip_input()` is the body POST /api/trips takes).

How the text is read:
- Dates, durations, links and handles are found first and blanked out, so "April",
  "matrix.org" or "06.04" are never taken for places.
- A numeric day.month ("06.04", "6.4.") is ours to read (dateparser takes it for a clock
  time): the year is the first one from today on in which a weekday named with it
  ("Monday (06.04)") falls on that date; without a weekday, the next such date. Month
  names, weekdays and "tomorrow" go through dateparser in the post's language.
- A capitalised word (or two, three) that is exactly a place name becomes a stop when
  something says it is a place: a preposition before it ("via Narvik", "nach Berlin"),
  a hashtag, a list of places it stands in, or being a country, a region or a town of
  15,000 people or more that is not a common word.
- Each date belongs to the nearest place named in the same sentence, else to the place
  before it. A stop whose dates are not said gets a proposed range between the dates
  that are known (`dates_proposed`), for the member to confirm.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import dateparser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from unidecode import unidecode

from accounts.contacts import contact_value_clean
from accounts.models import ContactChannel
from travel.federation import import_words as words
from travel.federation.fetcher import FetchError, fetch_json
from travel.places.geo import normalise_name
from travel.places.models import Place, PlaceName
from travel.places.selectors import places_search
from travel.topics.models import Topic

MAX_TEXT_CHARS = 10_000
# A post as JSON is small; a megabyte is far more than any server sends for one.
MAX_POST_BYTES = 1_000_000
POST_FETCH_TIMEOUT = 8.0
# Towns this big are stops even without a preposition before them.
BIG_TOWN = 15_000
# Named by another of its names ("Köpenhamn"), a city must be this big.
BIG_CITY = 100_000
DEFAULT_NIGHTS = 2
MAX_NIGHTS = 30  # a stop is at most 31 days (travel/trips/models.py)
MAX_STOPS = 30


class PostImportError(Exception):
    """The post could not be read; `field` ("text" or "url") and `message` say why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def as_validation_error(self) -> ValidationError:
        return ValidationError({self.field: self.message})


@dataclass
class DraftStop:
    place: Place
    mentioned_as: str
    label: str = ""
    arrive: date | None = None
    depart: date | None = None
    tentative: bool = False
    dates_proposed: bool = False
    alternatives: list[Place] = field(default_factory=list)
    # Where each mention is in the text, (start, end): a place named twice is one stop.
    positions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def is_country(self) -> bool:
        return str(self.place.kind) == "country"


@dataclass
class ContactOffer:
    kind: str
    value: str


@dataclass
class TripDraft:
    title: str
    description: str
    stops: list[DraftStop]
    topics: list[Topic]
    needs: list[str]
    support_link: str = ""
    contacts: list[ContactOffer] = field(default_factory=list)
    language: str = "en"
    notes: list[str] = field(default_factory=list)

    def trip_input(self) -> dict[str, Any]:
        """The draft as the body of POST /api/trips (what saving it would send)."""
        return {
            "title": self.title,
            "description": self.description,
            "topics": [t.slug for t in self.topics],
            "needs": list(self.needs),
            "support_link": self.support_link,
            "stops": [
                {
                    "place": None if s.is_country else s.place.pk,
                    "country": s.place.country_code if s.is_country else None,
                    "label": s.label,
                    "arrive": s.arrive,
                    "depart": s.depart,
                    "tentative": s.tentative,
                }
                for s in self.stops
            ],
        }


def country_place(country_code: str) -> Place | None:
    """The whole-country place of a country code (for a region the stop editor lacks)."""
    return Place.objects.filter(kind="country", country_code=country_code).first()


# ---------------------------------------------------------------------------------------
# Reading a post fetched by URL


def draft_from_url(url: str, *, today: date) -> TripDraft:
    url = (url or "").strip()
    if not url:
        raise PostImportError("url", _("Paste the address of the post."))
    if len(url) > 2000:
        raise PostImportError("url", _("That address is too long to be a post."))
    try:
        document = fetch_json(url, max_bytes=MAX_POST_BYTES, timeout=POST_FETCH_TIMEOUT)
    except FetchError as exc:
        raise PostImportError(
            "url",
            _("We could not read that post as ActivityPub: %(reason)s Paste its text instead.")
            % {"reason": exc.message},
        ) from exc
    text = post_text(document)
    if not text.strip():
        raise PostImportError("url", _("That address answered, but not with a post that has text."))
    # "Next week", "Monday (06.04)": as meant on the day the post was written.
    written = _published(document)
    draft = draft_from_text(
        text, today=written if written and written < today else today, field_name="url"
    )
    ends = [s.depart for s in draft.stops if s.depart is not None]
    if ends and max(ends) < today:
        draft.notes.append(
            _(
                "This post was written on %(day)s and its trip is over; change the dates "
                "for a trip still to come."
            )
            % {"day": written.isoformat() if written else ""}
        )
    return draft


def _published(document: dict[str, Any]) -> date | None:
    obj = document.get("object") if isinstance(document.get("object"), dict) else document
    value = obj.get("published") if isinstance(obj, dict) else None
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def post_text(document: dict[str, Any]) -> str:
    """The readable text of an ActivityStreams Note/Article/Page (or a Create of one):
    its summary, content as plain text, and hashtags from `tag`."""
    obj: Any = document
    if document.get("type") in ("Create", "Update", "Announce") and isinstance(
        document.get("object"), dict
    ):
        obj = document["object"]
    if not isinstance(obj, dict):
        return ""
    parts = []
    for key in ("name", "summary", "content"):
        value = obj.get(key)
        if not isinstance(value, str):
            mapped = obj.get(key + "Map")
            value = next(iter(mapped.values()), "") if isinstance(mapped, dict) else ""
        if isinstance(value, str) and value.strip():
            parts.append(_html_to_text(value))
    tags = obj.get("tag")
    if isinstance(tags, list):
        names = [
            t.get("name", "")
            for t in tags
            if isinstance(t, dict) and t.get("type") == "Hashtag" and isinstance(t.get("name"), str)
        ]
        seen = " ".join(parts).casefold()
        extra = [n if n.startswith("#") else "#" + n for n in names if n.casefold() not in seen]
        if extra:
            parts.append(" ".join(extra))
    return "\n\n".join(parts)


def _html_to_text(value: str) -> str:
    value = re.sub(r"(?i)<br\s*/?>", "\n", value)
    value = re.sub(r"(?i)</p\s*>|</li\s*>", "\n", value)
    value = re.sub(r"<[^>]{0,2000}>", "", value)
    return html.unescape(value)


# ---------------------------------------------------------------------------------------
# Reading the text


@dataclass
class _Date:
    start: int
    end: int
    first: date
    last: date | None = None
    until: bool = False  # "until 9 April": the day you leave
    approximate: bool = False  # "next week"


@dataclass
class _Duration:
    start: int
    end: int
    days: int
    whole_trip: bool


@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    key: str
    hashtag: bool = False
    direction: str = ""  # "south" in "south Sweden"


def draft_from_text(text: str, *, today: date, field_name: str = "text") -> TripDraft:
    if not isinstance(text, str) or not text.strip():
        raise PostImportError(field_name, _("Paste the text of your post."))
    if len(text) > MAX_TEXT_CHARS:
        raise PostImportError(
            field_name,
            _(
                "That text has %(count)s characters; a post can have at most %(max)s. "
                "Paste only the post that announces your trip."
            )
            % {"count": len(text), "max": MAX_TEXT_CHARS},
        )
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    reader = _Reader(text, today=today)
    return reader.draft()


def _is_town(place: Place) -> bool:
    """A town or city, as opposed to a region or a country (whatever the kind is called)."""
    return str(place.kind) not in ("country", "region")


def _fold(word: str) -> str:
    """Lower case, no accents, letters and digits only ("Hängematte" -> "hangematte")."""
    return re.sub(r"[^0-9a-z]", "", unidecode(word.casefold()))


def _word_alt(names: Any) -> str:
    return "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))


_DASH = r"\s*(?:[–—-]|\b(?:to|til|till|until|bis)\b)\s*"
_MONTH = rf"(?:{_word_alt(words.MONTHS)})(?![^\W\d_])\.?"
_DAY = r"(?:[012]?\d|3[01])"
_DM = rf"(?P<d>{_DAY})[./](?P<m>0?[1-9]|1[0-2])(?:[./](?P<y>\d{{4}}|\d{{2}}))?\.?(?![\d:./])"
_WEEKDAY_BEFORE = re.compile(
    rf"\b(?P<w>{_word_alt(list(words.WEEKDAYS) + list(words.WEEKDAYS_SHORT))})\.?,?\s*"
    r"(?:den\s+|the\s+|d\.\s*)?\(?\s*$",
    re.IGNORECASE,
)
_DATE_PATTERNS = [
    # 6.–9. april, 6–9 April, 6. til 9. april
    re.compile(
        rf"(?<![\d.])(?P<d1>{_DAY})\.?{_DASH}(?P<d2>{_DAY})\.?\s+(?:of\s+)?(?P<mon>{_MONTH})"
        r"(?:\s+(?P<y>\d{4}))?",
        re.IGNORECASE,
    ),
    # April 6–9
    re.compile(
        rf"\b(?P<mon>{_MONTH})\s+(?P<d1>{_DAY})(?:st|nd|rd|th)?{_DASH}(?P<d2>{_DAY})(?:st|nd|rd|th)?\b",
        re.IGNORECASE,
    ),
    # 6.–9.4., 6–9/4
    re.compile(
        rf"(?<![\d.])(?P<d1>{_DAY})\.?{_DASH}(?P<d2>{_DAY})[./](?P<m>0?[1-9]|1[0-2])\.?(?![\d:./])",
        re.IGNORECASE,
    ),
    # 6 April, 6. april, 6th of April
    re.compile(
        rf"(?<![\d.])(?P<d>{_DAY})(?:\.|st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})(?:\s+(?P<y>\d{{4}}))?\b",
        re.IGNORECASE,
    ),
    # April 6
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY})(?:st|nd|rd|th)?\b(?![.:]\d)", re.IGNORECASE),
    # 06.04, 6.4., 06/04/2026
    re.compile(rf"(?<![\d.:/]){_DM}", re.IGNORECASE),
]
_NEXT_WEEK = re.compile(rf"\b(?:{_word_alt(words.NEXT_WEEK)})\b", re.IGNORECASE)
_RELATIVE = re.compile(rf"\b(?:{_word_alt(words.RELATIVE_DAYS)})\b", re.IGNORECASE)
_WEEKDAY_ALONE = re.compile(rf"\b(?:{_word_alt(words.WEEKDAYS)})\b", re.IGNORECASE)
_NUMBER = rf"(?:\d{{1,2}}|{_word_alt(list(words.NUMBERS) + list(words.FEW))})"
_DURATION = re.compile(
    rf"\b(?P<n>{_NUMBER})(?:\s+|\s*-\s*)(?P<unit>{_word_alt(words.UNITS)})(?![\w])",
    re.IGNORECASE,
)
# "two-week", "tvåveckors", "zweiwöchige", "to-ukers"
_DURATION_COMPOUND = re.compile(
    rf"\b(?P<n>{_word_alt(words.NUMBERS)})-?(?P<unit>ukers|veckors|ugers|wöchige[nrs]?|wöchig|dagers|dagars|dages|tägige[nrs]?)",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
_MATRIX = re.compile(
    r"(?<![\w@])@[a-z0-9._=\-/+]{1,64}:[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?", re.IGNORECASE
)
_FEDIVERSE = re.compile(
    r"(?<![\w@])@[a-z0-9_][a-z0-9_.-]{0,63}@[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE
)
_EMAIL_AT = re.compile(
    r"(?<![\w.])(?P<local>[a-z0-9._%+-]{1,64})\s*[\[(]\s*(?:at|ät|@)\s*[\])]\s*"
    r"(?P<host>[a-z0-9-]+(?:\s*(?:\.|[\[(]\s*(?:dot|punkt|prikk|punkt)\s*[\])])\s*[a-z0-9-]+)+)",
    re.IGNORECASE,
)
_EMAIL = re.compile(
    r"(?<![\w.@])[a-z0-9._%+-]{1,64}@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.IGNORECASE
)
_WORD = re.compile(r"#?[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Sentence ends, line breaks, arrows: dates and places attach within one of these.
_SEGMENT_BREAK = re.compile(r"[.!?;]+(?=\s|$)|\n|→|->|⇒|➡|🚆|🚂|🚌|⛴|✈")


class _Reader:
    def __init__(self, text: str, *, today: date) -> None:
        self.text = text
        self.today = today
        self.notes: list[str] = []
        self.month_days: dict[str, tuple[int, int] | None] = {}
        self.contact_spans: list[tuple[int, int]] = []
        # What the scanners have not consumed yet: consumed spans become spaces.
        self.rest = list(text)
        self.language = self._language()
        self.languages = [self.language] + [
            lang for lang in words.LANGUAGES if lang != self.language
        ]

    # -- helpers ---------------------------------------------------------------------

    def _blank(self, start: int, end: int) -> None:
        for i in range(start, end):
            if self.rest[i] != "\n":
                self.rest[i] = " "

    def _free(self, start: int, end: int) -> bool:
        return all(
            ch == self.text[i]
            for i, ch in zip(range(start, end), self.rest[start:end], strict=True)
        )

    def _scan(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        current = "".join(self.rest)
        found = [m for m in pattern.finditer(current) if self._free(m.start(), m.end())]
        return found

    def _language(self) -> str:
        counts = dict.fromkeys(words.LANGUAGES, 0)
        for word in re.findall(r"[^\W\d_]+(?:'[a-z]+)?", self.text.casefold()):
            for lang, markers in words.LANGUAGE_MARKERS.items():
                if word in markers:
                    counts[lang] += 1
        return max(words.LANGUAGES, key=lambda lang: (counts[lang], -words.LANGUAGES.index(lang)))

    def _segment_of(self, position: int) -> int:
        return bisect.bisect_right(self.breaks, position)

    # -- the pieces --------------------------------------------------------------------

    def draft(self) -> TripDraft:
        self.support_link, self.contacts = self._links_and_contacts()
        self.dates = self._dates()
        self.durations = self._durations()
        current = "".join(self.rest)
        self.breaks = [m.start() for m in _SEGMENT_BREAK.finditer(current)]
        stops = self._stops()
        topics = self._topics()
        needs = self._needs()
        self._attach_dates(stops)
        first = stops[0].label or stops[0].place.name if stops else ""
        last = stops[-1].label or stops[-1].place.name if stops else ""
        if len(stops) > 1:
            title = _("%(first)s to %(last)s") % {"first": first, "last": last}
        elif stops:
            title = _("Trip to %(place)s") % {"place": first}
        else:
            title = _("Trip from a post")
            self.notes.append(
                _("We found no place in the post. Add the stops yourself, or name the towns.")
            )
        return TripDraft(
            title=title[:120],
            description=self._description()[:4000],
            stops=stops,
            topics=topics,
            needs=needs,
            support_link=self.support_link,
            contacts=self.contacts,
            language=self.language,
            notes=self.notes,
        )

    def _links_and_contacts(self) -> tuple[str, list[ContactOffer]]:
        support = ""
        for m in self._scan(_URL):
            url = m.group(0).rstrip(".,;:!?")
            before = self.text[max(0, m.start() - 80) : m.start()]
            said = {_fold(w) for w in re.findall(r"[^\W\d_]+", before)}
            is_support = any(host in url.lower() for host in words.SUPPORT_HOSTS) or bool(
                said & {_fold(w) for w in words.SUPPORT_WORDS}
            )
            if is_support and not support:
                support = url[:200]
            self._blank(m.start(), m.end())
        contacts: list[ContactOffer] = []

        def offer(kind: str, value: str) -> None:
            try:
                clean = contact_value_clean(kind, value)
            except ValidationError:
                return
            if all(c.value != clean for c in contacts):
                contacts.append(ContactOffer(kind, clean))

        for m in self._scan(_MATRIX):
            offer(ContactChannel.Kind.MATRIX, m.group(0))
            self._blank(m.start(), m.end())
            self.contact_spans.append((m.start(), m.end()))
        for m in self._scan(_FEDIVERSE):
            offer(ContactChannel.Kind.FEDIVERSE, m.group(0))
            self._blank(m.start(), m.end())
            self.contact_spans.append((m.start(), m.end()))
        for m in self._scan(_EMAIL_AT):
            host = re.sub(r"\s*[\[(]\s*(?:dot|punkt|prikk)\s*[\])]\s*", ".", m.group("host"))
            host = re.sub(r"\s+", "", host)
            offer(ContactChannel.Kind.EMAIL, f"{m.group('local')}@{host}")
            self._blank(m.start(), m.end())
            self.contact_spans.append((m.start(), m.end()))
        for m in self._scan(_EMAIL):
            offer(ContactChannel.Kind.EMAIL, m.group(0))
            self._blank(m.start(), m.end())
            self.contact_spans.append((m.start(), m.end()))
        return support, contacts

    def _description(self) -> str:
        """The post, without its contact handles: the trip is seen by more people than the
        member may want to reach them (P6); the handles are offered for the profile,
        where each has its own audience. A line left with no more than a label goes."""
        if not self.contact_spans:
            return self.text.strip()
        text = list(self.text)
        for start, end in self.contact_spans:
            text[start:end] = ["\0"] * (end - start)
        lines = []
        for line in "".join(text).split("\n"):
            if "\0" in line:
                # "Support: https://… · Matrix: @me:server · mail me [at] host": the parts
                # that hold a handle go, the others stay.
                parts = re.split(r"\s*[·|•]\s*|\s+[–—-]\s+", line)
                kept = [p for p in parts if "\0" not in p] if len(parts) > 1 else []
                if len(parts) == 1:
                    kept = [re.sub(r"\s*\0+\s*", " ", line).strip()]
                line = " · ".join(p for p in kept if p.strip())
                if not line:
                    continue
            lines.append(line)
        self.notes.append(
            _(
                "We left your contact addresses out of the description; add them to your "
                "profile instead, where you choose who may see each."
            )
        )
        return "\n".join(lines).strip()

    def _weekday_before(self, start: int) -> tuple[int | None, int]:
        m = _WEEKDAY_BEFORE.search(self.text[max(0, start - 24) : start])
        if not m:
            return None, start
        name = m.group("w").casefold()
        number = words.WEEKDAYS.get(name, words.WEEKDAYS_SHORT.get(name))
        return number, max(0, start - 24) + m.start()

    def _is_clock_time(self, m: re.Match[str]) -> bool:
        before = re.findall(r"[^\W\d_]+", self.text[max(0, m.start() - 12) : m.start()].casefold())
        after = self.text[m.end() : m.end() + 8].casefold()
        if before and before[-1] in words.TIME_WORDS:
            return True
        return bool(re.match(r"\s*(?:uhr|h\b|o'clock|km|kg|%|mil\b|m\b|eur|€|kr)", after))

    def _day_month(
        self, day: int, month: int, *, year: int | None, weekday: int | None, what: str
    ) -> date | None:
        """Our rule for a day and month: a year that is said; else the first year from
        today on where the named weekday fits; else the next such date."""
        if year is not None:
            year = year + 2000 if year < 100 else year
            try:
                return date(year, month, day)
            except ValueError:
                return None
        candidates = []
        for y in (self.today.year, self.today.year + 1, self.today.year + 2):
            try:
                candidates.append(date(y, month, day))
            except ValueError:
                continue
        future = [d for d in candidates if d >= self.today]
        if not future:
            return None
        if weekday is not None:
            fitting = [d for d in future if d.weekday() == weekday]
            if fitting:
                return fitting[0]
            self.notes.append(
                _("“%(date)s” is not on the weekday the post names; check the date.")
                % {"date": what}
            )
        return future[0]

    def _month_day(self, phrase: str) -> tuple[int, int] | None:
        """Day and month of "6. april", "April 6", through dateparser in the post's language."""
        key = phrase.casefold()
        if key not in self.month_days:
            self.month_days[key] = self._parse_month_day(phrase)
        return self.month_days[key]

    def _parse_month_day(self, phrase: str) -> tuple[int, int] | None:
        parsed = dateparser.parse(
            phrase,
            languages=self.languages,
            settings={
                "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": datetime(self.today.year, self.today.month, self.today.day),
                "REQUIRE_PARTS": ["day", "month"],
            },
        )
        if parsed is None:
            return None
        return parsed.day, parsed.month

    def _dates(self) -> list[_Date]:
        found: list[_Date] = []
        for pattern in _DATE_PATTERNS:
            for m in self._scan(pattern):
                groups = m.groupdict()
                if groups.get("mon") is None and self._is_clock_time(m):
                    continue
                weekday, start = self._weekday_before(m.start())
                year = int(groups["y"]) if groups.get("y") else None
                if groups.get("mon"):
                    month_day = self._month_day(
                        f"{groups.get('d2') or groups['d']} {groups['mon']}"
                    )
                    if month_day is None:
                        continue
                    month = month_day[1]
                else:
                    month = int(groups["m"])
                what = self.text[start : m.end()].strip()
                if groups.get("d1"):
                    first = self._day_month(
                        int(groups["d1"]), month, year=year, weekday=weekday, what=what
                    )
                    last = self._day_month(
                        int(groups["d2"]), month, year=year, weekday=None, what=what
                    )
                    if first and last and last < first:
                        last = self._day_month(
                            int(groups["d2"]), month, year=first.year + 1, weekday=None, what=what
                        )
                else:
                    first = self._day_month(
                        int(groups["d"]), month, year=year, weekday=weekday, what=what
                    )
                    last = None
                if first is None:
                    continue
                found.append(_Date(start, m.end(), first, last, until=self._until(start)))
                self._blank(start, m.end())
        # Two single dates joined by a dash or "til": one range.
        found.sort(key=lambda d: d.start)
        merged: list[_Date] = []
        for d in found:
            prev = merged[-1] if merged else None
            if (
                prev is not None
                and prev.last is None
                and d.last is None
                and re.fullmatch(_DASH, self.text[prev.end : d.start])
                and d.first >= prev.first
            ):
                prev.last, prev.end = d.first, d.end
                continue
            merged.append(d)
        for m in self._scan(_NEXT_WEEK):
            monday = self.today + timedelta(days=7 - self.today.weekday())
            merged.append(_Date(m.start(), m.end(), monday, approximate=True))
            self._blank(m.start(), m.end())
        for pattern in (_RELATIVE, _WEEKDAY_ALONE):
            for m in self._scan(pattern):
                parsed = dateparser.parse(
                    m.group(0),
                    languages=self.languages,
                    settings={
                        "PREFER_DATES_FROM": "future",
                        "RELATIVE_BASE": datetime(
                            self.today.year, self.today.month, self.today.day
                        ),
                    },
                )
                if parsed is None:
                    continue
                merged.append(
                    _Date(m.start(), m.end(), parsed.date(), until=self._until(m.start()))
                )
                self._blank(m.start(), m.end())
        merged.sort(key=lambda d: d.start)
        return merged

    def _until(self, start: int) -> bool:
        before = re.findall(r"[^\W\d_]+", self.text[max(0, start - 10) : start].casefold())
        return bool(before) and before[-1] in words.UNTIL_WORDS

    def _durations(self) -> list[_Duration]:
        found = []
        for pattern in (_DURATION_COMPOUND, _DURATION):
            for m in self._scan(pattern):
                n_text = m.group("n").casefold()
                if n_text.isdigit():
                    n = int(n_text)
                else:
                    n = words.NUMBERS.get(n_text, words.FEW.get(n_text, 0))
                unit = m.group("unit").casefold()
                per = 7 if unit.startswith(("uke", "veck", "uge", "wöch", "week", "woch")) else 1
                per = words.UNITS.get(unit, per)
                if not 0 < n * per <= 92:
                    continue
                segment_text = self._sentence_around(m.start())
                said = {w.casefold() for w in re.findall(r"[^\W\d_]+", segment_text)}
                compound = pattern is _DURATION_COMPOUND or "-" in m.group(0)
                whole = compound or bool(said & words.TRIP_WORDS)
                found.append(_Duration(m.start(), m.end(), n * per, whole))
                self._blank(m.start(), m.end())
        return sorted(found, key=lambda d: d.start)

    def _sentence_around(self, position: int) -> str:
        start = max(self.text.rfind(c, 0, position) for c in ".!?\n")
        ends = [i for i in (self.text.find(c, position) for c in ".!?\n") if i >= 0]
        return self.text[start + 1 : min(ends) if ends else len(self.text)]

    # -- places --------------------------------------------------------------------------

    def _candidates(self) -> tuple[list[_Candidate], list[tuple[int, int, str]]]:
        current = "".join(self.rest)
        tokens = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(current)]
        found: list[_Candidate] = []
        for i, (start, end, token) in enumerate(tokens):
            hashtag = token.startswith("#")
            word = token.lstrip("#")
            if not word:
                continue
            capital = word[0].isupper()
            # One, two or three words in a row ("Frankfurt am Main", "Sankt Peter-Ording").
            for n in (3, 2, 1):
                group = tokens[i : i + n]
                if len(group) < n or not capital:
                    continue
                if any(current[a[1] : b[0]].strip() for a, b in itertools.pairwise(group)):
                    continue
                if n > 1 and not group[-1][2][0].isupper():
                    continue
                phrase = current[start : group[-1][1]].lstrip("#")
                found.append(
                    _Candidate(start, group[-1][1], phrase, normalise_name(phrase), hashtag)
                )
            key = normalise_name(word)
            # "Sydsverige", "Südschweden", "Sør-Sverige": a compass part and a country.
            for prefix in words.DIRECTION_PREFIXES:
                if key.startswith(prefix) and len(key) > len(prefix) + 3:
                    found.append(
                        _Candidate(
                            start, end, word, key[len(prefix) :].strip(), hashtag, direction=prefix
                        )
                    )
            # "south Sweden", "södra Sverige", "det sydlige Sverige"
            if word.casefold() in words.DIRECTION_WORDS and i + 1 < len(tokens):
                nxt = tokens[i + 1]
                if not current[end : nxt[0]].strip() and nxt[2][:1].isupper():
                    found.append(
                        _Candidate(
                            start,
                            nxt[1],
                            current[start : nxt[1]],
                            normalise_name(nxt[2]),
                            hashtag,
                            direction=word,
                        )
                    )
        return found, tokens

    def _stops(self) -> list[DraftStop]:
        candidates, tokens = self._candidates()
        keys = {c.key for c in candidates if c.key}
        rows = list(PlaceName.objects.filter(key__in=keys).values_list("key", "place_id"))
        by_key: dict[str, set[int]] = {}
        for key, place_id in rows:
            by_key.setdefault(key, set()).add(place_id)
        places = Place.objects.in_bulk({pid for ids in by_key.values() for pid in ids})
        # The gazetteer's own ranking (places_search) orders the places of a name that
        # several share ("Lund": Sweden before England).
        ranked: dict[str, list[Place]] = {}
        for key, ids in by_key.items():
            if len(ids) == 1:
                ranked[key] = [places[next(iter(ids))]]
                continue
            order = [p.pk for p in places_search(q=key, limit=10) if p.pk in ids]
            rest = sorted(ids - set(order), key=lambda pid: -places[pid].population)
            ranked[key] = [places[pid] for pid in order + rest]

        # Longest match first; a word belongs to at most one place mention.
        taken: set[int] = set()
        mentions: list[tuple[_Candidate, list[Place]]] = []
        for cand in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
            options = ranked.get(cand.key, [])
            if cand.direction:
                options = [p for p in options if not _is_town(p)]
            if not options or any(i in taken for i in range(cand.start, cand.end)):
                continue
            mentions.append((cand, options))
            taken.update(range(cand.start, cand.end))

        words_before = {
            start: (tokens[i - 1][2].casefold().lstrip("#") if i else "")
            for i, (start, _end, _t) in enumerate(tokens)
        }
        lowercase_seen = {t.casefold() for _s, _e, t in tokens if t[:1].islower()}
        context_countries = {
            opts[0].country_code
            for _c, opts in mentions
            if len({p.country_code for p in opts}) == 1
        }
        accepted: list[tuple[_Candidate, Place]] = []
        doubtful: list[tuple[_Candidate, Place]] = []
        for cand, options in mentions:
            place = options[0]
            for other in options:
                if other.country_code in context_countries:
                    place = other
                    break
            before = words_before.get(cand.start, "")
            said_so = before in words.PLACE_PREPOSITIONS or before in words.TENTATIVE_WORDS
            common = cand.text.casefold() in words.COMMON_WORDS or (
                cand.text.casefold() in lowercase_seen
            )
            if common and not (cand.hashtag or said_so):
                continue
            # Without a word that says so, a town must be named by its own name (or be a
            # big city): "Vil gjerne …" is not Wiehl, whatever GeoNames calls it.
            # At the start of a sentence any word has a capital ("Sedan …" is Swedish
            # for "then", and a town in France): there, only a big city counts alone.
            own_name = cand.key in (place.ascii_name, normalise_name(place.name))
            opens = self.text[: cand.start].rstrip(" \t\"'(#")[-1:] in (
                "",
                ".",
                "!",
                "?",
                "\n",
                ":",
            )
            if (
                cand.hashtag
                or cand.direction
                or said_so
                or not _is_town(place)
                or place.population >= (BIG_TOWN if own_name and not opens else BIG_CITY)
            ):
                accepted.append((cand, place))
            else:
                doubtful.append((cand, place))
        # A small town in a list with places ("Tromsø, Narvik, Oslo") is one too.
        # Dates between them are blanked out: "Tromsø 6.4., Oslo 8.4." is a list too.
        blanked = "".join(self.rest)
        changed = True
        while changed and doubtful:
            changed = False
            for item in list(doubtful):
                small = item[0]
                for near, _p in accepted:
                    gap = (
                        blanked[near.end : small.start]
                        if near.end <= small.start
                        else blanked[small.end : near.start]
                    )
                    if re.fullmatch(
                        r"[\s(),/&+–—>→-]*(?:\b(?:"
                        + "|".join(words.AND_WORDS | words.OR_WORDS)
                        + r")\b)?[\s(),/&+–—>→-]*",
                        gap,
                        re.IGNORECASE,
                    ):
                        accepted.append(item)
                        doubtful.remove(item)
                        changed = True
                        break
        accepted.sort(key=lambda pair: pair[0].start)
        return self._merge(accepted)

    def _merge(self, accepted: list[tuple[_Candidate, Place]]) -> list[DraftStop]:
        stops: list[DraftStop] = []
        by_place: dict[int, DraftStop] = {}
        for index, (cand, place) in enumerate(accepted):
            if place.pk in by_place:
                by_place[place.pk].positions.append((cand.start, cand.end))
                continue
            prev = stops[-1] if stops else None
            gap = self.text[accepted[index - 1][0].end : cand.start] if index else ""
            gap_words = {w.casefold() for w in re.findall(r"[^\W\d_]+", gap)}
            # "Hamburg or Berlin": one stop, the other an alternative.
            if (
                prev is not None
                and len(gap) < 12
                and gap_words & words.OR_WORDS
                and not re.search(r"[.!?\n]", gap)
            ):
                prev.alternatives.append(place)
                prev.tentative = True
                prev.label = (prev.mentioned_as + gap + cand.text)[:80]
                by_place[place.pk] = prev
                prev.positions.append((cand.start, cand.end))
                continue
            # "south Sweden (Skåne)": the region, labelled as written.
            if (
                prev is not None
                and len(gap) < 4
                and prev.place.country_code == place.country_code
                and {str(prev.place.kind), str(place.kind)} == {"country", "region"}
            ):
                if place.kind == "region":
                    prev.place = place
                prev.positions.append((cand.start, cand.end))
                by_place[place.pk] = prev
                continue
            stop = DraftStop(
                place=place,
                mentioned_as=cand.text,
                label=cand.text[:80] if cand.direction else "",
                positions=[(cand.start, cand.end)],
            )
            stops.append(stop)
            by_place[place.pk] = stop
        # A country named beside its own towns ("Tromsø, Norway") is not a stop.
        cities = {s.place.country_code for s in stops if not s.is_country}
        stops = [
            s
            for s in stops
            if not (s.is_country and not s.label and s.place.country_code in cities)
        ]
        if len(stops) > MAX_STOPS:
            self.notes.append(
                _("The post names more than %(max)s places; we kept the first %(max)s.")
                % {"max": MAX_STOPS}
            )
            stops = stops[:MAX_STOPS]
        self._tentative(stops)
        return stops

    def _tentative(self, stops: list[DraftStop]) -> None:
        """A "maybe" makes the next stop named in its sentence tentative (or, at the end of
        the sentence, the one before); "Copenhagen?" is tentative too."""
        for m in re.finditer(r"[^\W\d_]+", self.text):
            if m.group(0).casefold() not in words.TENTATIVE_WORDS:
                continue
            segment = self._segment_of(m.start())
            after = [
                (p, s)
                for s in stops
                for p, _end in s.positions
                if p > m.start() and self._segment_of(p) == segment
            ]
            before = [
                (p, s)
                for s in stops
                for p, _end in s.positions
                if p < m.start() and self._segment_of(p) == segment
            ]
            if after:
                min(after, key=lambda pair: pair[0])[1].tentative = True
            elif before:
                max(before, key=lambda pair: pair[0])[1].tentative = True
        for stop in stops:
            for _start, end in stop.positions:
                if self.text[end : end + 2].strip().startswith("?"):
                    stop.tentative = True

    # -- topics and needs -------------------------------------------------------------

    def _topics(self) -> list[Topic]:
        folded = [_fold(w) for w in re.findall(r"#?[^\W\d_]+(?:[-'’][^\W\d_]+)*", self.text)]
        hashtags = {_fold(w) for w in re.findall(r"#([^\W_][\w-]*)", self.text)}
        pairs = {a + b for a, b in itertools.pairwise(folded)}
        triples = {a + b + c for a, b, c in zip(folded, folded[1:], folded[2:], strict=False)}
        said = set(folded) | pairs | triples | hashtags
        word_map = {_fold(k): v for k, v in words.TOPIC_WORDS.items()}
        slugs = [word_map[w] for w in said if w in word_map]
        topics = list(Topic.objects.all())
        for topic in topics:
            names = {_fold(topic.slug), _fold(topic.name), _fold(str(topic.display_name))}
            if names & said:
                slugs.append(topic.slug)
        wanted = set(slugs)
        return sorted((t for t in topics if t.slug in wanted), key=lambda t: t.slug)

    def _needs(self) -> list[str]:
        from travel.trips.models import PlaceKind

        need_map = {_fold(k): v for k, v in words.NEEDS.items()}
        found = {
            need_map[_fold(w)] for w in re.findall(r"[^\W\d_]+", self.text) if _fold(w) in need_map
        }
        return [kind for kind in PlaceKind.values if kind in found]

    # -- dates to stops -----------------------------------------------------------------

    def _nearest_stop(self, start: int, end: int, stops: list[DraftStop]) -> DraftStop | None:
        """The stop named nearest to text[start:end] in its sentence, else the one before."""
        segment = self._segment_of(start)
        same = [
            (max(0, p - end, start - q), s)
            for s in stops
            for p, q in s.positions
            if self._segment_of(p) == segment
        ]
        if same:
            return min(same, key=lambda pair: pair[0])[1]
        earlier = [(start - q, s) for s in stops for _p, q in s.positions if q <= start]
        if earlier:
            return min(earlier, key=lambda pair: pair[0])[1]
        return None

    def _attach_dates(self, stops: list[DraftStop]) -> None:
        trip_start: date | None = None
        trip_days: int | None = None
        approximate: set[int] = set()
        explicit: set[int] = set()
        for d in self.dates:
            stop = self._nearest_stop(d.start, d.end, stops)
            if stop is None:
                trip_start = trip_start or d.first
                continue
            index = stops.index(stop)
            if d.approximate:
                approximate.add(index)
            if d.last is not None:
                stop.arrive, stop.depart = d.first, d.last
            elif d.until:
                stop.depart = d.first
            elif stop.arrive is None:
                stop.arrive = d.first
            elif stop.depart is None and d.first >= stop.arrive:
                stop.depart = d.first
            explicit.add(index)
        durations: dict[int, int] = {}
        for u in self.durations:
            stop = None if u.whole_trip else self._nearest_stop(u.start, u.end, stops)
            # "From Tromsø, two weeks by train": the length of the journey, not of Tromsø.
            if stop is not None and stop is stops[0] and len(stops) > 1:
                stop = (
                    None
                    if self._segment_of(u.start) == self._segment_of(stop.positions[0][0])
                    else stop
                )
            if stop is None:
                trip_days = trip_days or u.days
            else:
                durations[stops.index(stop)] = u.days
        if not stops:
            return
        for i, stop in enumerate(stops):
            days = durations.get(i)
            if days is not None and stop.arrive and not stop.depart:
                stop.depart = stop.arrive + timedelta(days=days)
            elif days is not None and stop.depart and not stop.arrive:
                stop.arrive = stop.depart - timedelta(days=days)
        first = stops[0]
        if first.arrive is None and first.depart is None and trip_start is not None:
            first.arrive = trip_start
            approximate.add(0)
        # The first stop is where you set out: a single date there is the day you leave.
        if first.arrive is not None and first.depart is None and 0 not in durations:
            first.depart = first.arrive
        known = [s.arrive or s.depart for s in stops if s.arrive or s.depart]
        if not known:
            start = self.today + timedelta(days=7 - self.today.weekday())
            self.notes.append(
                _("The post says no dates; we proposed some from %(day)s. Change them to yours.")
                % {"day": start.isoformat()}
            )
            first.arrive = first.depart = start
        end: date | None = None
        trip_begins = min(d for s in stops for d in (s.arrive, s.depart) if d is not None)
        if trip_days is not None:
            end = trip_begins + timedelta(days=trip_days)
        self._fill(stops, end=end, durations=durations)
        for i, stop in enumerate(stops):
            stop.dates_proposed = i not in explicit or i in approximate or stop.dates_proposed

    def _fill(self, stops: list[DraftStop], *, end: date | None, durations: dict[int, int]) -> None:
        """Proposes dates for stops the post gives none: between the dates that are known,
        evenly; after the last one, up to the trip's end or DEFAULT_NIGHTS each."""
        n = len(stops)
        # Before the first stop with a date: one night each, counted back.
        first_known = next(i for i, s in enumerate(stops) if s.arrive or s.depart)
        anchor = stops[first_known].arrive or stops[first_known].depart
        assert anchor is not None
        for i in range(first_known - 1, -1, -1):
            stops[i].depart = anchor
            anchor = anchor - timedelta(days=0 if i == 0 else 1)
            stops[i].arrive = anchor
            stops[i].dates_proposed = True
        i = 0
        while i < n:
            stop = stops[i]
            prev_depart = stops[i - 1].depart if i else None
            if stop.arrive is None:
                stop.arrive = prev_depart or stop.depart
                stop.dates_proposed = True
            if stop.depart is None and stop.arrive is not None and i in durations:
                stop.depart = stop.arrive + timedelta(days=min(durations[i], MAX_NIGHTS))
                stop.dates_proposed = True
            if stop.depart is None:
                # The next date that is known, and how many stops share the days till then.
                j = i + 1
                while j < n and stops[j].arrive is None and stops[j].depart is None:
                    j += 1
                target = (stops[j].arrive or stops[j].depart) if j < n else end
                share = j - i + (1 if j < n and stops[j].arrive is None else 0)
                assert stop.arrive is not None
                if target is not None and target >= stop.arrive:
                    nights = (target - stop.arrive).days // share
                else:
                    nights = 0 if i == 0 else durations.get(i, DEFAULT_NIGHTS)
                stop.depart = stop.arrive + timedelta(days=min(nights, MAX_NIGHTS))
                stop.dates_proposed = True
            assert stop.arrive is not None and stop.depart is not None
            if stop.arrive > stop.depart:
                stop.arrive = stop.depart
                stop.dates_proposed = True
            if (stop.depart - stop.arrive).days > MAX_NIGHTS:
                stop.depart = stop.arrive + timedelta(days=MAX_NIGHTS)
                stop.dates_proposed = True
            i += 1
        # The last stop stretches to the trip's end ("for two weeks") when that is later.
        last = stops[-1]
        if (
            end is not None
            and last.arrive is not None
            and last.depart is not None
            and last.depart < end
            and last.dates_proposed
        ):
            last.depart = min(end, last.arrive + timedelta(days=MAX_NIGHTS))
