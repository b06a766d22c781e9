"""Reading a post into a trip draft (travel/federation/trip_import.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.federation.import_places import journey_places  # noqa: F401 (a fixture)
from tests.federation.import_posts import JOURNEY, POSTS, post
from travel.federation.trip_import import PostImportError, draft_from_text
from travel.places.models import Place, PlaceName
from travel.trips.models import Trip

pytestmark = pytest.mark.usefixtures("journey_places")
MARCH = date(2026, 3, 20)  # the reference posts were written on this day
LABELS = {
    "en": "south Sweden",
    "nb": "Sør-Sverige",
    "sv": "södra Sverige",
    "da": "sydlige Sverige",
    "de": "Südschweden",
}
OR = {"en": "or", "nb": "eller", "sv": "eller", "da": "eller", "de": "oder"}


def _d(day: int) -> date:
    return date(2026, 4, day)


@pytest.mark.parametrize("language", sorted(POSTS))
def test_it_reads_the_reference_journey_in_each_language(language):
    draft = draft_from_text(post(language), today=MARCH)

    assert draft.language == language
    names = [s.place.name for s in draft.stops]
    assert names == JOURNEY
    tromso, narvik, oslo, skane, copenhagen, hamburg = draft.stops
    # Said in the post: leave Tromsø on Monday 6 April, Oslo 7–9 April, Skåne from the 10th.
    assert (tromso.arrive, tromso.depart, tromso.dates_proposed) == (_d(6), _d(6), False)
    assert (oslo.arrive, oslo.depart, oslo.dates_proposed) == (_d(7), _d(9), False)
    assert skane.arrive == _d(10)
    assert skane.label == LABELS[language]
    # Not said: proposed, in order, within the two weeks, for the member to confirm.
    assert narvik.dates_proposed and (narvik.arrive, narvik.depart) == (_d(6), _d(7))
    assert copenhagen.dates_proposed and hamburg.dates_proposed
    assert skane.depart <= copenhagen.arrive <= copenhagen.depart <= hamburg.arrive
    assert hamburg.depart == _d(20)  # "two weeks" from 6 April
    # "maybe Copenhagen", "Hamburg or Berlin"
    assert [s.tentative for s in draft.stops] == [False, False, False, False, True, True]
    assert [p.name for p in hamburg.alternatives] == ["Berlin"]
    assert hamburg.label == f"Hamburg {OR[language]} Berlin"

    slugs = {t.slug for t in draft.topics}
    assert {
        "housing-coops",
        "unions",
        "hacking-for-good",
        "solarpunk",
        "mutual-aid",
        "free-software",
    } <= slugs
    assert draft.needs == ["sofa", "floor", "hammock", "tent"]
    assert draft.support_link == "https://liberapay.com/olive"
    assert [(c.kind, c.value) for c in draft.contacts] == [
        ("matrix", "@olive:matrix.org"),
        ("email", "olive@example.org"),
    ]
    # The handles are offered for the profile, not left in the trip's description (P6).
    assert "olive:matrix.org" not in draft.description
    assert "[at]" not in draft.description
    assert "liberapay.com/olive" in draft.description
    assert Trip.objects.count() == 0


def test_it_takes_the_year_in_which_the_named_weekday_fits():
    # In December 2026, "Monday (05.04)" is 5 April 2027 (a Monday); "06.04" in 2027 is a
    # Tuesday, so "Monday (06.04)" is said to be checked.
    draft = draft_from_text("Monday (05.04) from Tromsø to Oslo.", today=date(2026, 12, 4))
    assert draft.stops[0].arrive == date(2027, 4, 5)
    assert draft.notes == []
    draft = draft_from_text("Monday (06.04) from Tromsø to Oslo.", today=date(2026, 12, 4))
    assert draft.stops[0].arrive == date(2027, 4, 6)
    assert any("weekday" in note for note in draft.notes)


def test_it_reads_a_numeric_day_and_month_as_a_date_not_a_clock_time():
    draft = draft_from_text("Train from Oslo kl. 06.04, in Malmö 08.04.", today=MARCH)
    assert [s.place.name for s in draft.stops] == ["Oslo", "Malmö"]
    assert draft.stops[1].arrive == _d(8)


@pytest.mark.parametrize(
    ("text", "arrive", "depart"),
    [
        ("In Oslo 6 April – 9 April.", _d(6), _d(9)),
        ("In Oslo April 6–9.", _d(6), _d(9)),
        ("I Oslo 6.–9. april.", _d(6), _d(9)),
        ("In Oslo vom 6. bis 9. April.", _d(6), _d(9)),
        ("Oslo 6.4.–9.4.", _d(6), _d(9)),
        ("Oslo from 6 April for three days.", _d(6), _d(9)),
    ],
)
def test_it_reads_date_ranges_as_travellers_write_them(text, arrive, depart):
    # "Bergen" first, so that Oslo is not where the trip sets out.
    draft = draft_from_text("From Bergen. " + text, today=MARCH)
    oslo = draft.stops[1]
    assert (oslo.place.name, oslo.arrive, oslo.depart) == ("Oslo", arrive, depart)


@pytest.mark.parametrize(
    "phrase", ["next week", "neste uke", "nästa vecka", "næste uge", "nächste Woche"]
)
def test_it_starts_next_week_on_its_monday(phrase):
    draft = draft_from_text(f"Tromsø → Oslo, {phrase}.", today=MARCH)  # a Friday
    assert draft.stops[0].arrive == date(2026, 3, 23)
    assert draft.stops[0].dates_proposed


@pytest.mark.parametrize("word", ["possibly", "maybe", "kanskje", "kanske", "måske", "vielleicht"])
def test_it_marks_a_stop_tentative_when_the_post_hedges(word):
    draft = draft_from_text(f"Tromsø 6.4., Oslo 8.4., {word} Malmö 10.4.", today=MARCH)
    assert [(s.place.name, s.tentative) for s in draft.stops] == [
        ("Tromsø", False),
        ("Oslo", False),
        ("Malmö", True),
    ]


def test_it_offers_a_proposed_range_for_a_stop_without_dates():
    draft = draft_from_text("Oslo on 6 April, then Malmö, then Berlin on 12 April.", today=MARCH)
    _oslo, malmo, berlin = draft.stops
    assert malmo.dates_proposed and not berlin.arrive < malmo.depart
    assert (malmo.arrive, malmo.depart) == (_d(6), _d(12))


def test_it_does_not_take_a_word_that_opens_a_sentence_for_a_small_town():
    # "Sedan" is Swedish for "then", and a town of 17,000 in France.
    sedan = Place.objects.create(
        geonameid=2975758, name="Sedan", ascii_name="sedan", country_code="FR", population=17000
    )
    PlaceName.objects.create(place=sedan, key="sedan", population=17000)
    draft = draft_from_text("Jag börjar i Tromsø. Sedan Oslo och Malmö.", today=MARCH)
    assert [s.place.name for s in draft.stops] == ["Tromsø", "Oslo", "Malmö"]
    # In a list of places, a small town at a line's start still counts.
    draft = draft_from_text("Narvik (6.4.) → Oslo (8.4.)", today=MARCH)
    assert [s.place.name for s in draft.stops] == ["Narvik", "Oslo"]


def test_it_does_not_take_common_words_for_places():
    draft = draft_from_text(
        "Vil gjerne møte folk. Essen und Boden, bitte. Best wishes from Oslo!", today=MARCH
    )
    assert [s.place.name for s in draft.stops] == ["Oslo"]


def test_it_refuses_a_text_of_100_kb():
    with pytest.raises(PostImportError) as caught:
        draft_from_text("Oslo " * 20_000, today=MARCH)
    assert caught.value.field == "text"
    assert "at most" in caught.value.message
