"""Each stop shows the traveller's plan first: the stay (with the host and nights), the
meet-ups they go to, the spots they saved, and what is missing; the API's `plan` says
the same. Only the owner sees it, and the address only inside P1's window."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse

from tests.conftest import client_for
from travel.hosting import services as hosting
from travel.hosting.models import Spot, StayRequest
from travel.matching.models import Suggestion
from travel.meetups.models import RSVP, Meetup

from .conftest import ADDRESS_MARKER, make_offer, make_trip


def _request_from_the_stop(client, offer, stop):
    """What "Request a stay" on a host suggestion does: open the offer with ?stop=."""
    page = client.get(
        reverse("hosting:offer_detail", args=[offer.public_id]) + f"?stop={stop.public_id}"
    )
    assert page.status_code == 200
    form = page.context["form"]
    return page, form


def test_request_a_stay_from_a_stop_is_prefilled_with_the_stop_and_its_nights(member, trip, offer):
    oslo = trip.stops.first()
    _page, form = _request_from_the_stop(client_for(member), offer, oslo)
    assert form.initial == {"stop": oslo.pk, "arrive": oslo.arrive, "depart": oslo.depart}
    html = _page.content.decode()
    assert f'value="{oslo.arrive:%Y-%m-%d}"' in html and f'value="{oslo.depart:%Y-%m-%d}"' in html


def test_the_prefilled_nights_stay_within_the_hosts_open_windows(owner, member, trip, today):
    oslo = trip.stops.first()
    offer = make_offer(owner, today=today, days=0)
    hosting.availability_add(
        offer=offer, start=oslo.arrive + timedelta(days=1), end=oslo.depart + timedelta(days=5)
    )
    _page, form = _request_from_the_stop(client_for(member), offer, oslo)
    assert form.initial["arrive"] == oslo.arrive + timedelta(days=1)
    assert form.initial["depart"] == oslo.depart


def test_someone_elses_stop_prefills_nothing(owner, outsider, trip, offer):
    _page, form = _request_from_the_stop(client_for(outsider), offer, trip.stops.first())
    assert form.initial == {}


def _ask_and_accept(member, owner, offer, stop):
    client = client_for(member)
    response = client.post(
        reverse("hosting:offer_detail", args=[offer.public_id]),
        {
            "arrive": stop.arrive.isoformat(),
            "depart": stop.depart.isoformat(),
            "guests": 1,
            "stop": stop.pk,
            "message": "Hello from the road",
        },
    )
    assert response.status_code == 302, response.content
    stay = StayRequest.objects.get(traveller=member)
    assert stay.stop_id == stop.pk
    client_for(owner).post(reverse("hosting:request_action", args=[stay.public_id, "accept"]))
    stay.refresh_from_db()
    assert stay.status == "accepted"
    return stay


def test_once_the_host_accepts_the_stop_shows_the_stay_in_the_api_and_on_the_page(
    owner, member, trip, offer
):
    oslo = trip.stops.first()
    _ask_and_accept(member, owner, offer, oslo)
    client = client_for(member)
    body = client.get(f"/api/trips/{trip.public_id}").json()
    plan = body["stops"][0]["plan"]
    assert plan["stay"]["status"] == "accepted"
    assert plan["stay"]["host"]["name"] == "Olive Owner"
    assert plan["stay"]["nights"] == 3 and plan["missing"] == []
    # Arrival in 10 days: outside the 7-day window, so no address anywhere yet (P1).
    assert plan["stay"]["address"] is None and plan["stay"]["lat"] is None
    assert body["stops"][1]["plan"] == {
        "stay": None,
        "meetups": [],
        "spots": [],
        "missing": ["sleep"],
    }
    page = client.get(trip.get_absolute_url()).content.decode()
    assert "Sofa near the river" in page and "Olive Owner" in page
    assert "No place to sleep yet." in page  # Malmö
    assert ADDRESS_MARKER not in page and ADDRESS_MARKER not in str(body)


def test_the_address_appears_on_the_plan_only_inside_p1s_window(owner, member, places, today):
    soon = make_trip(member, places, start=today + timedelta(days=3))
    offer = make_offer(owner, today=today)
    _ask_and_accept(member, owner, offer, soon.stops.first())
    client = client_for(member)
    plan = client.get(f"/api/trips/{soon.public_id}").json()["stops"][0]["plan"]
    assert plan["stay"]["address"] == ADDRESS_MARKER
    assert ADDRESS_MARKER in client.get(soon.get_absolute_url()).content.decode()


def test_nobody_but_the_traveller_sees_the_plan(owner, member, outsider, trip, offer):
    _ask_and_accept(member, owner, offer, trip.stops.first())
    for viewer in (outsider, owner):  # not even the host: the plan is the traveller's
        client = client_for(viewer)
        body = client.get(f"/api/trips/{trip.public_id}").json()
        assert [s["plan"] for s in body["stops"]] == [None, None]
        page = client.get(trip.get_absolute_url()).content.decode()
        assert "Your plan" not in page


def test_meetups_said_yes_or_maybe_to_and_saved_spots_show_on_their_stop(
    owner, member, trip, places
):
    oslo, malmo = list(trip.stops.all())
    starts = datetime.combine(oslo.arrive + timedelta(days=1), time(18)).astimezone()
    talk = Meetup.objects.create(
        organizer=owner, title="Hacklab night", place=places("Oslo"), starts=starts
    )
    no = Meetup.objects.create(
        organizer=owner, title="Not going", place=places("Oslo"), starts=starts
    )
    RSVP.objects.create(meetup=talk, user=member, answer="maybe")
    RSVP.objects.create(meetup=no, user=member, answer="no")
    spot = Spot.objects.create(
        name="Hammock trees", lat=55.6, lon=13.0, kinds="hammock", added_by=owner
    )
    for state, target in (("acted", spot.pk), ("new", spot.pk + 1000)):
        Suggestion.objects.create(
            trip=trip, stop=malmo, kind="spot", target_id=target, score=0.5, state=state
        )
    body = client_for(member).get(f"/api/trips/{trip.public_id}").json()
    first, second = (s["plan"] for s in body["stops"])
    assert [(m["title"], m["answer"]) for m in first["meetups"]] == [("Hacklab night", "maybe")]
    assert [s["name"] for s in second["spots"]] == ["Hammock trees"]
    page = client_for(member).get(trip.get_absolute_url()).content.decode()
    assert "Hacklab night" in page and "Hammock trees" in page and "Not going" not in page


def test_the_owners_page_runs_a_fixed_number_of_queries(
    owner, member, places, today, django_assert_num_queries
):
    small = make_trip(member, places, start=today + timedelta(days=10), cities=("Oslo",))
    big = make_trip(
        member, places, start=today + timedelta(days=30), cities=("Oslo", "Malmö", "Lund", "Berlin")
    )
    client = client_for(member)
    client.get(small.get_absolute_url())
    # session, user, trip (+owner, collective), stops (+place), topics, own contacts;
    # the plan: stays, RSVPs, saved spots
    with django_assert_num_queries(9):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(9):
        client.get(big.get_absolute_url())


def test_saving_a_spot_suggestion_puts_it_on_the_stops_plan(owner, member, trip):
    malmo = list(trip.stops.all())[1]
    spot = Spot.objects.create(
        name="Shelter by the sea", lat=55.6, lon=13.0, kinds="tent", added_by=owner
    )
    suggestion = Suggestion.objects.create(
        trip=trip, stop=malmo, kind="spot", target_id=spot.pk, score=0.4
    )
    client = client_for(member)
    url = reverse("matching:suggestion_state", args=[suggestion.public_id, "acted"])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith(f"#stop-{malmo.public_id}")
    plan = client.get(f"/api/trips/{trip.public_id}").json()["stops"][1]["plan"]
    assert [s["name"] for s in plan["spots"]] == ["Shelter by the sea"]
    assert client_for(owner).post(url).status_code == 404  # someone else's suggestion
