"""iCal and Atom renderings of meet-ups.

iCal events carry the place's time zone (a VTIMEZONE is added), so calendar apps show
19:00 in Oslo as 19:00 Oslo time. The venue goes into LOCATION only when the caller says
the feed's reader may see it. Atom entries (public feeds) carry title, city, date and
topics only: never the venue, the organizer or attendees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from travel.meetups.models import Meetup
from travel.texts import xml_safe

DEFAULT_LENGTH = timedelta(hours=2)


def _url(meetup: Meetup) -> str:
    return settings.SITE_URL + reverse("meetups:detail", args=[meetup.public_id])


def ical(meetups: Iterable[Meetup], *, name: str, show_venue: Callable[[Meetup], bool]) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//meetups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", xml_safe(name))
    now = timezone.now()
    for meetup in meetups:
        event = Event()
        event.add("uid", f"{meetup.public_id}@{settings.SITE_NAME.lower()}")
        event.add("dtstamp", now)
        event.add("dtstart", meetup.starts_local)
        event.add("dtend", meetup.ends_local or meetup.starts_local + DEFAULT_LENGTH)
        event.add("summary", xml_safe(meetup.title))
        location = meetup.place.label
        if meetup.venue and show_venue(meetup):
            location = f"{meetup.venue}, {location}"
        event.add("location", xml_safe(location))
        event.add("url", _url(meetup))
        if meetup.description:
            event.add("description", xml_safe(meetup.description))
        topics = [t.display_name for t in meetup.topics.all()]
        if topics:
            event.add("categories", topics)
        event.add("status", "CANCELLED" if meetup.is_cancelled else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def atom(meetups: Iterable[Meetup], *, title: str, link: str, feed_url: str) -> str:
    title = xml_safe(title)
    feed = Atom1Feed(
        title=title,
        link=settings.SITE_URL + link,
        description=title,
        feed_url=settings.SITE_URL + feed_url,
        language="en",
    )
    for meetup in meetups:
        local = meetup.starts_local
        topics = [t.display_name for t in meetup.topics.all()]
        summary = _("%(city)s, %(when)s (local time)") % {
            "city": meetup.place.label,
            "when": local.strftime("%Y-%m-%d %H:%M"),
        }
        if topics:
            summary += " · " + ", ".join(topics)
        feed.add_item(
            title=xml_safe(meetup.title),
            link=_url(meetup),
            description=xml_safe(summary),
            unique_id=f"urn:uuid:{meetup.public_id}",
            pubdate=meetup.created,
            updateddate=meetup.updated,
            categories=[xml_safe(t) for t in topics],
        )
    return feed.writeString("utf-8")
