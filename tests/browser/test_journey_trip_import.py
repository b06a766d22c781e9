"""Journey: a member imports the trip they announced on Mastodon, checks the preview,
and posts it through the ordinary new-trip form."""

from __future__ import annotations

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import AXE
from tests.conftest import make_member
from tests.federation.import_places import journey_places  # noqa: F401 (a fixture)
from tests.federation.import_posts import next_reference_monday, post
from travel.trips.models import Trip

pytestmark = pytest.mark.usefixtures("journey_places")


def _serious_problems(page: Page) -> list[str]:
    result = Axe.from_file(str(AXE)).run(page)
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_it_imports_a_post_previews_it_and_posts_the_trip(page: Page, live_server, step, viewport):
    member = make_member(display_name="Tova Traveller")
    sign_in(page, live_server, member)
    page.goto(live_server.url + "/trips/new")
    page.get_by_role("link", name="Import from a post").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import a trip from a post")
    assert _serious_problems(page) == []
    page.get_by_label("The text of your post").fill(
        post("en", next_reference_monday(timezone.localdate()))
    )
    step("post pasted")
    page.get_by_role("button", name="Read the post").click()

    expect(page.get_by_role("heading", name="What we read in your post")).to_be_visible()
    preview = page.locator(".import-preview")
    for name in ("Tromsø", "Narvik", "Oslo", "south Sweden", "Copenhagen", "Hamburg or Berlin"):
        expect(preview).to_contain_text(name)
    expect(page.locator("#id_stops-0-place")).to_have_value("Tromsø, Norway")
    expect(page.locator("#id_stops-5-tentative")).to_be_checked()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= {"desktop": 1280, "phone": 360}[viewport]
    step("preview")
    assert _serious_problems(page) == []
    if os.environ.get("IMPORT_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['IMPORT_SCREENSHOTS']}/{viewport}.png", full_page=True)
    assert Trip.objects.count() == 0

    page.locator(".trip-form .form-actions button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tromsø to Hamburg or Berlin")
    assert Trip.objects.get(owner=member).stops.count() == 6
