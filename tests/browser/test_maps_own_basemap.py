"""Maps with no third party: with default settings, walking the main pages (and every
page with a map) sends no request anywhere but the site itself, and the maps show land
and borders drawn from our own static files."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser import pages
from tests.browser.conftest import RESULTS
from tests.browser.helpers import sign_in
from tests.hosting.conftest import make_offer


def map_pages(world: dict) -> dict[str, tuple[str, object]]:
    me = world["dashboard"][1]
    offer = make_offer(me)
    return {
        **world,
        "hosting-map": (reverse("hosting:map"), me),
        "offer": (reverse("hosting:offer_detail", args=[offer.public_id]), me),
        "meetups-near": (reverse("meetups:near"), me),
    }


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_walking_the_main_pages_sends_no_request_off_the_site(page: Page, live_server):
    world = map_pages(pages.build())
    origin = urlsplit(live_server.url).netloc
    outside: list[str] = []

    def record(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob"):
            return
        if url.netloc != origin:
            outside.append(request.url)

    page.on("request", record)
    signed_in = False
    for url, user in world.values():
        if user is not None and not signed_in:
            sign_in(page, live_server, user)
            signed_in = True
        if user is None and signed_in:
            continue
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
    # The signed-out pages, after the signed-in ones were walked.
    page.context.clear_cookies()
    for _name, (url, user) in world.items():
        if user is None:
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
    assert outside == []


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_trip_map_shows_land_and_borders_from_our_own_files(page: Page, live_server):
    world = pages.build()
    url, me = world["trip"]
    sign_in(page, live_server, me)
    page.goto(live_server.url + url)
    the_map = page.locator("#trip-map[data-basemap-ready]")
    expect(the_map).to_be_visible()
    expect(the_map.locator("canvas")).to_have_count(1)
    expect(the_map.locator(".map-town").first).to_be_attached()
    the_map.scroll_into_view_if_needed()
    # Land is painted over the sea's colour: sample the canvas for both.
    colours = the_map.locator("canvas").evaluate(
        """c => {
          const ctx = c.getContext("2d");
          const data = ctx.getImageData(0, 0, c.width, c.height).data;
          let land = 0, border = 0;
          for (let i = 0; i < data.length; i += 16) {
            const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
            if (a > 200 && r === 0xf4 && g === 0xf1 && b === 0xe8) land++;
            else if (a > 60 && Math.abs(r - 0x9a) < 40 && Math.abs(g - 0x8f) < 40
                     && b > 120 && r < 200) border++;
          }
          return { land, border };
        }"""
    )
    RESULTS.mkdir(exist_ok=True)
    the_map.screenshot(path=str(RESULTS / "basemap-trip-map.png"))
    assert colours["land"] > 1000, colours
    assert colours["border"] > 20, colours
