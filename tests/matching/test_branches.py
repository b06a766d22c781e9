"""The capped branches every search is made of give the same rows on SQLite (UNION ALL
of subqueries) and PostgreSQL (VALUES joined LATERAL): the suite runs on both."""

from django.db import connection

from tests.conftest import make_member
from tests.matching.factories import day, trip
from travel.matching import branches
from travel.matching.models import StopTopic


def base():
    table = connection.ops.quote_name(StopTopic._meta.db_table)
    return f"SELECT {table}.stop_id FROM {table} WHERE topic_id IS NULL", []  # noqa: S608


def test_each_branch_keeps_its_own_cap_stop_number_and_values(places, db):
    oslo, lund = places("Oslo"), places("Lund")
    for _ in range(4):
        trip(make_member(), [(oslo, 0, 3)])
    in_lund = [trip(make_member(), [(lund, 5, 6)]).stops.get().pk for _ in range(2)]
    where = "cell {cells} AND arrive >= {lo}"
    rows = branches.run(
        base(),
        [
            branches.branch(0, where, 3, cells=[oslo.cell], lo=day(0)),
            branches.branch(1, where, 3, cells=[lund.cell, 12345], lo=day(0)),
            # Same template, nothing in range: no rows, no error.
            branches.branch(2, where, 3, cells=[lund.cell], lo=day(30)),
            # Another template and cap in the same statement.
            branches.branch(3, "country_code = {cc}", 1, cc="SE"),
        ],
    )
    by_stop: dict[int, list[int]] = {}
    for stop, pk in rows:
        by_stop.setdefault(stop, []).append(pk)
    assert len(by_stop[0]) == 3
    assert sorted(by_stop[1]) == sorted(in_lund)
    assert 2 not in by_stop
    assert len(by_stop[3]) == 1 and by_stop[3][0] in in_lund


def test_no_branches_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert branches.run(base(), []) == []
