"""Demo collectives along the reference journey."""

from __future__ import annotations

from typing import Any

from travel.collectives.models import Collective, Membership
from travel.places.selectors import places_search
from travel.topics.models import Topic

# name, admin, other members, home, topics, description, website
COLLECTIVES = [
    (
        "Oslo Transport Workers' Branch",
        "sindre",
        ["lena"],
        "Oslo",
        ["unions", "workers-coops", "mutual-aid"],
        "Bus, tram and rail workers organising together. Travelling rail workers always "
        "get a seat at our monthly evening.",
        "",
    ),
    (
        "Malmö Hosting Co-op",
        "maja",
        ["freja"],
        "Malmö",
        ["hosting-coops", "housing-coops", "commons"],
        "Five flats in a housing co-op that share a guest room and a garden with hammock "
        "hooks. We host travelling organisers for free.",
        "",
    ),
    (
        "Lund Hacklab",
        "johan",
        [],
        "Lund",
        ["free-software", "hacking-for-good", "digital-self-determination"],
        "Open nights on Thursdays: repair laptops, install free software, talk privacy.",
        "",
    ),
    (
        "Kiezkollektiv Neukölln",
        "lena",
        ["tariq"],
        "Berlin",
        ["anarchism", "anti-fascism", "housing-coops", "mutual-aid"],
        "A neighbourhood collective: tenants' organising, a free shop and a Sunday kitchen.",
        "",
    ),
]


def load_collectives(ctx: dict[str, Any]) -> None:
    people = ctx["people"]
    collectives: dict[str, Collective] = {}
    for name, admin, others, home, topics, description, website in COLLECTIVES:
        place = places_search(q=home, limit=1, kind="city")[0]
        collective = Collective.objects.filter(name=name).first() or Collective(name=name)
        collective.home_place = place
        collective.description = description
        collective.website = website
        collective.radius_km = 30
        collective.open_to_meet = True
        collective.save()
        collective.topics.set(Topic.objects.filter(slug__in=topics))
        Membership.objects.update_or_create(
            collective=collective, user=people[admin], defaults={"role": Membership.Role.ADMIN}
        )
        for key in others:
            Membership.objects.get_or_create(collective=collective, user=people[key])
        collectives[name] = collective
    ctx["collectives"] = collectives
