"""/api/offers/{id}/requests and /api/stay-requests."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.conftest import client_for, make_member
from travel.hosting.models import StayRequest

from .conftest import ADDRESS_MARKER, ask


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def payload(today, start=4, nights=2, **extra):
    arrive = today + timedelta(days=start)
    return {
        "arrive": arrive.isoformat(),
        "depart": (arrive + timedelta(days=nights)).isoformat(),
        "guests": 1,
        "message": "Hello!",
        **extra,
    }


def test_a_member_requests_a_stay(member_client, offer, today):
    response = post(member_client, f"/api/offers/{offer.public_id}/requests", payload(today))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["nights"] == 2
    assert body["exact"] is None


@pytest.mark.parametrize(
    "change, status, field",
    [
        ({"guests": 3}, 400, "guests"),
        ({"start": 80}, 400, "arrive"),
        ({"nights": 0}, 400, "depart"),
        ({"message": ""}, 422, "message"),
        ({"stop_id": "00000000-0000-0000-0000-000000000000"}, 400, "stop_id"),
    ],
)
def test_bad_requests_are_4xx_with_the_field_and_save_nothing(
    member_client, offer, today, change, status, field
):
    start, nights = change.pop("start", 4), change.pop("nights", 2)
    data = payload(today, start=start, nights=nights, **change)
    response = post(member_client, f"/api/offers/{offer.public_id}/requests", data)
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert not StayRequest.objects.exists()


def test_a_request_to_ones_own_offer_is_400(owner_client, offer, today):
    response = post(owner_client, f"/api/offers/{offer.public_id}/requests", payload(today))
    assert response.status_code == 400 and response.json()["field"] == "offer"


def test_a_blocked_member_gets_404_as_for_nothing(blocked_client, offer, today):
    response = post(blocked_client, f"/api/offers/{offer.public_id}/requests", payload(today))
    assert response.status_code == 404
    assert not StayRequest.objects.exists()


def test_lists_for_each_role_in_constant_queries(
    owner, owner_client, member, offer, django_assert_max_num_queries
):
    for _ in range(5):
        ask(make_member(), offer)
    ask(member, offer, start=30)
    # user by session (2), requests joined with offer, host, place, traveller
    with django_assert_max_num_queries(3):
        received = owner_client.get("/api/stay-requests?role=host").json()
    assert len(received) == 6
    sent = client_for(member).get("/api/stay-requests").json()
    assert len(sent) == 1
    assert owner_client.get("/api/stay-requests?role=host&status=accepted").json() == []
    assert owner_client.get("/api/stay-requests?status=nonsense").status_code == 422


def test_accept_decline_cancel(owner_client, member_client, member, offer):
    a, b = ask(member, offer, start=3), ask(member, offer, start=20)
    accepted = post(owner_client, f"/api/stay-requests/{a.public_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert member_client.get(f"/api/stay-requests/{a.public_id}").json()["exact"]["address"] == (
        ADDRESS_MARKER
    )
    assert post(owner_client, f"/api/stay-requests/{b.public_id}/decline").json()["status"] == (
        "declined"
    )
    cancelled = post(member_client, f"/api/stay-requests/{a.public_id}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    assert member_client.get(f"/api/stay-requests/{a.public_id}").json()["exact"] is None


def test_invalid_transitions_are_400_and_change_nothing(owner_client, member_client, stay):
    assert post(member_client, f"/api/stay-requests/{stay.public_id}/accept").status_code == 404
    post(owner_client, f"/api/stay-requests/{stay.public_id}/accept")
    second = post(owner_client, f"/api/stay-requests/{stay.public_id}/accept")
    assert second.status_code == 400 and second.json()["field"] == "status"
    post(member_client, f"/api/stay-requests/{stay.public_id}/cancel")
    after_cancel = post(owner_client, f"/api/stay-requests/{stay.public_id}/accept")
    assert after_cancel.status_code == 400
    assert StayRequest.objects.get(pk=stay.pk).status == "cancelled"
    assert post(owner_client, f"/api/stay-requests/{stay.public_id}/frob").status_code == 422


@pytest.mark.parametrize("who", ["outsider", "blocked"])
def test_others_see_nothing(stay, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/api/stay-requests/{stay.public_id}").status_code == 404
    assert post(client, f"/api/stay-requests/{stay.public_id}/cancel").status_code == 404
    assert StayRequest.objects.get(pk=stay.pk).status == "pending"


def test_a_nul_character_in_the_message_is_a_400(member_client, offer, today):
    response = post(
        member_client, f"/api/offers/{offer.public_id}/requests", payload(today, message="Hi\x00")
    )
    assert response.status_code == 400 and response.json()["field"] == "message"
    assert not StayRequest.objects.exists()
