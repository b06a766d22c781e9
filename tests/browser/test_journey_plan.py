"""The trip as a plan, at 1280 and 360 px: request a stay from a stop (prefilled), the
host accepts, the stay is on the stop; a host offers to host from the trip page and the
traveller accepts; an organizer invites a passing traveller to an existing meet-up and
sees the yes; after a stay, both write a reference."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.conftest import make_member
from tests.hosting.conftest import ADDRESS_MARKER, make_offer
from tests.trips.conftest import stop
from travel.collectives.models import Collective, Membership
from travel.hosting import services as hosting
from travel.hosting.models import StayRequest
from travel.meetups.models import Meetup
from travel.trips.services import trip_create

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "plan"


def shot(page: Page, name: str, viewport: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{viewport}.png"), full_page=True)


def _trip(traveller, places, start, cities=("Oslo", "Malmö"), **fields):
    stops, day = [], start
    for name in cities:
        stops.append(stop(places(name), day, 4))
        day += timedelta(days=3)
    return trip_create(owner=traveller, title="South by train", stops=stops, **fields)


def test_request_a_stay_from_a_stop_then_the_stay_is_on_the_stop(
    page: Page, other_page: Page, live_server, places, viewport
):
    today = timezone.localdate()
    host, traveller = (
        make_member(display_name="Hanne Host"),
        make_member(display_name="Tor Traveller"),
    )
    offer = make_offer(host, today=today)
    trip = _trip(traveller, places, today + timedelta(days=3))
    oslo = trip.stops.first()
    sign_in(page, live_server, traveller)
    sign_in(other_page, live_server, host)

    # What "Request a stay" on a host suggestion opens: the offer with ?stop=.
    page.goto(f"{live_server.url}/hosting/offers/{offer.public_id}/?stop={oslo.public_id}#request")
    expect(page.get_by_label("Arrive")).to_have_value(oslo.arrive.isoformat())
    expect(page.get_by_label("Leave")).to_have_value(oslo.depart.isoformat())
    expect(page.get_by_label("For a stop of your trip")).to_have_value(str(oslo.pk))
    page.get_by_label("Message to the host").fill("Three nights in Oslo, please?")
    shot(page, "1-request-prefilled", viewport)
    page.get_by_role("button", name="Send request").click()
    stay = StayRequest.objects.get(traveller=traveller)
    assert stay.stop_id == oslo.pk

    other_page.goto(f"{live_server.url}/hosting/requests/{stay.public_id}/")
    other_page.get_by_role("button", name="Accept").click()
    expect(other_page.locator(".message")).to_contain_text("Accepted")

    page.goto(live_server.url + trip.get_absolute_url())
    plan = page.locator(f"#plan-{oslo.public_id}")
    expect(plan).to_contain_text("Hanne Host")
    expect(plan).to_contain_text("Accepted")
    expect(plan).to_contain_text(ADDRESS_MARKER)  # arrival in 3 days: inside P1's window
    expect(page.locator(f"#plan-{list(trip.stops.all())[1].public_id}")).to_contain_text(
        "No place to sleep yet"
    )
    if viewport == "phone":
        expect(page.locator(".stop-jumps")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "1-stay-on-the-stop", viewport)


def test_a_host_offers_to_host_and_the_traveller_accepts(
    page: Page, other_page: Page, live_server, places, viewport
):
    today = timezone.localdate()
    host, traveller = (
        make_member(display_name="Hanne Host"),
        make_member(display_name="Tor Traveller"),
    )
    make_offer(host, today=today)
    trip = _trip(traveller, places, today + timedelta(days=10))
    oslo = trip.stops.first()
    sign_in(page, live_server, host)
    sign_in(other_page, live_server, traveller)

    page.goto(live_server.url + trip.get_absolute_url())
    expect(page.get_by_role("link", name="Tor Traveller")).to_be_visible()
    expect(page.get_by_role("link", name="Write")).to_be_visible()
    expect(page.get_by_role("button", name="Block")).to_be_visible()
    shot(page, "2-someone-elses-trip", viewport)
    page.get_by_role("link", name="Offer to host here").first.click()
    expect(page.get_by_label("Arrive")).to_have_value(oslo.arrive.isoformat())
    page.get_by_label("Message to the traveller").fill("My sofa is yours those nights.")
    shot(page, "2-offer-to-host", viewport)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".message")).to_contain_text("invitation is sent")
    invitation = StayRequest.objects.get(traveller=traveller)
    assert invitation.status == "invited"

    other_page.goto(live_server.url + trip.get_absolute_url())
    plan = other_page.locator(f"#plan-{oslo.public_id}")
    expect(plan).to_contain_text("Invited by the host")
    plan.get_by_role("link", name="Answer the invitation").click()
    expect(other_page.get_by_role("heading", level=1)).to_contain_text("Hanne Host invites you")
    other_page.get_by_role("button", name="Accept").click()
    expect(other_page.locator(".message")).to_contain_text("on your trip")
    other_page.goto(live_server.url + trip.get_absolute_url())
    expect(other_page.locator(f"#plan-{oslo.public_id}")).to_contain_text("Accepted")
    shot(other_page, "2-invitation-accepted", viewport)


def test_an_organizer_invites_a_passing_traveller_to_an_existing_meetup(
    page: Page, other_page: Page, live_server, places, viewport
):
    today = timezone.localdate()
    organizer, traveller = (
        make_member(display_name="Olga Organizer"),
        make_member(display_name="Tor Traveller"),
    )
    group = Collective.objects.create(name="Oslo Union", home_place=places("Oslo"))
    Membership.objects.create(collective=group, user=organizer, role=Membership.Role.ADMIN)
    trip = _trip(traveller, places, today + timedelta(days=5), cities=("Oslo",), discoverable=True)
    oslo = places("Oslo")
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=6), time(19)))
    Meetup.objects.create(organizer=organizer, title="Union evening", place=oslo, starts=starts)
    sign_in(page, live_server, organizer)
    sign_in(other_page, live_server, traveller)

    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name="Who passes through Oslo").click()
    expect(page.locator("body")).to_contain_text("Tor Traveller")
    shot(page, "3-passing-through", viewport)
    page.get_by_role("button", name="Invite to “Union evening”").first.click()
    expect(page.locator(".message")).to_contain_text("is invited")

    other_page.goto(live_server.url + "/dashboard/")
    other_page.get_by_role("link", name="Union evening").first.click()
    other_page.get_by_role("button", name="Going", exact=True).click()
    expect(other_page.get_by_role("button", name="Going", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(other_page.get_by_role("button", name="Maybe")).to_have_attribute(
        "aria-pressed", "false"
    )
    shot(other_page, "3-rsvp-pressed", viewport)
    other_page.goto(live_server.url + trip.get_absolute_url())
    expect(other_page.locator(".stop-plan")).to_contain_text("Union evening")

    page.goto(live_server.url + "/dashboard/")
    organising = page.locator(".organising")
    expect(organising).to_contain_text("1 yes, 0 maybe, 0 no")
    expect(organising).to_contain_text("Tor Traveller")
    shot(page, "3-organizer-dashboard", viewport)


def test_after_a_stay_both_write_a_reference(page: Page, other_page: Page, live_server, viewport):
    today = timezone.localdate()
    host, traveller = (
        make_member(display_name="Hanne Host"),
        make_member(display_name="Tor Traveller"),
    )
    then = today - timedelta(days=6)
    offer = make_offer(host, today=then)
    stay = hosting.stay_request_create(
        traveller=traveller,
        offer=offer,
        arrive=then + timedelta(days=1),
        depart=then + timedelta(days=3),
        guests=1,
        message="Hi",
        today=then,
    )
    hosting.stay_request_accept(stay_request=stay, by=host, today=then)
    sign_in(page, live_server, traveller)
    sign_in(other_page, live_server, host)

    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name="Write about Hanne Host").click()
    page.get_by_label("Your reference").fill("Warm welcome and a tour of the co-op.")
    page.get_by_label("Yes").check()
    shot(page, "4-reference-form", viewport)
    page.get_by_role("button", name="Save reference").click()
    expect(page.locator(".message")).to_contain_text("reference is saved")
    page.goto(f"{live_server.url}/me/people/{host.public_id}/")
    expect(page.locator(".references")).not_to_contain_text("Warm welcome")  # not yet

    other_page.goto(live_server.url + "/dashboard/")
    other_page.get_by_role("link", name="Write about Tor Traveller").click()
    other_page.get_by_label("Your reference").fill("A considerate guest.")
    other_page.get_by_label("Yes").check()
    other_page.get_by_role("button", name="Save reference").click()
    page.goto(f"{live_server.url}/me/people/{host.public_id}/")
    expect(page.locator(".references")).to_contain_text("Warm welcome")
    expect(page.locator(".references")).to_contain_text("1 reference, 1 recommending")
    shot(page, "4-references-revealed", viewport)
