"""Keeping the matcher's indexes in step: matching.LocalTopic with members' profiles and
topics, matching.StopTopic with trips and their stops, matching.OfferOpening with offers
and their availability."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from accounts.models import User
from travel.hosting.models import Availability, HostOffer
from travel.matching.models import LocalTopic, OfferOpening, StopTopic
from travel.places.models import Place
from travel.trips.models import Stop, Trip


def _topic_list(through: str, column: str, owner: str) -> str:
    """SQL for "the topic ids of `owner` in `through`, comma-separated" (a correlated
    subquery; '' for none). Names only, from the models' meta."""
    if connection.vendor == "postgresql":
        joined = "string_agg(x.topic_id::text, ',' ORDER BY x.topic_id)"
    else:
        joined = "group_concat(x.topic_id, ',')"
    return f"COALESCE((SELECT {joined} FROM {through} x WHERE x.{column} = {owner}), '')"  # noqa: S608 - names from model meta


def topic_list(ids: Iterable[int]) -> str:
    """The same list, written in Python: "3,17,42"."""
    return ",".join(str(i) for i in sorted(ids))


def local_topics_sync(*, user_id: int) -> None:
    """Rewrite one member's rows (a handful): after any change to their topics, home
    place, openness to meet, activity or suspension."""
    user = (
        User.objects.filter(pk=user_id)
        .select_related("home_place")
        .only(
            "id",
            "home_cell",
            "open_to_meet",
            "is_active",
            "is_suspended",
            "profile_visibility",
            "home_place__country_code",
        )
        .first()
    )
    with transaction.atomic():
        LocalTopic.objects.filter(user_id=user_id).delete()
        if (
            user is None
            or not (user.open_to_meet and user.is_active and not user.is_suspended)
            or user.home_cell is None
            or user.home_place is None
        ):
            return
        held = list(user.topics.values_list("id", flat=True))
        LocalTopic.objects.bulk_create(
            LocalTopic(
                user_id=user_id,
                topic_id=topic_id,
                home_cell=user.home_cell,
                country_code=user.home_place.country_code,
                topics=topic_list(held),
                profile_visibility=user.profile_visibility,
                place_id=user.home_place_id,
            )
            for topic_id in held
        )


def local_topics_rebuild() -> int:
    """Rebuild every row from the member and topic tables in one statement."""
    lt = LocalTopic._meta.db_table
    users = User._meta.db_table
    through = User.topics.through._meta.db_table
    places = Place._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {lt}")  # noqa: S608 - table names from model meta
        cursor.execute(
            f"INSERT INTO {lt} (user_id, topic_id, home_cell, country_code, topics, "  # noqa: S608
            "profile_visibility, place_id) "
            f"SELECT ut.user_id, ut.topic_id, u.home_cell, p.country_code, "
            f"{_topic_list(through, 'user_id', 'u.id')}, u.profile_visibility, p.id "
            f"FROM {through} ut "
            f"JOIN {users} u ON u.id = ut.user_id JOIN {places} p ON p.id = u.home_place_id "
            "WHERE u.open_to_meet AND u.is_active AND NOT u.is_suspended "
            "AND u.home_cell IS NOT NULL"
        )
        return cursor.rowcount


def _stop_topics_inserts(where: str) -> list[str]:
    """INSERT ... SELECTs of StopTopic rows for discoverable trips matching `where`: one
    per (stop, topic) and one per stop with no topic.

    Only table names from the models' meta go into the text; values are parameters.
    """
    st = StopTopic._meta.db_table
    stops = Stop._meta.db_table
    trips = Trip._meta.db_table
    through = Trip.topics.through._meta.db_table
    places = Place._meta.db_table
    into = (
        f"INSERT INTO {st} (stop_id, topic_id, owner_id, trip_id, place_id, lat, lon, cell, "
        "country_code, is_country, arrive, depart, radius_km, tentative, visibility, "
        "collective_id, topics) "
    )
    columns = (
        "t.owner_id, t.id, s.place_id, p.lat, p.lon, s.cell, s.country_code, s.is_country, "
        "s.arrive, s.depart, s.radius_km, s.tentative, t.visibility, t.collective_id, "
        f"{_topic_list(through, 'trip_id', 't.id')} "
        f"FROM {stops} s JOIN {trips} t ON t.id = s.trip_id JOIN {places} p ON p.id = s.place_id"
    )
    return [
        f"{into}SELECT s.id, tt.topic_id, {columns} "
        f"JOIN {through} tt ON tt.trip_id = t.id WHERE t.discoverable AND {where}",
        f"{into}SELECT s.id, NULL, {columns} WHERE t.discoverable AND {where}",
    ]


def stop_topics_sync(*, trip_id: int) -> None:
    """Rewrite one trip's rows (stops x (topics + 1), a few dozen) after it was saved."""
    st = StopTopic._meta.db_table
    stops = Stop._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {st} WHERE stop_id IN (SELECT id FROM {stops} WHERE trip_id = %s)",  # noqa: S608
            [trip_id],
        )
        for insert in _stop_topics_inserts("t.id = %s"):
            cursor.execute(insert, [trip_id])


def stop_topics_rebuild() -> int:
    """Rebuild every row from the trip, stop and topic tables in one statement."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {StopTopic._meta.db_table}")  # noqa: S608
        written = 0
        for insert in _stop_topics_inserts("1 = 1"):
            cursor.execute(insert)
            written += cursor.rowcount
        return written


def _offer_openings_insert(where: str) -> str:
    """INSERT ... SELECT of OfferOpening rows for the windows of open offers matching
    `where`. Only table names from the models' meta go into the text."""
    table = OfferOpening._meta.db_table
    windows = Availability._meta.db_table
    offers = HostOffer._meta.db_table
    places = Place._meta.db_table
    held = User.topics.through._meta.db_table
    end = connection.ops.quote_name("end")
    return (
        f"INSERT INTO {table} (window_id, offer_id, host_id, place_id, cell, country_code, "  # noqa: S608
        f"start, {end}, kinds, capacity, lat, lon, visibility, collective_id, topics) "
        f"SELECT a.id, o.id, o.host_id, o.place_id, o.cell, p.country_code, a.start, a.{end}, "
        "o.kinds, o.capacity, o.public_lat, o.public_lon, o.visibility, o.collective_id, "
        f"{_topic_list(held, 'user_id', 'o.host_id')} "
        f"FROM {windows} a JOIN {offers} o ON o.id = a.offer_id "
        f"JOIN {places} p ON p.id = o.place_id WHERE o.status = %s AND {where}"
    )


def offer_openings_sync(*, offer_id: int) -> None:
    """Rewrite one offer's rows (one per window) after it or a window was saved."""
    _offer_openings_rewrite("offer_id", "o.id", offer_id)


def offer_openings_sync_host(*, user_id: int) -> None:
    """Rewrite the rows of every offer of a host (their topics changed)."""
    _offer_openings_rewrite("host_id", "o.host_id", user_id)


def _offer_openings_rewrite(column: str, where: str, value: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {OfferOpening._meta.db_table} WHERE {column} = %s",  # noqa: S608
            [value],
        )
        cursor.execute(_offer_openings_insert(f"{where} = %s"), [HostOffer.Status.OPEN, value])


def offer_openings_rebuild() -> int:
    """Rebuild every row from the offer and availability tables in one statement."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {OfferOpening._meta.db_table}")  # noqa: S608
        cursor.execute(_offer_openings_insert("1 = 1"), [HostOffer.Status.OPEN])
        return cursor.rowcount
