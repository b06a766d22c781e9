"""An organizer invites a passing traveller to an existing meet-up (from Passing through
or the trip page) and sees their answer on the dashboard; answers read right."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.matching.factories import day, meetup, trip
from travel import events
from travel.collectives.models import Collective, JoinOffer, Membership
from travel.meetups.models import Invitation


@pytest.fixture
def organizer(owner, places):
    group = Collective.objects.create(name="Oslo Union", home_place=places("Oslo"))
    Membership.objects.create(collective=group, user=owner, role=Membership.Role.ADMIN)
    return owner


@pytest.fixture
def answers():
    seen = []

    def receiver(sender, **kwargs):
        seen.append((kwargs["answer"], kwargs["previous"]))

    events.rsvp_changed.connect(receiver, dispatch_uid="test-rsvp")
    yield seen
    events.rsvp_changed.disconnect(dispatch_uid="test-rsvp")


def test_an_organizer_invites_a_passing_traveller_to_an_existing_meetup_and_sees_the_rsvp(
    organizer, member, places, answers
):
    trip(member, [(places("Oslo"), 1, 4)])
    evening = meetup(organizer, places("Oslo"), on=2)
    host = client_for(organizer)
    page = host.get(
        reverse("matching:passing_through"),
        {"place": places("Oslo").pk, "radius_km": 30, "start": day(0), "end": day(20)},
    ).content.decode()
    invite_url = reverse("meetups:invite", args=[evening.public_id])
    assert invite_url in page and "Invite to “Union evening”" in page
    host.post(invite_url, {"user": str(member.public_id)})
    assert Invitation.objects.filter(meetup=evening, invitee=member).exists()

    traveller = client_for(member)
    traveller.post(reverse("meetups:rsvp", args=[evening.public_id]), {"answer": "yes"})
    traveller.post(reverse("meetups:rsvp", args=[evening.public_id]), {"answer": "yes"})
    assert answers == [("yes", None)]  # recorded once for the organizer to be told

    dashboard = host.get(reverse("dashboard")).content.decode()
    assert "You organise" in dashboard and "1 yes, 0 maybe, 0 no" in dashboard
    assert member.name in dashboard


def test_the_trip_page_offers_the_organizers_meetups_in_that_stop(organizer, member, places):
    t = trip(member, [(places("Oslo"), 1, 4), (places("Berlin"), 5, 8)])
    meetup(organizer, places("Oslo"), on=2)
    page = client_for(organizer).get(t.get_absolute_url()).content.decode()
    assert page.count("Invite to “Union evening”") == 1  # Oslo only, not Berlin


def test_the_chosen_answer_looks_pressed_and_is_said_once(organizer, member, places):
    evening = meetup(organizer, places("Oslo"), on=2)
    traveller = client_for(member)
    traveller.post(reverse("meetups:rsvp", args=[evening.public_id]), {"answer": "maybe"})
    html = traveller.get(reverse("meetups:detail", args=[evening.public_id])).content.decode()
    assert 'value="maybe" aria-pressed="true" class="rsvp-chosen"' in html
    assert 'value="yes" aria-pressed="false" class="secondary"' in html
    assert "Your answer: " not in html and html.count("Your answer") == 1


def test_the_dashboard_lists_collectives_with_pending_join_requests(organizer, outsider, places):
    group = Collective.objects.get()
    JoinOffer.objects.create(collective=group, user=outsider, kind=JoinOffer.Kind.REQUEST)
    dashboard = client_for(organizer).get(reverse("dashboard")).content.decode()
    assert "1 request to join" in dashboard
    assert f"?place={places('Oslo').pk}&amp;radius_km=30" in dashboard  # Passing through
