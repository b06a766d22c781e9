"""Two hosts' clicks (or two browser tabs) accepting two requests for the last place at
the same moment: the row lock on the offer lets exactly one win. PostgreSQL only
(SQLite serialises every write anyway)."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.conftest import make_member
from travel.hosting import selectors, services
from travel.hosting.models import StayRequest

from .conftest import ask, make_offer

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


def test_two_accepts_racing_for_the_last_place_give_exactly_one_acceptance(
    transactional_db, owner, monkeypatch
):
    offer = make_offer(owner, capacity=1)
    first = ask(make_member(), offer, start=5, nights=2)
    second = ask(make_member(), offer, start=6, nights=2)  # shares night 6

    # Widen the window between reading the bookings and writing the acceptance, so
    # without the lock both transactions would read "nobody booked" and both accept.
    real = selectors.guests_per_night

    def slow(**kwargs):
        found = real(**kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(selectors, "guests_per_night", slow)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def accept(name, stay):
        try:
            barrier.wait()
            services.stay_request_accept(stay_request=stay, by=owner)
            outcomes[name] = "accepted"
        except ValidationError:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=("first", first)),
        threading.Thread(target=accept, args=("second", second)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["accepted", "refused"]
    statuses = sorted(StayRequest.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "pending"]
