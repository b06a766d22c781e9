from playwright.sync_api import Page, expect


def test_the_home_page_explains_stopover_and_credits_geonames(page: Page, live_server):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Travel, host and meet")
    expect(page.get_by_role("link", name="GeoNames")).to_be_visible()
    expect(page.get_by_role("link", name="Join").first).to_be_visible()
