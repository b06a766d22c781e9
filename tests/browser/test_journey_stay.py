"""Journey 3: a host offers a place and sets its point; a traveller asks for two nights;
the host accepts; only then does the traveller see the exact address."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in, type_date
from tests.conftest import make_member
from travel.hosting.models import HostOffer, StayRequest

ADDRESS = "Fjordgata 17, 2nd floor (ring Holm)"


def test_the_traveller_sees_the_exact_address_only_once_the_host_accepts(
    page: Page, other_page: Page, live_server, places, step
):
    today = timezone.localdate()
    host = make_member(display_name="Hanne Host")
    traveller = make_member(display_name="Tor Traveller")
    sign_in(page, live_server, host)
    sign_in(other_page, live_server, traveller)

    # The host offers a sofa and sets the point by clicking the map.
    page.goto(live_server.url + "/hosting/offers/new/")
    page.get_by_label("Title").fill("Sofa by the fjord")
    lat, lon = page.get_by_label("Latitude"), page.get_by_label("Longitude")
    expect(lat).to_have_value("")
    page.locator("#offer-editor-map").click()
    expect(lat).not_to_have_value("")
    expect(lon).not_to_have_value("")
    # The keyboard way: type the coordinates (Oslo).
    lat.fill("59.9139")
    lon.fill("10.7522")
    page.get_by_label("Exact address").fill(ADDRESS)
    page.get_by_role("checkbox").first.check()
    page.get_by_label("Guests at a time").fill("2")
    page.get_by_label("Who can see this offer").select_option("members")
    step("offer form")
    page.get_by_role("button", name="Save").click()
    offer = HostOffer.objects.get(host=host)
    assert (round(offer.exact_lat, 4), round(offer.exact_lon, 4)) == (59.9139, 10.7522)

    # Its nights: the coming weeks.
    expect(page).to_have_url(f"{live_server.url}/hosting/offers/{offer.public_id}/availability/")
    page.get_by_label("First night").focus()
    type_date(page, page.get_by_label("First night"), today)
    page.get_by_label("Last night").focus()
    type_date(page, page.get_by_label("Last night"), today + timedelta(days=30))
    page.get_by_role("button", name="Add these nights").click()
    expect(page.locator(".message")).to_be_visible()
    step("nights added")

    # The traveller asks for two nights within the week (the address window is open).
    other_page.goto(f"{live_server.url}/hosting/offers/{offer.public_id}/")
    expect(other_page.get_by_role("heading", level=1)).to_contain_text("Sofa by the fjord")
    expect(other_page.locator("body")).not_to_contain_text(ADDRESS)
    other_page.get_by_label("Arrive").focus()
    type_date(other_page, other_page.get_by_label("Arrive"), today + timedelta(days=2))
    other_page.get_by_label("Leave").focus()
    type_date(other_page, other_page.get_by_label("Leave"), today + timedelta(days=4))
    other_page.get_by_label("Message to the host").fill("Two nights on my way south, please?")
    other_page.get_by_role("button", name="Send request").click()
    stay = StayRequest.objects.get(traveller=traveller)
    assert (stay.depart - stay.arrive).days == 2
    expect(other_page).to_have_url(f"{live_server.url}/hosting/requests/{stay.public_id}/")
    expect(other_page.locator("main")).not_to_contain_text(ADDRESS)
    expect(other_page.locator(".exact")).to_have_count(0)

    # The host accepts from the requests they received.
    page.goto(live_server.url + "/hosting/requests/received/")
    page.get_by_role("link", name="Tor Traveller").first.click()
    expect(page).to_have_url(f"{live_server.url}/hosting/requests/{stay.public_id}/")
    step("host sees the request")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".message")).to_contain_text("Accepted")

    # Now, and only now, the traveller sees the exact address.
    other_page.reload()
    expect(other_page.locator(".exact .address")).to_contain_text("Fjordgata 17")
    step("address shown")
