"""Two hosts' invitations for the last bed accepted at the same moment (two tabs of the
traveller): the row lock on the offer lets exactly one win, as for requests. PostgreSQL
only (SQLite serialises every write anyway)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.conftest import make_member
from travel.hosting import selectors, services
from travel.hosting.models import StayRequest

from .conftest import make_offer, make_trip

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


def test_two_invitations_racing_for_the_last_bed_give_exactly_one_acceptance(
    transactional_db, owner, places, today, monkeypatch
):
    offer = make_offer(owner, today=today, capacity=1)
    first_traveller, second_traveller = make_member(), make_member()
    first_trip = make_trip(
        first_traveller, places, start=today + timedelta(days=5), cities=("Oslo",)
    )
    second_trip = make_trip(
        second_traveller, places, start=today + timedelta(days=6), cities=("Oslo",)
    )
    invitations = []
    for trip in (first_trip, second_trip):
        stop = trip.stops.get()
        invitations.append(
            services.stay_invitation_create(
                host=owner,
                offer=offer,
                stop=stop,
                arrive=stop.arrive,
                depart=stop.depart,
                message="Come",
            )
        )
    real = selectors.guests_per_night

    def slow(**kwargs):
        found = real(**kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(selectors, "guests_per_night", slow)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def accept(name, stay, by):
        try:
            barrier.wait()
            services.stay_request_accept(stay_request=stay, by=by)
            outcomes[name] = "accepted"
        except ValidationError:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=("first", invitations[0], first_traveller)),
        threading.Thread(target=accept, args=("second", invitations[1], second_traveller)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["accepted", "refused"]
    assert sorted(StayRequest.objects.values_list("status", flat=True)) == ["accepted", "invited"]
