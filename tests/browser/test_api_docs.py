"""/api/docs renders its operations in Chromium under the site's CSP, from our own
static files (issue 14): no request leaves the site and the console shows no CSP
violation."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_the_api_docs_list_the_operations_under_our_csp(page: Page, live_server):
    violations: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    response = page.goto(live_server.url + "/api/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_text("Stopover API").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/trips").first).to_be_visible()
    assert page.locator(".opblock").count() >= 50
    assert violations == [] and outside == []
