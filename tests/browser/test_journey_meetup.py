"""Journey 4: an organizer looks at who is passing through, finds a traveller, invites
them to a meet-up; the traveller answers and takes the meet-up into their calendar."""

from __future__ import annotations

from datetime import timedelta

import icalendar
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import pick_place, sign_in, tab_to
from tests.conftest import make_member
from tests.matching.factories import trip
from travel import events
from travel.collectives.models import Collective, Membership
from travel.meetups.models import RSVP, Meetup


def test_an_organizer_invites_a_passing_traveller_who_answers_and_saves_the_ics(
    page: Page, other_page: Page, live_server, places, step
):
    oslo = places("Oslo")
    organizer = make_member(display_name="Oda Organizer")
    traveller = make_member(display_name="Trym Traveller")
    # A discoverable trip through Oslo in ten days (the factory counts from a fixed day).
    journey = trip(traveller, [(oslo, 0, 2)], discoverable=True)
    shift = timezone.localdate() + timedelta(days=10) - journey.starts
    for stop in journey.stops.all():
        stop.arrive, stop.depart = stop.arrive + shift, stop.depart + shift
        stop.save()
    journey.starts, journey.ends = journey.starts + shift, journey.ends + shift
    journey.save()
    # What trips.services says after a change: the matcher's index follows the dates.
    events.emit(events.trip_saved, trip_id=journey.pk, owner_id=traveller.pk, created=False)
    # Passing through names travellers to organizers: members of a collective (P4).
    group = Collective.objects.create(name="Oslo Rail Union", home_place=oslo)
    Membership.objects.create(collective=group, user=organizer)
    sign_in(page, live_server, organizer)
    sign_in(other_page, live_server, traveller)

    page.goto(live_server.url + "/matching/passing-through/")
    place = page.locator("#id_place")
    tab_to(page, place)
    pick_place(page, place, "Oslo", oslo.label)
    page.get_by_role("button", name="Show travellers").click()
    results = page.locator(".passing-results")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 traveller")
    row = results.get_by_role("row").filter(has_text="Trym Traveller")
    expect(row).to_contain_text("Oslo")
    step("passing through")
    row.get_by_role("link", name="Invite to a new meet-up").click()

    # The meet-up form comes filled with the place, the day and the invitee.
    expect(page.locator("#id_place")).to_have_value(oslo.label)
    expect(page.get_by_label("Date")).to_have_value(journey.starts.isoformat())
    expect(page.get_by_role("checkbox", name="Trym Traveller")).to_be_checked()
    page.get_by_label("Title").fill("Coffee with the rail union")
    page.get_by_label("Starts at").fill("18:30")
    page.get_by_label("Venue").fill("Café Sentral, back room")
    step("meet-up form")
    page.locator("main form button[type=submit]").last.click()
    meetup = Meetup.objects.get(organizer=organizer)
    expect(page).to_have_url(f"{live_server.url}/meetups/{meetup.public_id}/")
    assert meetup.invitations.filter(invitee=traveller).exists()

    # The traveller finds the invitation, says yes, sees the venue, saves the .ics.
    other_page.goto(live_server.url + "/meetups/")
    other_page.get_by_role("link", name="Coffee with the rail union").click()
    expect(other_page.locator(".notice")).to_contain_text("Oda Organizer invited you")
    expect(other_page.locator("main")).not_to_contain_text("Café Sentral")
    other_page.get_by_role("button", name="Going", exact=True).click()
    expect(other_page.locator(".meetup-venue")).to_have_text("Café Sentral, back room")
    assert RSVP.objects.get(meetup=meetup, user=traveller).answer == RSVP.Answer.YES
    step("answered yes")
    with other_page.expect_download() as download:
        other_page.get_by_role("link", name="Add to calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Coffee with the rail union"
    assert "Café Sentral" in str(event["LOCATION"])
    assert event.decoded("DTSTART") == meetup.starts
