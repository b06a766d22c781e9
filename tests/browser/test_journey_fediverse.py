"""A member switches on their Fediverse profile and sees their handle (both widths)."""

from __future__ import annotations

import os

from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.conftest import make_member

SHOTS = os.environ.get("STOPOVER_SHOTS")


def test_a_member_switches_on_their_fediverse_profile(page: Page, live_server, settings):
    settings.FEDERATION_ENABLED = True
    settings.SITE_URL = live_server.url
    member = make_member("fedi@example.org", display_name="Frida Fedi")
    sign_in(page, live_server, member)
    page.goto(live_server.url + "/me/settings/")
    page.get_by_role("link", name="Fediverse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fediverse")
    page.get_by_label("Be reachable on the Fediverse").check()
    page.get_by_role("button", name="Save").click()
    host = live_server.url.removeprefix("http://")
    expect(page.get_by_text(f"@frida-fedi@{host}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/fediverse-{page.viewport_size['width']}.png", full_page=True)
