"""axe-core finds no serious or critical problem on the main pages; every page fits a
360 px wide phone; keyboard focus is always visible."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser import pages
from tests.browser.helpers import sign_in

AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"


@pytest.fixture(scope="session")
def axe():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --ignore-scripts`")
    return Axe.from_file(str(AXE))


def open_page(page: Page, live_server, name: str, world: dict) -> None:
    url, user = world[name]
    if user is not None:
        sign_in(page, live_server, user)
    response = page.goto(live_server.url + url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
@pytest.mark.parametrize("name", pages.NAMES)
def test_axe_finds_no_serious_problem(page: Page, live_server, axe, name):
    world = pages.build()
    open_page(page, live_server, name, world)
    result = axe.run(page)
    problems = [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_every_main_page_fits_a_360_px_screen(page: Page, live_server):
    world = pages.build()
    me = world["dashboard"][1]
    sign_in(page, live_server, me)
    wide = []
    for name, (url, user) in world.items():
        if user is None:
            continue
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append(f"{name}: {width} px")
    assert wide == []


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_phone_menu_opens_and_closes_by_keyboard(page: Page, live_server):
    world = pages.build()
    sign_in(page, live_server, world["dashboard"][1])
    page.goto(live_server.url + "/dashboard/")
    menu = page.locator(".nav-menu > summary")
    trips = page.locator(".nav a[href='/trips/']")
    expect(menu).to_be_visible()
    expect(trips).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(trips).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Tab")
    expect(page.locator(".nav a[href='/dashboard/']")).to_be_focused()
    page.keyboard.press("Escape")
    expect(trips).to_be_hidden()
    expect(menu).to_be_focused()


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_desktop_navigation_shows_every_link_without_a_menu_button(page: Page, live_server):
    world = pages.build()
    sign_in(page, live_server, world["dashboard"][1])
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator(".nav-menu > summary")).to_be_hidden()
    expect(page.locator(".nav a[href='/trips/']")).to_be_visible()
    expect(page.locator(".nav a[href='/messages/']")).to_be_visible()


FOCUS_RING = """el => {
  const s = getComputedStyle(el);
  return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
}"""


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
@pytest.mark.parametrize("name", ["trip-create", "offer-edit", "profile", "sign-up"])
def test_keyboard_focus_is_visible_on_every_control_of_a_form(page: Page, live_server, name):
    """Tab through the page: each control that takes the focus shows a ring."""
    world = pages.build()
    open_page(page, live_server, name, world)
    unringed = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        tag = focused.evaluate("el => el.tagName + (el.id ? '#' + el.id : '')")
        if tag == "BODY":
            break
        # Focus inside the browser's own part of a control (a date field's calendar
        # button, which Chromium rings itself) does not match :focus on the field.
        if not focused.evaluate("el => el.matches(':focus')"):
            continue
        if not focused.evaluate(FOCUS_RING):
            unringed.append(tag)
    assert unringed == []
