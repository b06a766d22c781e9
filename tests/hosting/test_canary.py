"""P1 canary: the exact address and point of an offer, set to unique markers, appear
only for the host and for a traveller with an accepted stay inside its window. Every
page and endpoint that shows offers is swept as each kind of viewer, and so are the
emails sent, the log records and the arguments of every queued task."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from celery.app.task import Task
from django.core import mail
from django.urls import reverse

from accounts.models import Block
from tests.conftest import client_for, make_member
from tests.hosting.conftest import (
    ADDRESS_MARKER,
    EXACT_LAT,
    EXACT_LON,
    LAT_MARKER,
    LAT_MARKER_5,
    LON_MARKER,
    LON_MARKER_5,
    ask,
    make_offer,
)
from travel.hosting import services
from travel.hosting.models import StayNotification, StayRequest
from travel.places.geo import distance_km

MARKERS = [ADDRESS_MARKER, LAT_MARKER, LON_MARKER, f"{LAT_MARKER_5}, {LON_MARKER_5}"]


def leaks(text: str) -> list[str]:
    return [m for m in MARKERS if m in text]


@pytest.fixture
def recorded_task_args(monkeypatch):
    """Every task queued during the test, with its arguments."""
    calls: list[tuple[str, tuple, dict]] = []
    original = Task.apply_async

    def record(self, args=None, kwargs=None, **options):
        calls.append((self.name, tuple(args or ()), dict(kwargs or {})))
        return original(self, args, kwargs, **options)

    monkeypatch.setattr(Task, "apply_async", record)
    return calls


@pytest.fixture
def cast(owner, member, today, places, django_capture_on_commit_callbacks):
    """The host's offer and one viewer of each kind, with stays in and out of the window."""
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer(owner, today=today, capacity=4)
        inside = make_member(display_name="Ines Inside")
        outside = make_member(display_name="Otis Outside")
        past = make_member(display_name="Pia Past")
        blocked_one = make_member(display_name="Bo Blocked")
        stays = {
            "inside": ask(inside, offer, start=3, nights=2, today=today),
            "outside": ask(outside, offer, start=20, nights=2, today=today),
            "past": ask(past, offer, start=1, nights=1, today=today),
            "member": ask(member, offer, start=12, nights=1, today=today),
            "blocked": ask(blocked_one, offer, start=14, nights=1, today=today),
        }
        for key in ("inside", "outside", "past", "blocked"):
            services.stay_request_accept(stay_request=stays[key], by=owner, today=today)
        services.stay_request_decline(stay_request=stays["member"], by=owner)
    # The past stay ended yesterday.
    StayRequest.objects.filter(pk=stays["past"].pk).update(
        arrive=today - timedelta(days=3), depart=today - timedelta(days=1)
    )
    # A block after an accepted stay hides the address too (P5 over P1).
    Block.objects.create(blocker=owner, blocked=blocked_one)
    viewers = {
        "host": owner,
        "inside": inside,
        "outside": outside,
        "past": past,
        "member": member,
        "blocked": blocked_one,
        "anonymous": None,
    }
    return offer, stays, viewers


def urls_for(offer, stays, oslo_id):
    pid = offer.public_id
    urls = [
        reverse("hosting:mine"),
        reverse("hosting:map") + f"?place={oslo_id}",
        reverse("hosting:offer_detail", args=[pid]),
        reverse("hosting:offer_edit", args=[pid]),
        reverse("hosting:availability", args=[pid]),
        reverse("hosting:inbox_host"),
        reverse("hosting:inbox_sent"),
        reverse("dashboard"),
        "/api/offers?bbox=10.5,59.8,11.0,60.0",
        "/api/offers?mine=true",
        f"/api/offers/{pid}",
        f"/api/offers/{pid}/availability",
        "/api/stay-requests?role=host",
        "/api/stay-requests?role=traveller",
    ]
    for stay in stays.values():
        urls.append(reverse("hosting:request_detail", args=[stay.public_id]))
        urls.append(f"/api/stay-requests/{stay.public_id}")
    return urls


def allowed(viewer_key: str, url: str, offer, stays) -> bool:
    if viewer_key == "host":
        return True
    if viewer_key == "inside":
        own = stays["inside"].public_id
        return url in (
            reverse("hosting:offer_detail", args=[offer.public_id]),
            f"/api/offers/{offer.public_id}",
            reverse("hosting:request_detail", args=[own]),
            f"/api/stay-requests/{own}",
        )
    return False


def test_it_shows_the_exact_location_only_to_the_host_and_the_accepted_traveller_in_window(
    cast, places, caplog, recorded_task_args, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    offer, stays, viewers = cast
    seen_by: dict[str, set[str]] = {key: set() for key in viewers}
    for key, user in viewers.items():
        client = client_for(user)
        for url in urls_for(offer, stays, places("Oslo").pk):
            response = client.get(url)
            assert response.status_code < 500, url
            body = response.content.decode()
            found = leaks(body)
            if found:
                seen_by[key].add(url)
                assert allowed(key, url, offer, stays), f"{key} sees {found} at {url}"
    # The canary is alive: where it must show, it shows.
    assert reverse("hosting:offer_edit", args=[offer.public_id]) in seen_by["host"]
    assert f"/api/offers/{offer.public_id}" in seen_by["inside"]
    assert reverse("hosting:request_detail", args=[stays["inside"].public_id]) in seen_by["inside"]
    for key in ("outside", "past", "member", "blocked", "anonymous"):
        assert not seen_by[key], key

    # More transitions, so every kind of email has been sent at least once.
    with django_capture_on_commit_callbacks(execute=True):
        services.stay_request_cancel(stay_request=stays["outside"], by=viewers["outside"])
        services.stay_request_cancel(stay_request=stays["inside"], by=viewers["host"])
        late = ask(viewers["member"], offer, start=30, nights=1)
        StayRequest.objects.filter(pk=late.pk).update(created=late.created - timedelta(days=8))
        services.stay_requests_expire()
    kinds = set(StayNotification.objects.values_list("kind", flat=True))
    assert kinds == {"new", "accepted", "declined", "cancelled", "expired"}
    assert len(mail.outbox) >= 10
    for message in mail.outbox:
        text = (
            message.subject
            + message.body
            + "".join(str(alt[0]) for alt in getattr(message, "alternatives", []))
        )
        assert not leaks(text), message.subject
        assert "/hosting/requests/" in message.body  # a link to the site instead
    for record in caplog.records:
        assert not leaks(record.getMessage()), record.getMessage()
    assert recorded_task_args, "no task was queued: the sweep of task arguments saw nothing"
    for name, args, kwargs in recorded_task_args:
        assert not leaks(repr(args) + repr(kwargs)), name
        if name.startswith("travel.hosting."):
            assert all(isinstance(a, int) for a in args), f"{name} takes ids only: {args}"
        # Other apps' tasks (the matcher) may carry a point: never one near the exact one.
        floats = [a for a in args if isinstance(a, float)]
        for lat, lon in zip(floats[::2], floats[1::2], strict=False):
            assert distance_km((EXACT_LAT, EXACT_LON), (lat, lon)) >= 0.3, name


def test_the_offer_string_and_repr_never_hold_the_address(offer):
    assert not leaks(str(offer) + repr(offer))
