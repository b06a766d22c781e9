"""Keeping matching.LocalTopic in step with members' profiles and topics."""

from __future__ import annotations

from django.db import connection, transaction

from accounts.models import User
from travel.matching.models import LocalTopic


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
        LocalTopic.objects.bulk_create(
            LocalTopic(
                user_id=user_id,
                topic_id=topic_id,
                home_cell=user.home_cell,
                country_code=user.home_place.country_code,
            )
            for topic_id in user.topics.values_list("id", flat=True)
        )


def local_topics_rebuild() -> int:
    """Rebuild every row from the member and topic tables in one statement."""
    lt = LocalTopic._meta.db_table
    users = User._meta.db_table
    through = User.topics.through._meta.db_table
    places = User._meta.get_field("home_place").related_model._meta.db_table  # type: ignore[union-attr]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {lt}")  # noqa: S608 - table names from model meta
        cursor.execute(
            f"INSERT INTO {lt} (user_id, topic_id, home_cell, country_code) "  # noqa: S608
            f"SELECT ut.user_id, ut.topic_id, u.home_cell, p.country_code FROM {through} ut "
            f"JOIN {users} u ON u.id = ut.user_id JOIN {places} p ON p.id = u.home_place_id "
            "WHERE u.open_to_meet AND u.is_active AND NOT u.is_suspended "
            "AND u.home_cell IS NOT NULL"
        )
        return cursor.rowcount
