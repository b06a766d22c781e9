"""Done when 1 and 2 of "On the road": the app installs (manifest, an active service
worker) and the trip sheet reads offline; after sign-out nothing of it is left."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.conftest import make_member
from tests.road.world import MALMO_ADDRESS, OSLO_ADDRESS, VENUE, build_road

pytestmark = pytest.mark.parametrize("viewport", ["phone"], indirect=True)


def open_synced(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("html[data-sheet-synced]", state="attached")
    page.wait_for_function("navigator.serviceWorker.ready.then(r => !!r.active)")


def test_the_service_worker_is_active_and_the_manifest_is_linked(page: Page, live_server):
    open_synced(page, live_server.url + "/")
    state = page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)")
    assert state in ("activated", "activating")
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["display"] == "standalone" and manifest["start_url"]


def test_the_trip_sheet_reads_offline_and_is_gone_after_sign_out(
    page: Page, live_server, places, step
):
    road = build_road()
    sign_in(page, live_server, road.traveller)
    trip_url = live_server.url + road.trip.get_absolute_url()
    open_synced(page, trip_url)
    # The first page registered the worker; the next load is under its control.
    open_synced(page, trip_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("South by rail")

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trip sheet")
    sheet = page.locator("[data-trip-sheet]")
    expect(sheet).to_contain_text("Staying with Hanne Host")
    expect(sheet).to_contain_text(OSLO_ADDRESS)
    expect(sheet).to_contain_text(VENUE)
    expect(sheet).not_to_contain_text(MALMO_ADDRESS)
    expect(page.locator(".sheet-offline-note")).to_be_visible()
    expect(page.locator("#sheet-map[data-basemap-ready]")).to_be_visible()
    step("offline sheet")

    page.context.set_offline(False)
    open_synced(page, trip_url)
    page.locator(".nav-menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/trips/" not in url)
    page.context.set_offline(True)
    page.goto(trip_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.locator("body")).not_to_contain_text("Hanne Host")
    kept = page.evaluate("caches.keys()")
    assert [name for name in kept if name.startswith("stopover-sheet-")] == []
    step("signed out, offline")


def test_a_second_member_on_the_same_browser_never_sees_the_first_ones_sheet(
    page: Page, live_server, places
):
    road = build_road()
    sign_in(page, live_server, road.traveller)
    open_synced(page, live_server.url + "/sheet/")
    open_synced(page, live_server.url + "/sheet/")
    # The first member's session is replaced without signing out (a shared phone).
    page.context.clear_cookies()
    sign_in(page, live_server, make_member(display_name="Second Member"))
    open_synced(page, live_server.url + "/dashboard/")
    page.context.set_offline(True)
    page.goto(live_server.url + "/sheet/")
    expect(page.locator("body")).not_to_contain_text("South by rail")
    expect(page.locator("body")).not_to_contain_text(OSLO_ADDRESS)


def test_the_trip_sheet_prints_on_one_or_two_a4_pages(page: Page, live_server, places):
    import re

    road = build_road()
    sign_in(page, live_server, road.traveller)
    page.goto(live_server.url + "/sheet/")
    expect(page.locator("#sheet-map[data-basemap-ready]")).to_be_attached()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages
