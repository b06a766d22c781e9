"""Find a host on the map in the browser: the map and the list agree as filters change
and as the map moves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.conftest import make_member
from tests.hosting.conftest import make_offer
from travel.hosting import services

pytestmark = pytest.mark.parametrize("viewport", ["desktop"], indirect=True)


def agree(page: Page) -> int:
    """Circles on the map == cards in the list == the count line; returns the count."""
    the_map = page.locator("#hosting-map[data-results]")
    expect(the_map).to_be_attached()
    listed = page.locator("#hosting-map-results [data-offer-id]").count()
    drawn = page.locator("#hosting-map path.map-offer").count()
    assert listed == drawn
    expect(page.locator("#hosting-map-results .map-count")).to_contain_text(f"hosts {listed}")
    return listed


def test_the_map_and_the_list_agree_as_filters_change_and_the_map_moves(
    page: Page, live_server, places
):
    today = timezone.localdate()
    make_offer(make_member(display_name="Sofa Host"), today=today, kinds=["sofa"])
    hammock = make_offer(make_member(), today=today, days=0, kinds=["hammock"])
    services.availability_add(
        offer=hammock, start=today + timedelta(days=10), end=today + timedelta(days=20)
    )
    make_offer(make_member(), today=today, kinds=["floor"], exact_lat=59.2, exact_lon=11.2)
    me = make_member(home_place=places("Oslo"))
    sign_in(page, live_server, me)
    page.goto(live_server.url + "/hosting/map/")
    page.wait_for_load_state("networkidle")
    assert agree(page) == 2  # Oslo's two; the one near Fredrikstad is out of view

    page.get_by_label("Hammock").check()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#hosting-map-results [data-offer-id]")).to_have_count(1)
    assert agree(page) == 1

    page.locator("#hs-start").fill((today + timedelta(days=2)).isoformat())
    page.locator("#hs-end").fill((today + timedelta(days=4)).isoformat())
    page.locator("#hs-end").dispatch_event("change")
    expect(page.locator("#hosting-map-results")).to_contain_text("No host here has room")
    assert agree(page) == 0

    page.get_by_label("Hammock").uncheck()
    page.locator("#hs-start").fill("")
    page.locator("#hs-end").fill("")
    page.locator("#hs-end").dispatch_event("change")
    expect(page.locator("#hosting-map-results [data-offer-id]")).to_have_count(2)
    # Zoom out with the map's own control: the one near Fredrikstad comes into view.
    cards = page.locator("#hosting-map-results [data-offer-id]")
    the_map = page.locator("#hosting-map")
    for _ in range(4):
        if cards.count() == 3:
            break
        before = the_map.get_attribute("data-searched") or ""
        page.locator("#hosting-map .leaflet-control-zoom-out").click()
        expect(the_map).not_to_have_attribute("data-searched", before)
    expect(cards).to_have_count(3)
    assert agree(page) == 3


def test_a_bad_date_order_says_so_on_the_page(page: Page, live_server, places):
    sign_in(page, live_server, make_member(home_place=places("Oslo")))
    page.goto(live_server.url + "/hosting/map/")
    page.locator("#hs-start").fill("2030-05-10")
    page.locator("#hs-end").fill("2030-05-01")
    page.locator("#hs-end").dispatch_event("change")
    expect(page.get_by_role("alert")).to_contain_text("after the day you arrive")
