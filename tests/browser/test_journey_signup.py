"""Journey 1: a newcomer signs up, types the code from the verification email, is
signed in, and fills the profile (home place through the place picker, by keyboard)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.helpers import pick_place, tab_to


def test_it_signs_up_verifies_the_email_and_fills_the_profile(
    page: Page, live_server, places, mailoutbox, step
):
    tromso = places("Tromsø")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign Up")
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_label("Password:", exact=True).fill("a long journey password")
    page.get_by_label("Password (again)").fill("a long journey password")
    page.get_by_label("Display name").fill("Nina Newcomer")
    page.get_by_label("I have read the community guidelines").check()
    step("sign-up form")
    page.get_by_label("Password (again)").press("Enter")

    # The code arrives by email; the page asks for it.
    code_field = page.get_by_label("Code")
    expect(code_field).to_be_visible()
    step("asked for the code")
    assert len(mailoutbox) == 1
    [message] = mailoutbox
    assert message.to == ["newcomer@example.org"]
    match = re.search(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", message.body, re.MULTILINE)
    assert match, message.body
    code_field.fill(match.group(1))
    code_field.press("Enter")

    # Signed in: welcomed on the dashboard, with a sign-out button and no sign-in link.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator(".nav form[action$='/logout/'] button")).to_be_attached()
    expect(page.locator(".nav a[href$='/login/']")).to_have_count(0)
    assert User.objects.get(email="newcomer@example.org").emailaddress_set.get().verified
    step("signed in")

    page.goto(live_server.url + "/me/profile/")
    name = page.get_by_label("Display name")
    tab_to(page, name)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Nina Newcomer")
    home = page.locator("#id_home_place")
    tab_to(page, home)
    pick_place(page, home, "Tromsø", tromso.label)
    step("profile filled")
    home.press("Enter")  # Enter in a text field submits the form (the listbox is closed).

    expect(page.locator(".message")).to_be_visible()
    user = User.objects.get(email="newcomer@example.org")
    assert user.display_name == "Nina Newcomer"
    assert user.home_place == tromso
    step("profile saved")
