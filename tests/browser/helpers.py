"""What the journeys share: signing a member in, the place picker by keyboard, keyboard
navigation that proves an element is reachable with Tab."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from accounts.models import User


def sign_in(page: Page, live_server, user: User) -> None:
    """Give the browser a session of `user` (the sign-in form has its own journey)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def tab_to(page: Page, target: Locator, *, limit: int = 40, back: bool = False) -> None:
    """Press Tab (Shift+Tab) until `target` has the focus: it is reachable by keyboard."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{target} not reached with the keyboard in {limit} presses")


def pick_place(page: Page, combobox: Locator, text: str, expected: str) -> None:
    """Type into a place picker that has the focus, then ArrowDown and Enter."""
    expect(combobox).to_be_focused()
    page.keyboard.type(text, delay=20)
    listbox = page.locator(f"#{combobox.get_attribute('aria-controls')}")
    expect(listbox.get_by_role("option").first).to_contain_text(expected)
    expect(combobox).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(combobox).to_have_value(expected)
    expect(combobox).to_have_attribute("aria-expanded", "false")


def type_date(page: Page, field: Locator, day: date) -> None:
    """Type a date into a focused <input type=date> as a keyboard user does (the browser
    runs with the "en" locale: month, day, year)."""
    expect(field).to_be_focused()
    page.keyboard.type(day.strftime("%m%d%Y"))
    expect(field).to_have_value(day.isoformat())


def post_three_stop_trip(page: Page, live_server, stops, *, step, title: str) -> None:
    """Journey 2 by keyboard: title, three stops through the place picker (each added
    with "Add a stop"), a topic, then post. `stops` is [(place, arrive, depart), …].
    Works in any language: it finds fields by id and moves with Tab."""
    page.goto(live_server.url + "/trips/new")
    tab_to(page, page.locator("#id_title"))
    page.keyboard.type(title)
    for index, (place, arrive, depart) in enumerate(stops):
        prefix = f"#id_stops-{index}"
        if index:
            tab_to(page, page.locator("#add-stop"))
            page.keyboard.press("Enter")
            # The editor is swapped in and the focus lands in the new stop's place picker.
            expect(page.locator(f"{prefix}-place")).to_be_focused()
        else:
            tab_to(page, page.locator(f"{prefix}-place"))
        # The label in the page's own language ("Oslo, Norge" in Norwegian).
        with translation.override(page.locator("html").get_attribute("lang") or "en"):
            label = place.label
        pick_place(page, page.locator(f"{prefix}-place"), place.name, label)
        tab_to(page, page.locator(f"{prefix}-arrive"))
        type_date(page, page.locator(f"{prefix}-arrive"), arrive)
        tab_to(page, page.locator(f"{prefix}-depart"))
        type_date(page, page.locator(f"{prefix}-depart"), depart)
    step("stops entered")
    unions = page.locator(f"input[name=topics][value='{_topic_pk('unions')}']")
    tab_to(page, unions)
    page.keyboard.press("Space")
    expect(unions).to_be_checked()
    tab_to(page, page.locator(".trip-form .form-actions button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/trips/[0-9a-f-]{36}/$"))
    step("trip posted")


def _topic_pk(slug: str) -> int:
    from travel.topics.models import Topic

    return Topic.objects.get(slug=slug).pk
