"""Done when 4: a member turns on push in Chromium (the service worker registers), a
connection writes to them, the push arrives and the badge changes without a reload;
they open the notification and the badge clears.

Chromium's own push service (FCM) is not reachable from here, so the device's
subscription points at the test's push service on loopback (tests/notifications/
pushserver.py): the server really encrypts and sends there, the test service decrypts
with the device's key and hands the payload to the service worker through the DevTools
protocol (ServiceWorker.deliverPushMessage), as FCM would.
"""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.conftest import make_member
from tests.messaging.conftest import connect, send
from tests.notifications.pushserver import PushServer
from travel.notifications.services import push_subscribe


def test_a_pushed_message_changes_the_badge_and_reading_clears_it(
    page: Page, live_server, step, viewport, tmp_path, settings, monkeypatch
):
    server = PushServer(tmp_path)
    settings.PUSH_ALLOWED_HOSTS = ["127.0.0.1"]
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca))
    try:
        _journey(page, live_server, step, viewport, server)
    finally:
        server.stop()


def _journey(page: Page, live_server, step, viewport, server: PushServer) -> None:
    reader = make_member(display_name="Rita Reader")
    writer = make_member(display_name="Wim Writer")
    connect(reader, writer)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    sign_in(page, live_server, reader)
    cdp = page.context.new_cdp_session(page)
    registrations: list[str] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(
            r["registrationId"] for r in event["registrations"] if not r.get("isDeleted")
        ),
    )
    cdp.send("ServiceWorker.enable")

    page.goto(live_server.url + "/notifications/settings/")
    page.get_by_role("button", name="Turn on push on this device").click()
    # The service worker registers whatever the push service says.
    page.wait_for_function(
        "navigator.serviceWorker.getRegistration('/').then(r => !!(r && r.active))",
        timeout=15000,
    )
    step("push turned on")
    # What Chromium would subscribe at FCM, the device subscribes at the test's service.
    device = server.device("chromium")
    push_subscribe(
        user=reader, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth_b64
    )

    page.goto(live_server.url + "/dashboard/")
    badge = page.locator("#badge-menu" if viewport == "phone" else "#badge-notices")
    expect(badge).to_be_hidden()
    page.evaluate("window.__sameDocument = true")

    send(writer, reader, "Are you still coming on Friday?")
    [payload] = device.received()
    assert payload["title"] == "New message from Wim Writer"
    assert "Friday" not in json.dumps(payload)
    assert registrations, "the service worker registration"
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registrations[-1],
            "data": json.dumps(payload),
        },
    )
    # The service worker tells the open page; the badge changes, no reload.
    expect(badge).to_be_visible(timeout=10000)
    expect(badge).to_contain_text("2" if viewport == "phone" else "1")
    assert page.evaluate("window.__sameDocument === true")
    step("badge")

    if viewport == "phone":
        page.locator(".nav-menu summary").click()
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("button", name="New message from Wim Writer").click()
    expect(page.get_by_text("Are you still coming on Friday?")).to_be_visible()
    step("read")
    expect(page.locator("#badge-notices")).to_be_hidden()
    expect(page.locator("#badge-messages")).to_be_hidden()
    expect(page.locator("#badge-menu")).to_be_hidden()
