"""Demo trips: Ada's reference journey south, and travellers crossing her path."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from accounts.models import User, Visibility
from travel.places.models import Place
from travel.places.selectors import places_search
from travel.topics.models import Topic
from travel.trips.models import Trip
from travel.trips.services import StopInput, trip_create, trip_update


def _city(name: str) -> Place:
    found = places_search(q=name, limit=1, kind="city")
    if not found:
        raise LookupError(f"demo trips need the place {name!r}: run load_places")
    return found[0]


def _stop(
    name: str, arrive: date, depart: date, *, label: str = "", radius: int = 30, maybe: bool = False
) -> StopInput:
    return StopInput(
        place_id=_city(name).pk,
        label=label,
        radius_km=radius,
        arrive=arrive,
        depart=depart,
        tentative=maybe,
    )


def _put(owner: User, title: str, stops: list[StopInput], **fields: Any) -> Trip:
    """Create the trip, or bring the demo trip of that title back to these values."""
    topics = list(Topic.objects.filter(slug__in=fields.pop("topics", [])))
    existing = Trip.objects.filter(owner=owner, title=title).first()
    if existing is None:
        return trip_create(owner=owner, title=title, stops=stops, topics=topics, **fields)
    current = {s.arrive: s.public_id for s in existing.stops.all()}
    for stop in stops:
        stop.public_id = current.get(stop.arrive) if stop.arrive else None
    return trip_update(trip=existing, fields={**fields, "topics": topics}, stops=stops)


def load_trips(ctx: dict[str, Any]) -> None:
    people: dict[str, User] = ctx["people"]
    today: date = ctx["today"]
    monday = today + timedelta(days=7 - today.weekday())  # next Monday, never today

    def d(n: int) -> date:
        return monday + timedelta(days=n)

    ada = _put(
        people["ada"],
        "By train from Tromsø to Berlin",
        [
            _stop("Oslo", d(1), d(3)),
            _stop("Malmö", d(3), d(6), label="south Sweden", radius=40),
            _stop("Copenhagen", d(6), d(8), maybe=True),
            _stop("Berlin", d(9), d(13)),
        ],
        description=(
            "Two weeks south by night train, on a shoestring. I'd love to meet hosting and "
            "housing co-ops, union branches and anarchist groups on the way, and give a short "
            "talk on organising in rail. A hammock spot or a bit of floor is all I need."
        ),
        topics=["unions", "hosting-coops", "housing-coops", "anarchism"],
        needs=["hammock", "floor"],
        discoverable=True,
        visibility=Visibility.MEMBERS,
    )
    _put(
        people["tariq"],
        "Hamburg to Stockholm, slowly",
        [
            _stop("Copenhagen", d(3), d(5)),
            _stop("Malmö", d(5), d(7)),
            _stop("Gothenburg", d(8), d(10), maybe=True),
            _stop("Stockholm", d(11), d(16)),
        ],
        description="Meeting solidarity groups along the Baltic on my way north.",
        topics=["internationalism", "mutual-aid", "unions"],
        needs=["sofa", "floor", "meal"],
        discoverable=True,
    )
    _put(
        people["freja"],
        "Bike and train to Berlin",
        [
            _stop("Hamburg", d(8), d(10)),
            _stop("Berlin", d(10), d(15), radius=20),
        ],
        description="Climate camp prep, then a week of commons tours in Berlin.",
        topics=["climate-justice", "solarpunk", "commons"],
        needs=["tent", "shower"],
        discoverable=True,
    )
    _put(
        people["lena"],
        "Union exchange in Oslo",
        [_stop("Oslo", d(0), d(4), radius=15)],
        topics=["unions", "internationalism"],
        needs=["sofa"],
        discoverable=True,
        visibility=Visibility.CONNECTIONS,
    )
    country = StopInput(
        country="DK", label="Danish islands", arrive=d(20), depart=d(27), radius_km=30
    )
    _put(
        people["johan"],
        "Hacklab tour of Denmark",
        [country],
        topics=["free-software", "hacking-for-good"],
        discoverable=False,
    )
    ctx["trips"] = {"ada": ada}
