from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Visibility
from travel.meetups.models import Meetup
from travel.meetups.services import meetup_create


@pytest.fixture
def make_meetup(places):
    def make(organizer, city: str = "Oslo", **fields) -> Meetup:
        fields.setdefault("title", "Union evening")
        fields.setdefault("starts", timezone.now() + timedelta(days=3))
        fields.setdefault("venue", "Union hall, 3rd floor")
        fields.setdefault("visibility", Visibility.MEMBERS)
        return meetup_create(organizer=organizer, place=places(city), **fields)

    return make


@pytest.fixture
def meetup(owner, make_meetup) -> Meetup:
    return make_meetup(owner)
