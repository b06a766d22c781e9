"""Bounded numbers and strict types for API inputs (issue 14).

Every integer or float an API caller sends has a range, declared in the schema (so the
OpenAPI document says it and the API answers 422 naming the field), never reaching the
database as a value it cannot hold (2^63 overflowed SQLite; a page of 1.8e17 overflowed
PostgreSQL's OFFSET). In JSON bodies a boolean is not a number and a number is not a
boolean or a date; dates are ISO 8601 text ("2026-04-06"), not Unix timestamps.

Query parameters arrive as text, so their types are lax about "5" but keep the ranges.
This module imports only Django, pydantic and ninja: every app may use it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator, Field

# Ids are PostgreSQL integers or bigints; no honest id is above this.
MAX_ID = 2**31 - 1
MAX_KM = 20_000  # half the Earth's circumference: no radius or distance is longer
MAX_COUNT = 10_000
MAX_PAGE = 100_000


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


def _iso(kind: type[date]) -> Any:
    pattern = _ISO_DAY if kind is date else _ISO_MOMENT

    def check(value: Any) -> Any:
        if isinstance(value, kind) or (isinstance(value, str) and pattern.fullmatch(value)):
            return value
        if kind is date:
            raise ValueError("give an ISO 8601 date, e.g. 2026-04-06")
        raise ValueError("give an ISO 8601 date and time, e.g. 2026-04-06T19:00")

    return check


def _json_integer(value: Any) -> Any:
    """JSON's integers: 3 and 3.0 (JSON Schema counts both), never true, "3" or 3.5."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("give a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("give a whole number")
        return int(value)
    return value


json_integer = BeforeValidator(_json_integer)

# JSON body fields (the range first, so the OpenAPI document states it).
Id = Annotated[int, Field(ge=1, le=MAX_ID), json_integer]
Km = Annotated[int, Field(ge=1, le=MAX_KM), json_integer]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), json_integer]
Flag = Annotated[bool, Field(strict=True)]
Latitude = Annotated[float, Field(ge=-90, le=90, strict=True)]
Longitude = Annotated[float, Field(ge=-180, le=180, strict=True)]
Day = Annotated[date, BeforeValidator(_iso(date))]
Moment = Annotated[datetime, BeforeValidator(_iso(datetime))]

# Query parameters (text on the wire).
QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
QueryKm = Annotated[int, Field(ge=1, le=MAX_KM)]
QueryCount = Annotated[int, Field(ge=1, le=MAX_COUNT)]


class Pages(PageNumberPagination):
    """Page-number pagination whose page has a ceiling (OFFSET must fit the database)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_COUNT)
