"""Capped index branches: how every candidate search reads a bounded number of rows.

A search is a base SELECT (a queryset compiled once: the table, the columns it returns,
the visibility filter) and, for each stop, a few branches: one index range each (a
topic, some grid cells, a date window) and a cap. A busy city then costs what a quiet
one does. All branches of a search run as one statement.

A branch's `where` is a template: `{name}` stands for one of its `values`, an integer,
a date or a string, or a list of integers meaning "among these". Only column names,
and values whose Python type is an integer, a date or a time, ever reach the SQL text;
strings travel as parameters.

- Everywhere (SQLite): one subquery per branch, glued with UNION ALL; a list becomes
  `IN (1, 2, 3)`.
- PostgreSQL: branches of the same template and cap become rows of a VALUES list joined
  LATERAL to one subquery, so the planner plans each template once instead of once per
  branch (planning dozens of branches was the largest cost of a search at a million
  stops: 8 ms of 10 for a trip's travellers); a list becomes `= ANY(b.name)`. The
  VALUES hold integers, lists and dates written out, strings as parameters.
Both give the same rows; the test suite runs on both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection

Base = tuple[str, list[Any]]


@dataclass(frozen=True)
class Branch:
    stop: int  # the stop's position in the trip, returned as the first column
    where: str
    values: tuple[tuple[str, Any], ...]
    cap: int


def branch(stop: int, where: str, cap: int, **values: Any) -> Branch:
    return Branch(stop, where, tuple(values.items()), cap)


def compiled_base(qs: Any) -> Base:
    """A queryset's SELECT, compiled once, for branches that append their range to
    its WHERE."""
    sql, params = qs.order_by().query.sql_with_params()  # a model's default order goes
    # Appending " AND ..." must extend the WHERE, nothing after it.
    assert " WHERE " in sql and " LIMIT " not in sql and " ORDER BY " not in sql, sql
    return sql, list(params)


def ints(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in values)


def run(base: Base, branches: Sequence[Branch]) -> list[tuple]:
    """Rows of every branch, each starting with the branch's stop number, in one
    statement. Within a branch, rows come in index order; across branches, in no
    promised order."""
    if not branches:
        return []
    if connection.vendor == "postgresql":
        sql, params = _lateral(base, branches)
    else:
        sql, params = _union(base, branches)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _union(base: Base, branches: Sequence[Branch]) -> tuple[str, list[Any]]:
    base_sql, base_params = base
    parts: list[str] = []
    params: list[Any] = []
    for b in branches:
        rendered: dict[str, str] = {}
        own: list[Any] = []
        # Values in the order they appear in the template, as %s or inline integers.
        for name, value in sorted(b.values, key=lambda nv: b.where.index("{" + nv[0] + "}")):
            if isinstance(value, list | tuple | set | frozenset):
                rendered[name] = f"IN ({ints(sorted(value)) or 'NULL'})"
            else:
                rendered[name] = "%s"
                own.append(value)
        where = b.where.format(**rendered)
        parts.append(
            f"SELECT {int(b.stop)} AS s, c.* FROM ({base_sql} AND {where} "  # noqa: S608
            f"LIMIT {int(b.cap)}) AS c"
        )
        params += [*base_params, *own]
    return " UNION ALL ".join(parts), params


def _pg_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, datetime):
        return "timestamptz"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple | set | frozenset):
        return "bigint[]"
    raise TypeError(f"no SQL type for {value!r}")


def _pg_literal(value: Any, params: list[Any]) -> str:
    """A VALUES cell: integers, integer lists, dates and times written from their typed
    Python values (never from text), strings as parameters. Hundreds of parameters per
    statement cost the driver more than the database: ~3 ms of a 14 ms search."""
    kind = _pg_type(value)
    if kind == "boolean":
        return "TRUE" if value else "FALSE"
    if kind == "bigint":
        return f"{int(value)}::bigint"
    if kind == "bigint[]":
        return f"ARRAY[{ints(sorted(value))}]::bigint[]" if value else "'{}'::bigint[]"
    if kind in ("date", "timestamptz"):
        return f"'{value.isoformat()}'::{kind}"
    params.append(value)
    return "%s::text"


def _lateral(base: Base, branches: Sequence[Branch]) -> tuple[str, list[Any]]:
    base_sql, base_params = base
    groups: dict[tuple[str, int, tuple[str, ...]], list[Branch]] = {}
    for b in branches:
        groups.setdefault((b.where, b.cap, tuple(n for n, _ in b.values)), []).append(b)
    parts: list[str] = []
    params: list[Any] = []
    for (where, cap, names), members in groups.items():
        types = [_pg_type(v) for _, v in members[0].values]
        rows = [
            "("
            + ", ".join([f"{int(b.stop)}", *(_pg_literal(v, params) for _, v in b.values)])
            + ")"
            for b in members
        ]
        rendered = {
            name: (f"= ANY(b.{name})" if t == "bigint[]" else f"b.{name}")
            for name, t in zip(names, types, strict=True)
        }
        columns = ", ".join(["s", *names])
        parts.append(
            f"SELECT b.s, c.* FROM (VALUES {', '.join(rows)}) AS b({columns}) "  # noqa: S608
            f"CROSS JOIN LATERAL ({base_sql} AND {where.format(**rendered)} "
            f"LIMIT {int(cap)}) AS c"
        )
        params += base_params
    return " UNION ALL ".join(parts), params
