"""Offer to host: a host who sees a traveller's trip invites them to stay for nights of a
stop; the traveller accepts or declines, with the same capacity check as a request."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Block
from tests.conftest import client_for, make_member
from travel.hosting import services
from travel.hosting.models import StayRequest

from .conftest import make_offer


def invite(client, trip, stop, offer, **overrides):
    body = {
        "stop": str(stop.public_id),
        "offer": str(offer.public_id),
        "arrive": stop.arrive.isoformat(),
        "depart": stop.depart.isoformat(),
        "message": "I have a sofa for you",
        **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in overrides.items()},
    }
    return client.post(
        f"/api/trips/{trip.public_id}/host-invitations",
        json.dumps(body),
        content_type="application/json",
    )


def test_a_host_invites_from_the_trip_page_and_the_traveller_accepts(owner, member, trip, offer):
    oslo = trip.stops.first()
    host = client_for(owner)
    page = host.get(trip.get_absolute_url()).content.decode()
    invite_url = reverse("hosting:trip_invite", args=[trip.public_id])
    assert f"{invite_url}?stop={oslo.public_id}" in page
    assert reverse("accounts:member", args=[member.public_id]) in page  # the owner's name links
    form_page = host.get(f"{invite_url}?stop={oslo.public_id}")
    assert form_page.context["form"].initial["arrive"] == oslo.arrive
    response = host.post(
        invite_url,
        {
            "offer": offer.pk,
            "stop": oslo.public_id,
            "arrive": oslo.arrive.isoformat(),
            "depart": oslo.depart.isoformat(),
            "guests": 1,
            "message": "Welcome!",
        },
    )
    assert response.status_code == 302
    stay = StayRequest.objects.get()
    assert (stay.direction, stay.status, stay.traveller, stay.stop) == (
        "invite",
        "invited",
        member,
        oslo,
    )
    traveller = client_for(member)
    plan = traveller.get(f"/api/trips/{trip.public_id}").json()["stops"][0]["plan"]
    assert plan["stay"]["status"] == "invited" and plan["missing"] == ["answer"]
    # The host cannot answer their own invitation; the traveller can.
    assert host.post(f"/api/stay-requests/{stay.public_id}/accept").status_code == 404
    accepted = traveller.post(f"/api/stay-requests/{stay.public_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    plan = traveller.get(f"/api/trips/{trip.public_id}").json()["stops"][0]["plan"]
    assert plan["stay"]["status"] == "accepted" and plan["stay"]["host"]["name"] == "Olive Owner"


def test_the_traveller_can_decline(owner, member, trip, offer):
    response = invite(client_for(owner), trip, trip.stops.first(), offer)
    assert response.status_code == 201 and response.json()["status"] == "invited"
    declined = client_for(member).post(f"/api/stay-requests/{response.json()['id']}/decline")
    assert declined.json()["status"] == "declined"


def test_nights_outside_the_stop_or_the_offers_windows_are_refused(owner, trip, today):
    oslo = trip.stops.first()
    offer = make_offer(owner, today=today, days=0)
    services.availability_add(offer=offer, start=oslo.arrive, end=oslo.arrive + timedelta(days=1))
    host = client_for(owner)
    outside_stop = invite(host, trip, oslo, offer, depart=oslo.depart + timedelta(days=2))
    assert outside_stop.status_code == 400 and outside_stop.json()["field"] == "arrive"
    assert "within the stop" in outside_stop.json()["message"]
    outside_windows = invite(host, trip, oslo, offer)
    assert (
        outside_windows.status_code == 400
        and "available dates" in outside_windows.json()["message"]
    )
    assert not StayRequest.objects.exists()


def test_someone_the_traveller_blocked_gets_the_404_of_a_missing_trip(owner, member, trip, offer):
    Block.objects.create(blocker=member, blocked=owner)
    assert invite(client_for(owner), trip, trip.stops.first(), offer).status_code == 404
    missing = client_for(owner).post(
        "/api/trips/00000000-0000-0000-0000-000000000000/host-invitations",
        json.dumps({}),
        content_type="application/json",
    )
    assert missing.status_code in (404, 422)
    assert not StayRequest.objects.exists()


def test_a_second_invitation_for_the_same_nights_is_refused(owner, trip, offer):
    host = client_for(owner)
    assert invite(host, trip, trip.stops.first(), offer).status_code == 201
    second = invite(host, trip, trip.stops.first(), offer)
    assert second.status_code == 400 and "already" in second.json()["message"]
    assert StayRequest.objects.count() == 1


def test_accepting_an_invitation_whose_nights_are_full_is_refused(owner, member, trip, today):
    offer = make_offer(owner, today=today, capacity=1)
    oslo = trip.stops.first()
    response = invite(client_for(owner), trip, oslo, offer)
    other = make_member()
    request = services.stay_request_create(
        traveller=other,
        offer=offer,
        arrive=oslo.arrive,
        depart=oslo.arrive + timedelta(days=1),
        guests=1,
        message="Hi",
    )
    services.stay_request_accept(stay_request=request, by=owner)
    refused = client_for(member).post(f"/api/stay-requests/{response.json()['id']}/accept")
    assert refused.status_code == 400 and refused.json()["field"] == "guests"
    assert StayRequest.objects.get(public_id=response.json()["id"]).status == "invited"


def test_others_on_the_trip_page_see_write_block_and_report_but_not_the_owner(owner, member, trip):
    page = client_for(owner).get(trip.get_absolute_url()).content.decode()
    assert reverse("messaging:compose", args=[member.public_id]) in page
    assert reverse("accounts:member_block", args=[member.public_id]) in page
    assert reverse("messaging:report", args=["trip", trip.public_id]) in page
    mine = client_for(member).get(trip.get_absolute_url()).content.decode()
    assert reverse("accounts:member_block", args=[member.public_id]) not in mine


@pytest.mark.parametrize("who", ["outsider", "blocked"])
def test_the_invite_page_is_404_for_hidden_trips(who, request, places, today):
    from .conftest import make_trip

    owner = request.getfixturevalue("owner")
    hidden = make_trip(owner, places, start=today + timedelta(days=10))
    hidden.visibility = "only_me"
    hidden.save(update_fields=["visibility"])
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("hosting:trip_invite", args=[hidden.public_id])).status_code == 404
