"""Realistic first messages for the flood guard tests.

Genuine members write to several people in a short while too (a traveller asking hosts
along the route, an organiser inviting travellers), reusing a turn of phrase here and
there but writing each message for its reader. `genuine_messages` produces such
messages: per sender a fixed identity and trip, per message a fresh mix of sentences
about the recipient, the dates, the place and the reason for writing.
"""

from __future__ import annotations

import random

CITIES = [
    "Oslo",
    "Malmö",
    "Lund",
    "Copenhagen",
    "Hamburg",
    "Berlin",
    "Gothenburg",
    "Aarhus",
    "Kiel",
    "Rostock",
    "Uppsala",
    "Bergen",
    "Trondheim",
    "Leipzig",
    "Odense",
]
TOPICS = [
    "housing co-ops",
    "workers' co-ops",
    "union organising",
    "free software",
    "mutual aid",
    "climate justice",
    "community gardens",
    "hacklabs",
    "anti-fascist history",
    "solarpunk",
    "tenant unions",
    "food sharing",
    "bike kitchens",
    "commons",
]
GREETINGS = [
    "Hi {name}!",
    "Hello {name},",
    "Hey {name}",
    "Dear {name},",
    "Hej {name}!",
    "Good morning {name},",
    "Hi there {name},",
    "Moin {name}!",
    "Hallo {name},",
    "Greetings {name},",
]
INTROS = [
    "I'm {me}, a {job} from {home}.",
    "My name is {me} and I organise with a {group} back in {home}.",
    "{me} here, I live in {home} and spend most evenings at our {group}.",
    "I am travelling south from {home} by train; my name is {me}.",
    "This is {me} ({pronouns}), {job} and member of a {group}.",
    "We have not met yet; I'm {me} from {home}.",
]
PURPOSES = [
    "I'll be in {city} from {d1} to {d2} {month} and saw that you care about {topic}.",
    "Your profile says you are into {topic}, which is exactly what brings me to {city}.",
    "I need a place to sleep in {city} around {month} {d1}; a floor or a hammock spot is plenty.",
    "Our {group} would love to hear how {topic} works in {city}; could we meet for a coffee?",
    "Would you be up for a short talk about {topic} at the {venue} on {month} {d1}?",
    "I read your note about the {venue} and wondered whether visitors can drop by on a {weekday}.",
    "A friend from {home} told me you know everyone in {city} who works on {topic}.",
    "I can cook for everyone and help with whatever needs doing while I'm in {city}.",
    "I'm passing through {city} on the way to {city2} and have a free {weekday} evening.",
    "We are collecting stories about {topic} for our zine and would love yours.",
    "I'd be happy to bring a few copies of our {group} newsletter about {topic2}.",
    "Is the {venue} still open on {weekday}s? I'd like to see it with two friends.",
    "My train gets into {city} at {hour} on {month} {d1}, so I could meet any time after that.",
    "I'm also curious how your group handles {topic2} in winter.",
    "Last year I stayed with a co-op in {city2} and it changed how we run ours.",
]
QUESTIONS = [
    "Would that work for you?",
    "Let me know if that sounds good.",
    "No pressure at all!",
    "Is there anything I should bring?",
    "Do you know someone else I should ask?",
    "What would suit you best?",
    "Does {weekday} work?",
    "Should I ask again closer to the date?",
    "Would a short call help first?",
    "Happy to adapt to your plans.",
]
CLOSINGS = [
    "Thanks, {me}",
    "Cheers, {me}",
    "All the best, {me}",
    "Solidarity, {me}",
    "Warmly, {me}",
    "See you maybe, {me}",
    "Take care, {me}",
    "Hugs from {home}, {me}",
    "Thank you so much! {me}",
    "{me}",
]
JOBS = [
    "nurse",
    "bus driver",
    "student",
    "carpenter",
    "teacher",
    "programmer",
    "cook",
    "librarian",
    "shop steward",
    "gardener",
]
GROUPS = [
    "housing co-op",
    "union branch",
    "hacklab",
    "food co-op",
    "tenant union",
    "bike kitchen",
    "solidarity network",
    "reading circle",
]
VENUES = [
    "social centre",
    "union hall",
    "hacklab",
    "community garden",
    "people's kitchen",
    "info shop",
    "co-op café",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["April", "May", "June", "August", "September"]
FIRST = [
    "Ada",
    "Sindre",
    "Maja",
    "Johan",
    "Freja",
    "Lena",
    "Tariq",
    "Ola",
    "Ines",
    "Kofi",
    "Mira",
    "Pavel",
    "Sanna",
    "Yusuf",
    "Elin",
    "Noor",
    "Tomas",
    "Aiko",
    "Rasmus",
    "Leila",
    "Jonas",
    "Birte",
    "Omar",
    "Vera",
    "Karim",
    "Linnea",
    "Dario",
    "Hanne",
    "Nils",
    "Sofia",
]


def _sender_identity(rng: random.Random, index: int) -> dict[str, str]:
    return {
        "me": FIRST[index % len(FIRST)],
        "home": rng.choice(CITIES),
        "job": rng.choice(JOBS),
        "group": rng.choice(GROUPS),
        "pronouns": rng.choice(["she/her", "he/him", "they/them"]),
    }


def genuine_message(rng: random.Random, sender: dict[str, str], recipient_name: str) -> str:
    city, city2 = rng.sample(CITIES, 2)
    topic, topic2 = rng.sample(TOPICS, 2)
    d1 = rng.randint(1, 26)
    values = {
        **sender,
        "name": recipient_name,
        "city": city,
        "city2": city2,
        "topic": topic,
        "topic2": topic2,
        "d1": str(d1),
        "d2": str(d1 + rng.randint(1, 4)),
        "month": rng.choice(MONTHS),
        "venue": rng.choice(VENUES),
        "weekday": rng.choice(WEEKDAYS),
        "hour": f"{rng.randint(7, 22)}:{rng.choice(['05', '20', '42', '58'])}",
    }
    parts = [rng.choice(GREETINGS)]
    if rng.random() < 0.8:
        parts.append(rng.choice(INTROS))
    parts.extend(rng.sample(PURPOSES, rng.randint(1, 3)))
    if rng.random() < 0.7:
        parts.append(rng.choice(QUESTIONS))
    parts.append(rng.choice(CLOSINGS))
    return " ".join(parts).format(**values)


def genuine_messages(*, senders: int, per_sender: int, seed: int = 7) -> list[list[str]]:
    """`per_sender` texts for each of `senders` members, each written for its reader."""
    rng = random.Random(seed)
    out = []
    for s in range(senders):
        identity = _sender_identity(rng, s)
        out.append(
            [
                genuine_message(rng, identity, FIRST[(s + i + 3) % len(FIRST)])
                for i in range(per_sender)
            ]
        )
    return out


SPAM = (
    "Hello friend! I saw your profile and I think you would love our new community. "
    "Join us today at freecoins dot example and earn money from home every single day!"
)


def spam_variants() -> list[str]:
    """Twelve disguises of one text, as spammers vary it to slip past filters."""
    zw = "\u200b"
    return [
        SPAM,
        SPAM.upper(),
        SPAM.lower(),
        "  ".join(SPAM.split(" ")).replace(". ", ".\n\n"),
        SPAM.replace("!", "!!!").replace(".", "...").replace(",", " ,"),
        zw.join(SPAM),  # a zero-width space between every character
        SPAM.replace("o", "о").replace("a", "а").replace("e", "е").replace("p", "р"),  # Cyrillic
        SPAM.replace("o", "ο").replace("i", "ι").replace("v", "ν"),  # Greek
        SPAM.replace("love", "like"),  # a swapped word
        SPAM.replace("new community", "community new").replace("\u200d", ""),  # words swapped
        "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in SPAM),  # fullwidth
        SPAM.replace("e", "e\u0301").replace("u", "ü").replace("Hello", "Hellо\u200d"),
    ]
