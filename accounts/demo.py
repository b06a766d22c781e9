"""Demo members along the reference journey (Tromsø → Oslo → south Sweden → Copenhagen → Berlin)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress

from accounts.models import ContactChannel, User
from travel import events
from travel.places.selectors import places_search
from travel.topics.models import Topic

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published demo accounts, local only

# key, display name, pronouns, home, topics, open to meet, discoverable, bio
PEOPLE = [
    (
        "ada",
        "Ada Nordli",
        "she/her",
        "Tromsø",
        ["unions", "hosting-coops", "housing-coops", "anarchism"],
        True,
        True,
        "Rail nerd and shop steward. Two weeks south by train, hammock in the bag.",
    ),
    (
        "sindre",
        "Sindre Bakke",
        "he/him",
        "Oslo",
        ["unions", "workers-coops", "mutual-aid"],
        True,
        False,
        "Organiser at a transport workers' union branch in Oslo.",
    ),
    (
        "maja",
        "Maja Lind",
        "they/them",
        "Malmö",
        ["housing-coops", "hosting-coops", "commons"],
        True,
        False,
        "We run a small hosting co-op in a housing co-op in Malmö.",
    ),
    (
        "johan",
        "Johan Ek",
        "he/him",
        "Lund",
        ["free-software", "hacking-for-good", "digital-self-determination"],
        True,
        False,
        "Hacklab regular, fixes laptops for refugees on Thursdays.",
    ),
    (
        "freja",
        "Freja Holm",
        "she/her",
        "Copenhagen",
        ["climate-justice", "solarpunk", "commons"],
        True,
        True,
        "Climate organiser, always up for a bike tour of the city's commons.",
    ),
    (
        "lena",
        "Lena Vogel",
        "sie/ihr",
        "Berlin",
        ["anti-fascism", "anarchism", "internationalism", "unions"],
        True,
        False,
        "Berlin, anarcho-syndicalist union, can host on a sofa in Neukölln.",
    ),
    (
        "tariq",
        "Tariq Haddad",
        "he/him",
        "Hamburg",
        ["internationalism", "mutual-aid", "unions"],
        True,
        True,
        "Travelling north the same weeks as a few of you, happy to share a table.",
    ),
    (
        "ola",
        "Ola Farmen",
        "he/him",
        "Kungsbacka",
        ["commons", "climate-justice", "mutual-aid"],
        True,
        False,
        "Small farm south of Gothenburg; the apple trees take hammocks.",
    ),
]


def load_members(ctx: dict[str, Any]) -> None:
    people: dict[str, User] = {}
    for key, name, pronouns, home, topics, open_to_meet, discoverable, bio in PEOPLE:
        email = f"{key}@demo.stopover.test"
        found = places_search(q=home, limit=1, kind="city")
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD)
        user.display_name, user.pronouns, user.bio = name, pronouns, bio
        user.home_place = found[0] if found else None
        user.open_to_meet, user.discoverable = open_to_meet, discoverable
        user.languages = "English, " + {
            "Tromsø": "Norsk",
            "Oslo": "Norsk",
            "Berlin": "Deutsch",
            "Hamburg": "Deutsch, العربية",
        }.get(home, "Svenska")
        user.save()
        user.topics.set(Topic.objects.filter(slug__in=topics))
        # What profile_update says after an edit (the matcher's index of locals follows).
        events.emit(
            events.profile_changed,
            user_id=user.pk,
            fields=frozenset({"home_place", "open_to_meet", "discoverable", "topics"}),
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        ContactChannel.objects.get_or_create(
            user=user,
            kind=ContactChannel.Kind.MATRIX,
            defaults={"value": f"@{key}:matrix.example.org"},
        )
        people[key] = user
    ctx["people"] = people
