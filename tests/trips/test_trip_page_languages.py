"""The trip page in the reader's language: place and country names, dates and ranges."""

from datetime import date

import pytest

from tests.trips.conftest import stop
from travel.trips.services import trip_create


@pytest.mark.parametrize(
    ("language", "place", "country", "one_day", "one_range", "nights"),
    [
        (
            "nb",
            "København, Danmark",
            "Tyskland",
            "tir. 10. des.",
            "8.–10. desember 2030",
            "2 netter",
        ),
        (
            "de",
            "Kopenhagen, Dänemark",
            "Deutschland",
            "Di., 10. Dez.",
            "8.–10. Dezember 2030",
            "2 Nächte",
        ),
        ("en", "Copenhagen, Denmark", "Germany", "Tue 10 Dec", "8–10 December 2030", "2 nights"),
    ],
)
def test_the_trip_page_speaks_the_reader_language(
    owner, owner_client, places, language, place, country, one_day, one_range, nights
):
    copenhagen = places("Copenhagen")
    trip = trip_create(
        owner=owner,
        title="South",
        stops=[stop(copenhagen, date(2030, 12, 8), 3, label="by the sea")],
    )
    html = owner_client.get(trip.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    text = html.content.decode()
    assert place in text
    assert one_range in text
    assert nights in text
    assert one_day in text  # the day you leave, abbreviated as the language does
    from django.utils import translation

    with translation.override(language):
        assert places("Berlin").country_display_name == country
