"""Demo hosts along the reference journey, and a few free spots (idempotent).

The "exact" addresses are invented: points near each city's centre, street names
that do not exist.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from travel.hosting import services
from travel.hosting.models import HostOffer, Spot
from travel.places.selectors import places_search

# person, title, city, (lat, lon), kinds, capacity, notes
OFFERS = [
    (
        "sindre",
        "Sofa in a union member's flat",
        "Oslo",
        (59.9275, 10.7590),
        ["sofa", "shower"],
        1,
        {"animals": "", "languages": "English, Norsk", "accessibility": "Fourth floor, no lift"},
    ),
    (
        "maja",
        "Hosting co-op room in a housing co-op",
        "Malmö",
        (55.5921, 13.0105),
        ["floor", "bed", "meal", "shower"],
        4,
        {"animals": "A shy cat", "languages": "English, Svenska", "accessibility": "Step-free"},
    ),
    (
        "freja",
        "Sofa near the harbour baths",
        "Copenhagen",
        (55.6643, 12.5630),
        ["sofa"],
        1,
        {"animals": "", "languages": "English, Dansk", "accessibility": ""},
    ),
    (
        "lena",
        "Sofa in a shared flat",
        "Berlin",
        (52.4815, 13.4350),
        ["sofa", "shower"],
        1,
        {"animals": "Two cats", "languages": "English, Deutsch", "accessibility": "Second floor"},
    ),
    (
        "ola",
        "Apple trees for hammocks, meadow for tents",
        "Kungsbacka",
        (57.4520, 12.0150),
        ["hammock", "tent", "meal", "shower"],
        6,
        {"animals": "Hens and a old dog", "languages": "English, Svenska", "accessibility": ""},
    ),
]

# name, (lat, lon), kinds, notes
SPOTS = [
    (
        "Hammock trees in Slottsskogen",
        (57.6870, 11.9440),
        ["hammock"],
        "Old beeches on the west slope, away from the paths. Water at the café.",
    ),
    (
        "Wind shelter by Höje å",
        (55.6950, 13.1300),
        ["tent", "hammock"],
        "Open shelter (vindskydd) with a fire pit, a short walk west of Lund.",
    ),
    (
        "Wild camping on Hovedøya",
        (59.8960, 10.7330),
        ["tent", "hammock"],
        "Island ferry from Aker brygge. Camp out of sight, one night, leave no trace.",
    ),
]


def load_hosting(ctx: dict[str, Any]) -> None:
    people = ctx["people"]
    today = ctx["today"]
    for key, title, city, (lat, lon), kinds, capacity, notes in OFFERS:
        host = people[key]
        found = places_search(q=city, limit=1, kind="city")
        offer = HostOffer.objects.filter(host=host, title=title).first()
        data = {
            "title": title,
            "place": found[0] if found else None,
            "address": f"{city} demo street {len(title)}, flat {capacity}",
            "exact_lat": lat,
            "exact_lon": lon,
            "kinds": kinds,
            "capacity": capacity,
            "description": f"{title}. Ask a few days ahead; happy to talk about organising.",
            **notes,
        }
        if offer is None:
            offer = services.offer_create(host=host, data=data)
        else:
            services.offer_update(offer=offer, data=data)
        if not offer.availability.filter(end__gte=today + timedelta(days=40)).exists():
            services.availability_add(offer=offer, start=today, end=today + timedelta(days=60))
    adder = people.get("ola")
    for name, (lat, lon), kinds, spot_notes in SPOTS:
        if not Spot.objects.filter(name=name).exists():
            services.spot_create(
                added_by=adder,
                data={
                    "name": name,
                    "lat": lat,
                    "lon": lon,
                    "kinds": kinds,
                    "notes": spot_notes,
                },
            )

    # Ada's journey: an accepted stay in Malmö (address visible: within 7 days) and a
    # request waiting for Freja in Copenhagen.
    ada = people["ada"]
    stays = [("maja", 5, 7, True), ("freja", 9, 11, False)]
    for key, first, leave, accept in stays:
        offer = HostOffer.objects.filter(host=people[key]).first()
        if offer is None or offer.requests.filter(traveller=ada).exists():
            continue
        stay = services.stay_request_create(
            traveller=ada,
            offer=offer,
            arrive=today + timedelta(days=first),
            depart=today + timedelta(days=leave),
            guests=1,
            message="Hi! I'm travelling south by train, meeting unions and co-ops on the way. "
            "Could I stay these nights? Happy to cook.",
            today=today,
        )
        if accept:
            services.stay_request_accept(stay_request=stay, by=people[key], today=today)
