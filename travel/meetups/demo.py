"""Demo meet-ups during Ada's trip (the days follow travel/trips/demo.py: she is in Oslo
on days 1–3 after next Monday, south Sweden 3–6, Copenhagen 6–8, Berlin 9–13)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from accounts.models import Visibility
from travel.meetups.models import RSVP, Invitation, Meetup
from travel.places.selectors import places_search
from travel.topics.models import Topic

# title, organizer, collective, city, day, start, end, venue, topics, public, capacity,
# visibility, description
MEETUPS = [
    (
        "Union evening: organising on the rails",
        "sindre",
        "Oslo Transport Workers' Branch",
        "Oslo",
        2,
        time(19, 0),
        time(21, 30),
        "Union hall, 3rd floor (ring «Avdeling 7»)",
        ["unions", "workers-coops"],
        False,
        40,
        Visibility.MEMBERS,
        "Our monthly evening, this time with travelling rail workers: short talks, then "
        "food and plans.",
    ),
    (
        "Co-op potluck in the garden",
        "maja",
        "Malmö Hosting Co-op",
        "Malmö",
        4,
        time(18, 0),
        time(22, 0),
        "Courtyard behind the yellow house, gate code given at the door",
        ["hosting-coops", "housing-coops", "commons"],
        False,
        20,
        Visibility.MEMBERS,
        "Bring a dish if you can, come anyway if you can't. Hammocks provided.",
    ),
    (
        "Hacklab open night",
        "johan",
        "Lund Hacklab",
        "Lund",
        5,
        time(19, 0),
        time(23, 0),
        "Basement of the student house, door by the bike racks",
        ["free-software", "hacking-for-good", "digital-self-determination"],
        True,
        None,
        Visibility.MEMBERS,
        "Repair café, free software installs and a short privacy workshop.",
    ),
    (
        "Anarchist book fair",
        "lena",
        "Kiezkollektiv Neukölln",
        "Berlin",
        10,
        time(11, 0),
        time(18, 0),
        "Community centre courtyard, Neukölln",
        ["anarchism", "anti-fascism", "internationalism"],
        True,
        None,
        Visibility.MEMBERS,
        "Stalls, talks and a kitchen for all. Travellers welcome to give a short talk.",
    ),
]


def load_meetups(ctx: dict[str, Any]) -> None:
    people = ctx["people"]
    collectives = ctx.get("collectives", {})
    today: date = ctx["today"]
    monday = today + timedelta(days=7 - today.weekday())
    for (
        title,
        key,
        collective_name,
        city,
        day,
        start,
        end,
        venue,
        topics,
        public,
        capacity,
        visibility,
        description,
    ) in MEETUPS:
        place = places_search(q=city, limit=1, kind="city")[0]
        tz = ZoneInfo(place.timezone)
        on = monday + timedelta(days=day)
        organizer = people[key]
        meetup = Meetup.objects.filter(organizer=organizer, title=title).first() or Meetup(
            organizer=organizer, title=title
        )
        meetup.collective = collectives.get(collective_name)
        meetup.place = place
        meetup.starts = datetime.combine(on, start, tzinfo=tz)
        meetup.ends = datetime.combine(on, end, tzinfo=tz)
        meetup.venue = venue
        meetup.description = description
        meetup.capacity = capacity
        meetup.visibility = visibility
        meetup.listed_publicly = public
        meetup.status = Meetup.Status.SCHEDULED
        meetup.save()
        meetup.topics.set(Topic.objects.filter(slug__in=topics))
        RSVP.objects.update_or_create(
            meetup=meetup, user=organizer, defaults={"answer": RSVP.Answer.YES}
        )
        if title.startswith("Union evening"):
            Invitation.objects.get_or_create(
                meetup=meetup,
                invitee=people["ada"],
                defaults={
                    "invited_by": organizer,
                    "message": "Would you give a ten-minute talk on organising in rail?",
                },
            )
        if title.startswith("Co-op potluck"):
            RSVP.objects.update_or_create(
                meetup=meetup, user=people["ada"], defaults={"answer": RSVP.Answer.YES}
            )
            RSVP.objects.update_or_create(
                meetup=meetup, user=people["tariq"], defaults={"answer": RSVP.Answer.MAYBE}
            )
