"""Journey 2: a member posts a three-stop trip with the place picker and the keyboard
only, and sees it on the map, on the timeline, and with suggestions per stop."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import post_three_stop_trip, sign_in
from tests.conftest import make_member
from travel.meetups.services import meetup_create


def journey_stops(places):
    today = timezone.localdate()
    day = lambda n: today + timedelta(days=n)  # noqa: E731
    return [
        (places("Oslo"), day(10), day(12)),
        (places("Malmö"), day(12), day(14)),
        (places("Copenhagen"), day(14), day(16)),
    ]


def a_meetup_in(place, on):
    organizer = make_member(display_name="Ola Organizer")
    starts = timezone.make_aware(datetime.combine(on, time(18)))
    return meetup_create(
        organizer=organizer, title="Rail union evening", place=place, starts=starts
    )


def test_it_posts_a_trip_by_keyboard_and_shows_map_timeline_and_suggestions(
    page: Page, live_server, places, step
):
    stops = journey_stops(places)
    a_meetup_in(stops[0][0], stops[0][1] + timedelta(days=1))
    sign_in(page, live_server, make_member(display_name="Tova Traveller"))

    post_three_stop_trip(page, live_server, stops, step=step, title="North by train")

    expect(page.get_by_role("heading", level=1)).to_have_text("North by train")
    # The timeline: one bar per stop, labelled with the stop.
    timeline = page.locator(".timeline-svg")
    expect(timeline.locator("rect.timeline-bar")).to_have_count(3)
    for place, _a, _d in stops:
        expect(timeline).to_contain_text(place.name)
    # The map renders without tiles: three markers and the route.
    expect(page.locator("#trip-map[data-map-ready]")).to_be_visible()
    expect(page.locator("#trip-map .leaflet-marker-icon")).to_have_count(3)
    expect(page.locator("#trip-map path.trip-map-route")).to_have_count(1)
    # Suggestions load into each stop without a reload: the meet-up near Oslo.
    oslo = page.locator(".stop").first
    expect(oslo.locator(".suggestion")).to_contain_text("Rail union evening")
    expect(page.locator("#suggestions-status")).to_have_text("Suggestions are up to date.")
    step("trip page")


def test_the_trip_page_shows_progress_while_suggestions_update_then_shows_them(
    page: Page, live_server, places, step
):
    from django.core.cache import cache

    from travel.matching.tasks import refresh_trip
    from travel.trips.services import StopInput, trip_create

    owner = make_member(display_name="Pia Patient")
    stops = journey_stops(places)
    trip = trip_create(
        owner=owner,
        title="Waiting for the matcher",
        stops=[StopInput(arrive=a, depart=d, place_id=p.pk) for p, a, d in stops],
    )
    # A recompute is queued (and has not run yet) when a meet-up appears nearby.
    cache.set(f"match:queued:{trip.pk}", 1)
    a_meetup_in(stops[0][0], stops[0][1] + timedelta(days=1))
    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/trips/{trip.public_id}/")
    page.evaluate("window.notReloaded = true")

    status = page.locator("#suggestions-status")
    expect(status).to_have_text("Updating suggestions…")
    expect(status.locator(".spinner")).to_be_visible()
    expect(page.locator(".stop").first.locator(".suggestions")).to_contain_text(
        "Looking for people, hosts and meet-ups near this stop"
    )
    step("updating")

    refresh_trip(trip.pk)  # the worker's turn: suggestions computed, the flag cleared

    # The page polls and shows the result in place, without a reload.
    expect(page.locator(".stop").first.locator(".suggestion")).to_contain_text(
        "Rail union evening", timeout=10_000
    )
    expect(status).to_have_text("Suggestions are up to date.")
    expect(status.locator(".spinner")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    step("updated")


def test_a_busy_stop_shows_the_best_few_and_opens_the_rest_in_place(
    page: Page, live_server, places, step
):
    from tests.matching.factories import trip as a_trip
    from travel.matching.services import trip_suggestions_refresh

    owner = make_member(display_name="Bea Busy")
    mine = a_trip(owner, [(places("Oslo"), 2, 5)])
    for n in range(5):
        a_trip(make_member(display_name=f"Fellow {n}"), [(places("Oslo"), 2, 5)])
    trip_suggestions_refresh(trip_id=mine.pk)
    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/trips/{mine.public_id}/")
    page.evaluate("window.notReloaded = true")

    oslo = page.locator(".stop").first
    expect(oslo.locator(".suggestion")).to_have_count(3)
    show_all = oslo.get_by_role("link", name="Show all 5 (Travellers)")
    group = oslo.locator("details.suggestion-group").filter(has_text="Travellers")
    if page.viewport_size and page.viewport_size["width"] <= 400:
        # On a phone the groups come folded below the plan; a tap opens one.
        expect(group).to_have_js_property("open", False)
        group.locator("summary").click()
    expect(group).to_have_js_property("open", True)
    step("three of five")
    show_all.focus()
    page.keyboard.press("Enter")
    expect(oslo.locator(".suggestion")).to_have_count(5)
    expect(oslo.get_by_role("link", name="Show all 5 (Travellers)")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    step("all five")
