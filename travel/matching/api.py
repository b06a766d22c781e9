from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from accounts.http import AuthenticatedHttpRequest
from travel import bounds
from travel.matching import passing, presenters, selectors
from travel.places.models import Place
from travel.topics.selectors import topics_by_slugs

router = Router(tags=["matching"])


class SuggestionOut(Schema):
    id: UUID
    kind: str
    stop: UUID
    score: float
    state: str
    title: str
    url: str
    explanation: str
    distance_km: int | None
    start: date | None
    end: date | None
    shared_topics: list[str]


class StopSuggestionsOut(Schema):
    stop: UUID
    place: str
    arrive: date
    depart: date
    suggestions: dict[str, list[SuggestionOut]]


@router.get("/trips/{public_id}/suggestions", response=list[StopSuggestionsOut])
def trip_suggestions(request: AuthenticatedHttpRequest, public_id: UUID) -> list[dict]:
    """Per stop and kind: score, explanation, distance (whole km), overlap dates, shared
    topics and the candidate's public name and page. Only the trip's owner sees them."""
    trip = selectors.trip_of_owner(user=request.user, public_id=public_id)
    if trip is None:
        raise Http404
    grouped = presenters.items_for_trip(request.user, trip)
    out = []
    for stop in trip.stops.select_related("place"):
        kinds: dict[str, list[dict]] = {}
        for kind, items in grouped.get(stop.pk, {}).items():
            kinds[kind] = [
                {
                    "id": item.suggestion.public_id,
                    "kind": kind,
                    "stop": stop.public_id,
                    "score": item.suggestion.score,
                    "state": item.suggestion.state,
                    "title": item.title,
                    "url": request.build_absolute_uri(item.url),
                    "explanation": item.explanation,
                    "distance_km": item.suggestion.facts.get("distance_km"),
                    "start": item.suggestion.facts.get("start"),
                    "end": item.suggestion.facts.get("end"),
                    "shared_topics": item.topic_slugs,
                }
                for item in items
            ]
        out.append(
            {
                "stop": stop.public_id,
                "place": stop.display_name,
                "arrive": stop.arrive,
                "depart": stop.depart,
                "suggestions": kinds,
            }
        )
    return out


class PassingQuery(Schema):
    place: bounds.QueryId
    radius_km: bounds.QueryKm = 30
    start: bounds.Day
    end: bounds.Day
    topics: str = ""


class PassingRow(Schema):
    traveller: UUID
    name: str
    place: str
    arrive: date
    depart: date
    tentative: bool
    topics: list[str]


class PassingWeek(Schema):
    week_of: date
    travellers: int
    stops: list[PassingRow]


@router.get("/passing-through", response=list[PassingWeek])
def passing_through(request: AuthenticatedHttpRequest, query: Query[PassingQuery]) -> list[dict]:
    """Discoverable travellers passing through a place (city-level stops and dates only),
    grouped by week. `topics` is a comma-separated list of topic slugs."""
    place = Place.objects.filter(pk=query.place).first()
    if place is None:
        raise ValidationError({"place": _("Unknown place id.")})
    topics = topics_by_slugs(query.topics.split(",") if query.topics else [])
    weeks = passing.passing_through(
        viewer=request.user,
        place=place,
        radius_km=query.radius_km,
        start=query.start,
        end=query.end,
        topics=topics,
    )
    return [
        {
            "week_of": week.monday,
            "travellers": week.count,
            "stops": [
                {
                    "traveller": row.traveller.public_id,
                    "name": row.traveller.name,
                    "place": row.place,
                    "arrive": row.arrive,
                    "depart": row.depart,
                    "tentative": row.tentative,
                    "topics": [t.slug for t in row.shared_topics],
                }
                for row in week.rows
            ],
        }
        for week in weeks
    ]
