"""iCal feeds (private "my meet-ups", single event) and public Atom feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.models import Block
from travel.meetups.services import feed_token_get, feed_token_reset, meetup_cancel, rsvp_set
from travel.topics.models import Topic

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def test_my_feed_lists_what_i_organise_and_attend_with_venues(client, owner, member, make_meetup):
    mine = make_meetup(owner, title="Mine")
    theirs = make_meetup(member, title="Theirs", venue="Back room")
    make_meetup(member, title="Not going")
    rsvp_set(meetup=theirs, user=owner, answer="maybe")
    token = feed_token_get(user=owner).token
    response = client.get(reverse("meetups:feed", args=[token]))
    assert response.status_code == 200
    found = {str(e["SUMMARY"]): e for e in events(response.content)}
    assert set(found) == {"Mine", "Theirs"}
    assert "Back room" in str(found["Theirs"]["LOCATION"])
    assert found["Mine"]["DTSTART"].dt == mine.starts.replace(microsecond=0)


def test_the_feed_keeps_the_places_time_zone(client, owner, make_meetup):
    starts = datetime(2027, 6, 1, 19, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    make_meetup(owner, starts=starts, now=starts - timedelta(days=1))
    body = client.get(reverse("meetups:feed", args=[feed_token_get(user=owner).token])).content
    assert b"DTSTART;TZID=Europe/Oslo:20270601T190000" in body
    assert b"BEGIN:VTIMEZONE" in body


def test_a_cancelled_meetup_stays_in_the_feed_marked_cancelled(client, owner, meetup):
    meetup_cancel(meetup=meetup, actor=owner)
    body = client.get(reverse("meetups:feed", args=[feed_token_get(user=owner).token])).content
    assert str(events(body)[0]["STATUS"]) == "CANCELLED"


def test_a_reset_token_stops_the_old_feed(client, owner, meetup):
    old = feed_token_get(user=owner).token
    new = feed_token_reset(user=owner).token
    assert client.get(reverse("meetups:feed", args=[old])).status_code == 404
    assert client.get(reverse("meetups:feed", args=[new])).status_code == 200


def test_the_feed_reset_page_needs_a_post_from_the_owner(owner_client, owner, client):
    old = feed_token_get(user=owner).token
    assert client.post(reverse("meetups:feed_reset")).status_code == 302  # to sign in
    assert feed_token_get(user=owner).token == old
    owner_client.post(reverse("meetups:feed_reset"))
    assert feed_token_get(user=owner).token != old


def test_a_wrong_token_is_404(client):
    assert client.get(reverse("meetups:feed", args=["nope"])).status_code == 404


def test_the_single_event_has_the_venue_only_for_attendees(owner_client, member_client, meetup):
    assert "Union hall" in str(
        events(owner_client.get(reverse("meetups:ics", args=[meetup.public_id])).content)[0][
            "LOCATION"
        ]
    )
    assert "Union hall" not in str(
        events(member_client.get(reverse("meetups:ics", args=[meetup.public_id])).content)[0][
            "LOCATION"
        ]
    )


def test_a_blocked_meetup_drops_out_of_my_feed(client, owner, member, make_meetup):
    theirs = make_meetup(member, title="Theirs")
    rsvp_set(meetup=theirs, user=owner, answer="yes")
    Block.objects.create(blocker=member, blocked=owner)
    body = client.get(reverse("meetups:feed", args=[feed_token_get(user=owner).token])).content
    assert events(body) == []


def test_atom_lists_only_opted_in_meetups_without_venue_or_people(
    client, owner, places, make_meetup
):
    unions = Topic.objects.get(slug="unions")
    make_meetup(owner, title="Listed", listed_publicly=True, topics=[unions])
    make_meetup(owner, title="Members only", topics=[unions])
    for path in (
        reverse("meetups:atom_place", args=[places("Oslo").pk]),
        reverse("meetups:atom_topic", args=["unions"]),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        body = response.content.decode()
        root = ET.fromstring(response.content)  # noqa: S314 - our own output
        titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
        assert titles == ["Listed"]
        assert "Union hall" not in body
        assert owner.name not in body and owner.email not in body
        assert "Unions" in body and "Oslo" in body


def test_atom_drops_cancelled_meetups(client, owner, places, make_meetup):
    listed = make_meetup(owner, title="Listed", listed_publicly=True)
    meetup_cancel(meetup=listed, actor=owner)
    body = client.get(reverse("meetups:atom_place", args=[places("Oslo").pk])).content
    root = ET.fromstring(body)  # noqa: S314 - our own output
    assert root.findall(f"{ATOM}entry") == []


def test_atom_for_unknown_place_or_topic_is_404(client):
    assert client.get(reverse("meetups:atom_place", args=[999999999])).status_code == 404
    assert client.get(reverse("meetups:atom_topic", args=["no-such-topic"])).status_code == 404
