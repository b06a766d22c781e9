"""P1: one selector decides who sees the exact address, and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Block
from travel.hosting import services
from travel.hosting.models import StayRequest
from travel.hosting.selectors import exact_location_for

from .conftest import ADDRESS_MARKER


def test_the_host_always_sees_it(owner, offer, today):
    exact = exact_location_for(viewer=owner, offer=offer, today=today)
    assert exact is not None and exact.address == ADDRESS_MARKER


def test_nobody_else_sees_it_without_an_accepted_stay(member, offer, stay, today):
    assert exact_location_for(viewer=member, offer=offer, today=today + timedelta(days=10)) is None
    assert exact_location_for(viewer=AnonymousUser(), offer=offer, today=today) is None


@pytest.mark.parametrize(
    "day, shown",
    [
        (-8, False),  # 8 days before arrival
        (-7, True),  # 7 days before arrival
        (0, True),  # arrival day
        (2, True),  # the morning of departure (a 2-night stay)
        (3, False),  # the day after
    ],
)
def test_the_accepted_traveller_sees_it_from_7_days_before_until_departure(
    owner, member, stay, day, shown
):
    services.stay_request_accept(stay_request=stay, by=owner)
    when = stay.arrive + timedelta(days=day)
    assert (exact_location_for(viewer=member, offer=stay.offer, today=when) is not None) == shown


@pytest.mark.parametrize("status", ["pending", "declined", "cancelled", "expired"])
def test_a_request_that_is_not_accepted_shows_nothing(member, stay, status):
    StayRequest.objects.filter(pk=stay.pk).update(status=status)
    assert exact_location_for(viewer=member, offer=stay.offer, today=stay.arrive) is None


def test_a_block_after_acceptance_hides_it(owner, member, stay):
    services.stay_request_accept(stay_request=stay, by=owner)
    Block.objects.create(blocker=member, blocked=owner)
    assert exact_location_for(viewer=member, offer=stay.offer, today=stay.arrive) is None


def test_an_accepted_stay_at_another_offer_shows_nothing(owner, member, stay, today):
    from .conftest import make_offer

    other = make_offer(owner, title="Second place")
    services.stay_request_accept(stay_request=stay, by=owner)
    assert exact_location_for(viewer=member, offer=other, today=stay.arrive) is None
