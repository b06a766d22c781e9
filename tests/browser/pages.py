"""The main pages of Stopover with the data they need, for the accessibility, HTML and
small-screen checks. `build()` makes a small world and returns {name: (url, user)};
user None means the page is looked at signed out."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_member
from tests.hosting.conftest import make_offer
from travel.meetups.services import invitation_create, meetup_create
from travel.messaging.services import message_send
from travel.places.selectors import places_search
from travel.topics.models import Topic
from travel.trips.services import StopInput, trip_create

NAMES = [
    "home",
    "sign-in",
    "sign-up",
    "dashboard",
    "trip-create",
    "trip",
    "offer-edit",
    "passing-through",
    "meetup",
    "messages",
    "notifications",
    "notification-settings",
    "conversation",
    "settings",
    "profile",
    "sheet",
    "host-map",
]


def place(name: str):
    return places_search(q=name, limit=1)[0]


def build() -> dict[str, tuple[str, object]]:
    today = timezone.localdate()
    oslo, malmo = place("Oslo"), place("Malmö")
    me = make_member("me@example.org", display_name="Maren Member", home_place=oslo)
    other = make_member("other@example.org", display_name="Otto Other")
    trip = trip_create(
        owner=me,
        title="South by train",
        stops=[
            StopInput(
                arrive=today + timedelta(days=3), depart=today + timedelta(days=5), place_id=oslo.pk
            ),
            StopInput(
                arrive=today + timedelta(days=5),
                depart=today + timedelta(days=8),
                place_id=malmo.pk,
            ),
        ],
        topics=Topic.objects.filter(slug="unions"),
        discoverable=True,
    )
    # Someone passing through Oslo, for the passing-through results table.
    trip_create(
        owner=other,
        title="North",
        stops=[
            StopInput(
                arrive=today + timedelta(days=4), depart=today + timedelta(days=6), place_id=oslo.pk
            )
        ],
        discoverable=True,
    )
    offer = make_offer(me, today=today)
    meetup = meetup_create(
        organizer=other,
        title="Union evening",
        place=oslo,
        starts=timezone.make_aware(datetime.combine(today + timedelta(days=4), time(18))),
        venue="Back room",
    )
    invitation_create(meetup=meetup, actor=other, invitee=me)
    conversation = message_send(sender=me, recipient=other, body="Hello Otto!").conversation
    passing = reverse("matching:passing_through") + (
        f"?place={oslo.pk}&place__text=Oslo&radius_km=30"
        f"&start={today.isoformat()}&end={(today + timedelta(days=20)).isoformat()}"
    )
    return {
        "home": ("/", None),
        "sign-in": (reverse("account_login"), None),
        "sign-up": (reverse("account_signup"), None),
        "dashboard": (reverse("dashboard"), me),
        "trip-create": (reverse("trips:create"), me),
        "trip": (reverse("trips:detail", args=[trip.public_id]), me),
        "offer-edit": (reverse("hosting:offer_edit", args=[offer.public_id]), me),
        "passing-through": (passing, me),
        "meetup": (reverse("meetups:detail", args=[meetup.public_id]), me),
        "messages": (reverse("messaging:inbox"), me),
        "notifications": (reverse("notifications:index"), me),
        "notification-settings": (reverse("notifications:settings"), me),
        "conversation": (reverse("messaging:conversation", args=[conversation.public_id]), me),
        "settings": (reverse("accounts:settings"), me),
        "profile": (reverse("accounts:profile"), me),
        "sheet": (reverse("road:sheet"), me),
        "host-map": (reverse("hosting:map"), me),
        "photo": (reverse("accounts:photo"), me),
        "someone-elses-trip": (reverse("trips:detail", args=[trip.public_id]), other),
        "offer-to-host": (reverse("hosting:trip_invite", args=[trip.public_id]), other),
        "guidelines": (reverse("guidelines"), None),
        "privacy": (reverse("privacy"), None),
    }
