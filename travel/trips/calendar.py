"""A trip as an iCalendar file: one all-day event per stop.

DTEND of an all-day event is exclusive (RFC 5545), so a stop departing on the 7th ends
on the 8th. UIDs are derived from the stop's public id, so calendar apps update events
in place when the trip changes instead of duplicating them.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from travel.texts import xml_safe
from travel.trips.models import Trip


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "stopover.invalid"


def trip_calendar(trip: Trip) -> bytes:
    """The trip's stops (prefetched with their places) as an .ics document."""
    url = settings.SITE_URL + reverse("trips:detail", args=[trip.public_id])
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Trips//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", xml_safe(trip.title))
    stamp = trip.updated or timezone.now()
    for stop in trip.stops.all():
        event = Event()
        event.add("uid", f"stop-{stop.public_id}@{_host()}")
        event.add("dtstamp", stamp)
        event.add("dtstart", stop.arrive)
        event.add("dtend", stop.depart + timedelta(days=1))
        event.add("summary", xml_safe(stop.display_name))
        event.add("location", stop.place.label)
        event.add("status", "TENTATIVE" if stop.tentative else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        lines = [trip.title]
        if stop.label:
            lines.append(stop.place.label)
        if stop.tentative:
            lines.append(_("Tentative: this stop may change."))
        lines.append(url)
        event.add("description", xml_safe("\n".join(lines)))
        event.add("url", url)
        cal.add_component(event)
    return cal.to_ical()
