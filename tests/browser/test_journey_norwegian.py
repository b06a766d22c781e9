"""Journey 5: a member switches to Norwegian with the footer switcher and posts the
three-stop trip of journey 2; the page chrome speaks Norwegian the whole way."""

from __future__ import annotations

from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.helpers import post_three_stop_trip, sign_in
from tests.browser.test_journey_trip import journey_stops
from tests.conftest import make_member


def nb(text: str) -> str:
    with translation.override("nb"):
        return translation.gettext(text)


def test_the_norwegian_catalogue_is_there():
    """A lost or uncompiled catalogue fails here (and the journey below), never hides."""
    assert nb("My trips") != "My trips", "compile the catalogues: make messages"


def test_it_switches_to_norwegian_and_posts_a_trip(page: Page, live_server, places, step):
    sign_in(page, live_server, make_member(display_name="Nora Nordmann"))
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("#language-select").select_option("nb")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page).to_have_url(live_server.url + "/dashboard/")
    step("norwegian dashboard")

    post_three_stop_trip(page, live_server, journey_stops(places), step=step, title="Nordover")

    # The choice is remembered: the trip page is Norwegian too, chrome included.
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    my_trips = page.locator(".nav a[href='/trips/']")
    expect(my_trips).to_have_text(nb("My trips"))
    expect(my_trips).not_to_have_text("My trips")
    expect(page.locator("#timeline-title")).to_have_text(nb("Timeline"))
    expect(page.locator("#stops-title")).to_have_text(nb("Stops"))
    expect(page.locator(".message")).to_have_text(nb("Your trip is posted."))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nordover")
    expect(page.locator(".timeline-svg rect.timeline-bar")).to_have_count(3)
    expect(page.locator("#trip-map .leaflet-marker-icon")).to_have_count(3)
    step("trip page in norwegian")
