"""A trip's route as GPX 1.1: each stop a waypoint, and one route through them in date
order, for navigation apps that plan a journey offline.

Stops are city-level (a town, a region's or a country's centre), never where anybody
sleeps: the same points the trip page's map shows to whoever may see the trip.
"""

from __future__ import annotations

import gpxpy.gpx
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from travel.trips.models import Trip
from travel.trips.selectors import country_centres


def trip_gpx(trip: Trip) -> str:
    """The trip's stops (prefetched with their places) as a GPX document."""
    stops = list(trip.stops.all())
    centres = country_centres({s.country_code for s in stops if s.is_country})
    document = gpxpy.gpx.GPX()
    document.creator = settings.SITE_NAME
    document.name = trip.title
    document.link = settings.SITE_URL + reverse("trips:detail", args=[trip.public_id])
    route = gpxpy.gpx.GPXRoute(name=trip.title)
    for number, stop in enumerate(stops, 1):
        point = centres.get(stop.country_code) if stop.is_country else stop.place.point
        if not point:
            continue
        name = f"{number}. {stop.display_name}"
        description = _("%(place)s, %(arrive)s to %(depart)s") % {
            "place": stop.place.label,
            "arrive": stop.arrive.isoformat(),
            "depart": stop.depart.isoformat(),
        }
        document.waypoints.append(
            gpxpy.gpx.GPXWaypoint(
                latitude=point[0], longitude=point[1], name=name, description=description
            )
        )
        route.points.append(
            gpxpy.gpx.GPXRoutePoint(latitude=point[0], longitude=point[1], name=name)
        )
    document.routes.append(route)
    return document.to_xml(version="1.1")
