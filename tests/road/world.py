"""A traveller on the road: a trip under way (Oslo, then Malmö) and the next one, an
accepted stay in Oslo inside P1's window and one in Malmö outside it, a meet-up they go
to (with a venue) and one they don't, and a spot they added."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import ContactChannel, User
from tests.conftest import make_member
from tests.hosting.conftest import make_offer
from travel.hosting import services as hosting
from travel.hosting.models import HostOffer, Spot
from travel.meetups.models import Meetup
from travel.meetups.services import meetup_create, rsvp_set
from travel.places.selectors import places_search
from travel.trips.models import Trip
from travel.trips.services import StopInput, trip_create

OSLO_ADDRESS = "Tunnelgata 44 QXW"  # inside the window: on the sheet
MALMO_ADDRESS = "Fjärrgatan 91 ZKV"  # outside: never on the sheet
VENUE = "Back room of Café Rød"
OTHER_VENUE = "Secret cellar XQ"


@dataclass
class Road:
    traveller: User
    host: User
    far_host: User
    trip: Trip
    next_trip: Trip
    oslo_offer: HostOffer
    malmo_offer: HostOffer
    meetup: Meetup
    other_meetup: Meetup
    spot: Spot


def place(name: str):
    return places_search(q=name, limit=1)[0]


def build_road(today: date | None = None) -> Road:
    today = today or timezone.localdate()
    oslo, malmo = place("Oslo"), place("Malmö")
    traveller = make_member("tova@example.org", display_name="Tova Traveller")
    host = make_member("hanne@example.org", display_name="Hanne Host")
    far_host = make_member("mats@example.org", display_name="Mats Malmö")
    ContactChannel.objects.create(
        user=host,
        kind=ContactChannel.Kind.MATRIX,
        value="@hanne:matrix.example.org",
        visibility=ContactChannel.Audience.CONNECTIONS,
    )
    trip = trip_create(
        owner=traveller,
        title="South by rail",
        stops=[
            StopInput(arrive=today, depart=today + timedelta(days=3), place_id=oslo.pk),
            StopInput(
                arrive=today + timedelta(days=10),
                depart=today + timedelta(days=13),
                place_id=malmo.pk,
            ),
        ],
    )
    next_trip = trip_create(
        owner=traveller,
        title="Back north",
        stops=[
            StopInput(
                arrive=today + timedelta(days=20),
                depart=today + timedelta(days=22),
                place_id=oslo.pk,
            )
        ],
    )
    oslo_offer = make_offer(host, today=today, address=OSLO_ADDRESS)
    malmo_offer = make_offer(
        far_host, today=today, address=MALMO_ADDRESS, exact_lat=55.6051, exact_lon=13.0038
    )
    for offer, arrive in ((oslo_offer, today), (malmo_offer, today + timedelta(days=10))):
        request = hosting.stay_request_create(
            traveller=traveller,
            offer=offer,
            arrive=arrive,
            depart=arrive + timedelta(days=2),
            guests=1,
            message="Hello, may I stay?",
            today=today,
        )
        hosting.stay_request_accept(stay_request=request, by=offer.host, today=today)
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(19)))
    meetup = meetup_create(
        organizer=host, title="Rail union evening", place=oslo, starts=starts, venue=VENUE
    )
    rsvp_set(meetup=meetup, user=traveller, answer="yes")
    other = meetup_create(
        organizer=host, title="Other evening", place=oslo, starts=starts, venue=OTHER_VENUE
    )
    spot = hosting.spot_create(
        added_by=traveller,
        data={
            "name": "Hammock trees by the fjord",
            "lat": 59.9075,
            "lon": 10.7500,
            "kinds": ["hammock"],
            "notes": "",
        },
    )
    return Road(
        traveller, host, far_host, trip, next_trip, oslo_offer, malmo_offer, meetup, other, spot
    )
