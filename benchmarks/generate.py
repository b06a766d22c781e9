"""A deterministic synthetic Europe: members, trips with stops, offers with availability,
meet-ups and a few collectives, clustered around real gazetteer cities.

Everything is drawn from one `random.Random(seed)`: the same seed, scale, places, topics,
`today` and id bases give exactly the same rows. Rows are plain tuples streamed table by
table (never model instances), so PostgreSQL can take them through COPY and SQLite
through executemany without holding the data set in memory.

Popularity: cities are ranked by population and drawn with a Zipf-like weight 1/rank
(most stops are in London, Paris, Berlin…), plus a uniform background over every city
(BACKGROUND of the draws), so small towns see some travellers too.
"""

from __future__ import annotations

import math
import random
import uuid
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from travel.places.grid import cell_for

# Europe without Russia and Turkey (their Asian cities would dominate the Zipf head).
EUROPE = (
    *("AD", "AL", "AT", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES"),
    *("FI", "FO", "FR", "GB", "GI", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU"),
    *("LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI"),
    *("SK", "SM", "UA", "VA", "XK"),
)

SCALES = {"300": 300, "1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
TOPIC_COUNT = 200
BACKGROUND = 0.15  # share of places drawn uniformly instead of by popularity
ZIPF_CITIES = 1.0
ZIPF_TOPICS = 1.0
KINDS = ("sofa", "bed", "floor", "hammock", "tent", "meal", "shower")
BENCH_DOMAIN = "bench.invalid"
PASSWORD = "!unusable"  # noqa: S105 - Django's unusable-password prefix: nobody can sign in with it


def parse_scale(value: str) -> int:
    key = value.strip().lower()
    if key in SCALES:
        return SCALES[key]
    multiplier = 1
    if key.endswith("k"):
        key, multiplier = key[:-1], 1_000
    elif key.endswith("m"):
        key, multiplier = key[:-1], 1_000_000
    try:
        number = int(float(key) * multiplier)
    except ValueError:
        raise ValueError(f"scale must be like 10k, 100k or 1m, got {value!r}") from None
    if number < 50:
        raise ValueError("scale must be at least 50 stops")
    return number


@dataclass(frozen=True)
class City:
    id: int
    lat: float
    lon: float
    cell: int
    country: str
    tz: str


@dataclass
class Counts:
    stops: int
    members: int
    offers: int
    meetups: int
    collectives: int

    @classmethod
    def for_stops(cls, stops: int) -> Counts:
        return cls(
            stops=stops,
            members=stops,
            offers=max(stops // 10, 1),
            meetups=max(stops // 20, 1),
            collectives=max(stops // 1000, 1),
        )


@dataclass
class IdBases:
    """The first id of each table (1 on an empty database)."""

    user: int = 1
    trip: int = 1
    stop: int = 1
    offer: int = 1
    meetup: int = 1
    collective: int = 1
    m2m: dict[str, int] = field(default_factory=dict)


# Table -> columns, in the order the row tuples carry them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts_user": (
        "id", "password", "last_login", "is_superuser", "is_staff", "is_active",
        "date_joined", "email", "public_id", "display_name", "pronouns", "bio",
        "home_place_id", "home_radius_km", "home_cell", "languages", "open_to_meet",
        "discoverable", "support_link", "profile_visibility", "is_suspended", "flagged_at",
    ),
    "accounts_user_topics": ("user_id", "topic_id"),
    "collectives_collective": (
        "id", "public_id", "name", "description", "home_place_id", "home_cell", "radius_km",
        "open_to_meet", "website", "created",
    ),
    "collectives_collective_topics": ("collective_id", "topic_id"),
    "trips_trip": (
        "id", "public_id", "owner_id", "title", "description", "needs", "visibility",
        "collective_id", "discoverable", "support_link", "calendar_token", "starts", "ends",
        "created", "updated",
    ),
    "trips_trip_topics": ("trip_id", "topic_id"),
    "trips_stop": (
        "id", "public_id", "trip_id", "place_id", "label", "radius_km", "arrive", "depart",
        "tentative", "cell", "country_code", "is_country",
    ),
    "hosting_hostoffer": (
        "id", "public_id", "host_id", "place_id", "title", "description", "address",
        "exact_lat", "exact_lon", "public_lat", "public_lon", "cell", "kinds", "capacity",
        "animals", "smoking", "accessibility", "languages", "status", "visibility",
        "collective_id", "created", "updated",
    ),
    "hosting_availability": ("public_id", "offer_id", "start", "end"),
    "meetups_meetup": (
        "id", "public_id", "organizer_id", "collective_id", "title", "description", "place_id",
        "venue", "starts", "ends", "capacity", "visibility", "listed_publicly", "status",
        "cell", "country_code", "reminders_claimed", "connections_claimed", "created",
        "updated",
    ),
    "meetups_meetup_topics": ("meetup_id", "topic_id"),
}  # fmt: skip

# Load order (foreign keys first).
TABLES = tuple(COLUMNS)

Row = tuple
RowStream = Iterator[Row]


class SyntheticEurope:
    """Generates the rows of every table for `counts`, from `seed`.

    `cities`: (id, lat, lon, cell, country, timezone) of every city, any order (sorted
    here by population rank given as `populations`). `countries`: country code -> the
    Place id of the country. `topic_ids`: the topics to draw from (Zipf by a seeded
    shuffle of their order).
    """

    def __init__(
        self,
        *,
        seed: int,
        counts: Counts,
        cities: list[tuple[int, float, float, int, str, str, int]],
        countries: dict[str, int],
        topic_ids: list[int],
        today: date,
        bases: IdBases | None = None,
    ) -> None:
        self.seed = seed
        self.counts = counts
        self.today = today
        self.bases = bases or IdBases()
        ranked = sorted(cities, key=lambda c: (-c[6], c[0]))
        self.cities = [City(c[0], c[1], c[2], c[3], c[4], c[5]) for c in ranked]
        if not self.cities:
            raise ValueError("no cities: run load_places first")
        self.countries = countries
        self._city_cum = list(
            accumulate(1.0 / (rank + 1) ** ZIPF_CITIES for rank in range(len(self.cities)))
        )
        topics = sorted(topic_ids)
        random.Random(seed ^ 0x70_91C5).shuffle(topics)
        self.topics = topics
        self._topic_cum = list(
            accumulate(1.0 / (rank + 1) ** ZIPF_TOPICS for rank in range(len(topics)))
        )
        self.now = datetime.combine(today, time(12, 0), tzinfo=UTC)

    # Draws -----------------------------------------------------------------------------
    def _rng(self, table: str) -> random.Random:
        # One stream per table: each table's rows depend only on the seed, not on how
        # many draws an earlier table made (so a table can be regenerated alone).
        return random.Random(f"{self.seed}:{table}")

    def _city(self, rng: random.Random) -> City:
        if rng.random() < BACKGROUND:
            return self.cities[rng.randrange(len(self.cities))]
        x = rng.random() * self._city_cum[-1]
        return self.cities[min(bisect_left(self._city_cum, x), len(self.cities) - 1)]

    def _topics(self, rng: random.Random, k: int) -> list[int]:
        chosen: set[int] = set()
        total = self._topic_cum[-1]
        tries = 0
        while len(chosen) < k and tries < k * 10:
            tries += 1
            x = rng.random() * total
            chosen.add(self.topics[min(bisect_left(self._topic_cum, x), len(self.topics) - 1)])
        return sorted(chosen)

    @staticmethod
    def _uuid(rng: random.Random) -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    @staticmethod
    def _offset(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
        """A point up to `km` from (lat, lon), uniform over the disc (flat-earth: fine
        at a few kilometres)."""
        r = km * math.sqrt(rng.random())
        bearing = rng.random() * 2 * math.pi
        dlat = r * math.cos(bearing) / 111.32
        dlon = r * math.sin(bearing) / (111.32 * max(math.cos(math.radians(lat)), 0.01))
        return round(lat + dlat, 5), round(lon + dlon, 5)

    def _day(self, rng: random.Random, before: int, after: int) -> date:
        return self.today + timedelta(days=rng.randint(-before, after))

    # Tables ----------------------------------------------------------------------------
    def rows(self, table: str) -> RowStream:
        return getattr(self, "_" + table)()

    def expected(self, table: str) -> int | None:
        """Rows a table will have, when known before generating (for progress)."""
        c = self.counts
        return {
            "accounts_user": c.members,
            "collectives_collective": c.collectives,
            "trips_stop": c.stops,
            "hosting_hostoffer": c.offers,
            "meetups_meetup": c.meetups,
        }.get(table)

    def _accounts_user(self) -> RowStream:
        rng = self._rng("user")
        joined = self.now - timedelta(days=400)
        for i in range(self.counts.members):
            uid = self.bases.user + i
            home = self._city(rng) if rng.random() < 0.95 else None
            r = rng.random()
            visibility = "members" if r < 0.9 else ("connections" if r < 0.97 else "only_me")
            yield (
                uid, PASSWORD, None, False, False, True, joined, f"m{uid}@{BENCH_DOMAIN}",
                self._uuid(rng), f"Member {uid}", "", "",
                home.id if home else None, 30, home.cell if home else None, "",
                rng.random() < 0.5, rng.random() < 0.6, "", visibility, False, None,
            )  # fmt: skip

    def _accounts_user_topics(self) -> RowStream:
        rng = self._rng("user_topics")
        for i in range(self.counts.members):
            # 0..8 topics, about 3.5 on average; a few members have none.
            k = min(int(rng.expovariate(1 / 3.5)), 8)
            for topic in self._topics(rng, k):
                yield (self.bases.user + i, topic)

    def _collectives_collective(self) -> RowStream:
        rng = self._rng("collective")
        for i in range(self.counts.collectives):
            home = self._city(rng)
            yield (
                self.bases.collective + i, self._uuid(rng), f"Collective {i + 1}", "",
                home.id, home.cell, 30, rng.random() < 0.8, "", self.now,
            )  # fmt: skip

    def _collectives_collective_topics(self) -> RowStream:
        rng = self._rng("collective_topics")
        for i in range(self.counts.collectives):
            for topic in self._topics(rng, rng.randint(1, 4)):
                yield (self.bases.collective + i, topic)

    def _trip_plan(self) -> Iterator[tuple[int, int, int, date, list[tuple]]]:
        """(trip id, owner, seed of the trip's other draws, start, stops) until the stop
        count is reached. Both the trip and stop tables replay this same plan."""
        rng = self._rng("trips")
        made = 0
        trip_id = self.bases.trip
        while made < self.counts.stops:
            n = min(rng.randint(1, 10), self.counts.stops - made)
            owner = self.bases.user + rng.randrange(self.counts.members)
            day = self._day(rng, 60, 300)
            stops = []
            for _ in range(n):
                length = min(int(rng.expovariate(1 / 4.0)), 30)  # depart - arrive <= 30
                arrive, depart = day, day + timedelta(days=length)
                r = rng.random()
                if r < 0.03:  # a country-level stop ("south Sweden")
                    city = self._city(rng)
                    place, cell, country, is_country = None, None, city.country, True
                    radius = 200
                else:
                    city = self._city(rng)
                    place, cell, country, is_country = city.id, city.cell, city.country, False
                    radius = 30 if rng.random() < 0.8 else rng.choice((10, 20, 50, 100, 200))
                stops.append(
                    (place, radius, arrive, depart, rng.random() < 0.15, cell, country, is_country)
                )
                day = depart + timedelta(days=1 + rng.randint(0, 3))
            yield trip_id, owner, rng.getrandbits(64) | (trip_id << 64), stops[0][2], stops
            made += n
            trip_id += 1

    def _trips_trip(self) -> RowStream:
        for trip_id, owner, sub, _start, stops in self._trip_plan():
            rng = random.Random(sub)
            r = rng.random()
            visibility = "members" if r < 0.9 else ("connections" if r < 0.97 else "only_me")
            needs = ",".join(k for k in KINDS if rng.random() < 0.3)
            yield (
                trip_id, self._uuid(rng), owner, f"Trip {trip_id}", "", needs, visibility,
                None, rng.random() < 0.7, "", f"bench-{trip_id}-{rng.getrandbits(64):x}",
                stops[0][2], stops[-1][3], self.now, self.now,
            )  # fmt: skip

    def _trips_trip_topics(self) -> RowStream:
        for trip_id, _owner, sub, _start, _stops in self._trip_plan():
            rng = random.Random(sub ^ 0xABCDEF)
            if rng.random() < 0.2:
                continue  # no topics of its own: the matcher uses the owner's
            for topic in self._topics(rng, rng.randint(1, 4)):
                yield (trip_id, topic)

    def _trips_stop(self) -> RowStream:
        rng = self._rng("stop_ids")
        stop_id = self.bases.stop
        for trip_id, _owner, _sub, _start, stops in self._trip_plan():
            for place, radius, arrive, depart, tentative, cell, country, is_country in stops:
                place_id = self.countries.get(country) if is_country else place
                if place_id is None:  # country not loaded: make it a city stop
                    continue
                yield (
                    stop_id, self._uuid(rng), trip_id, place_id, "", radius, arrive, depart,
                    tentative, cell, country, is_country,
                )  # fmt: skip
                stop_id += 1

    def _hosting_hostoffer(self) -> RowStream:
        rng = self._rng("offer")
        for i in range(self.counts.offers):
            city = self._city(rng)
            exact = self._offset(rng, city.lat, city.lon, 8.0)
            # The public point: 300–1000 m from the exact one (P2), drawn here from the
            # seeded stream, not a cryptographic source: this is synthetic data.
            r_km = rng.uniform(0.305, 0.995)
            bearing = rng.random() * 2 * math.pi
            public = (
                round(exact[0] + r_km * math.cos(bearing) / 111.32, 5),
                round(
                    exact[1]
                    + r_km * math.sin(bearing) / (111.32 * math.cos(math.radians(exact[0]))),
                    5,
                ),
            )
            kinds = ",".join(k for k in KINDS if rng.random() < 0.35) or rng.choice(KINDS)
            yield (
                self.bases.offer + i, self._uuid(rng),
                self.bases.user + rng.randrange(self.counts.members), city.id,
                f"Offer {i + 1}", "", "Synthetic street 1", exact[0], exact[1],
                public[0], public[1], cell_for(*public), kinds, rng.randint(1, 4), "", "no",
                "", "", "open" if rng.random() < 0.9 else "paused",
                "members" if rng.random() < 0.95 else "connections", None, self.now, self.now,
            )  # fmt: skip

    def _hosting_availability(self) -> RowStream:
        rng = self._rng("availability")
        for i in range(self.counts.offers):
            for _ in range(rng.randint(1, 3)):
                start = self._day(rng, 30, 330)
                end = start + timedelta(days=rng.randint(0, 89))
                yield (self._uuid(rng), self.bases.offer + i, start, end)

    def _meetups_meetup(self) -> RowStream:
        rng = self._rng("meetup")
        for i in range(self.counts.meetups):
            city = self._city(rng)
            starts = datetime.combine(
                self._day(rng, 30, 330), time(rng.randint(8, 20), 0), tzinfo=UTC
            )
            yield (
                self.bases.meetup + i, self._uuid(rng),
                self.bases.user + rng.randrange(self.counts.members), None,
                f"Meet-up {i + 1}", "", city.id, "", starts, starts + timedelta(hours=3),
                None, "members" if rng.random() < 0.9 else "connections", False,
                "scheduled" if rng.random() < 0.95 else "cancelled", city.cell, city.country,
                None, None, self.now, self.now,
            )  # fmt: skip

    def _meetups_meetup_topics(self) -> RowStream:
        rng = self._rng("meetup_topics")
        for i in range(self.counts.meetups):
            for topic in self._topics(rng, rng.randint(1, 3)):
                yield (self.bases.meetup + i, topic)


def with_progress(rows: RowStream, say: Callable[[int], None], every: int = 50_000) -> RowStream:
    n = 0
    for row in rows:
        yield row
        n += 1
        if n % every == 0:
            say(n)
    say(n)
