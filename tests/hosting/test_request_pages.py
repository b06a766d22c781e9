"""Request inboxes and the request page: accept, decline, cancel by button."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Block, ContactChannel
from tests.conftest import client_for, make_member
from travel.hosting import services
from travel.hosting.models import StayRequest

from .conftest import ADDRESS_MARKER, ask


def action(stay, name):
    return reverse("hosting:request_action", args=[stay.public_id, name])


def test_the_host_sees_the_request_and_the_buttons(owner_client, stay, member):
    body = owner_client.get(
        reverse("hosting:request_detail", args=[stay.public_id])
    ).content.decode()
    assert member.name in body and "Hello, may I stay?" in body
    assert action(stay, "accept") in body and action(stay, "decline") in body
    assert 'id="request-conversation"' in body


def test_the_traveller_sees_a_withdraw_button_but_no_accept(member_client, stay):
    body = member_client.get(
        reverse("hosting:request_detail", args=[stay.public_id])
    ).content.decode()
    assert action(stay, "cancel") in body and action(stay, "accept") not in body


@pytest.mark.parametrize("who", ["outsider", "blocked"])
def test_others_get_a_404(stay, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("hosting:request_detail", args=[stay.public_id])).status_code == 404
    assert client.post(action(stay, "accept")).status_code == 404
    assert StayRequest.objects.get(pk=stay.pk).status == "pending"


def test_a_block_after_the_request_hides_it_from_both(owner, member, stay):
    Block.objects.create(blocker=member, blocked=owner)
    for user in (owner, member):
        response = client_for(user).get(reverse("hosting:request_detail", args=[stay.public_id]))
        assert response.status_code == 404


def test_the_traveller_cannot_accept_their_own_request(member_client, stay):
    assert member_client.post(action(stay, "accept")).status_code == 404
    assert StayRequest.objects.get(pk=stay.pk).status == "pending"


def test_accepting_by_button_reveals_contacts_and_the_address_in_the_window(
    owner_client, owner, member, today
):
    from .conftest import make_offer

    offer = make_offer(owner)
    ContactChannel.objects.create(user=owner, kind="matrix", value="@host:example.org")
    stay = ask(member, offer, start=3)
    response = owner_client.post(action(stay, "accept"))
    assert response.status_code == 302
    body = (
        client_for(member)
        .get(reverse("hosting:request_detail", args=[stay.public_id]))
        .content.decode()
    )
    assert "@host:example.org" in body
    assert ADDRESS_MARKER in body


def test_an_accepted_stay_far_ahead_says_when_the_address_comes(owner_client, member, stay):
    owner_client.post(action(stay, "accept"))
    body = (
        client_for(member)
        .get(reverse("hosting:request_detail", args=[stay.public_id]))
        .content.decode()
    )
    assert ADDRESS_MARKER not in body
    assert "from 7 days before you arrive" in body


def test_decline_and_cancel_by_button(owner_client, member_client, member, offer):
    first = ask(member, offer, start=5)
    second = ask(member, offer, start=20)
    assert owner_client.post(action(first, "decline")).status_code == 302
    assert member_client.post(action(second, "cancel")).status_code == 302
    assert dict(StayRequest.objects.values_list("pk", "status")) == {
        first.pk: "declined",
        second.pk: "cancelled",
    }


def test_an_invalid_transition_is_a_400_with_a_message_and_nothing_changes(
    owner_client, member_client, stay
):
    member_client.post(action(stay, "cancel"))
    response = owner_client.post(action(stay, "accept"))
    assert response.status_code == 400
    assert "can no longer be accepted" in response.content.decode()
    assert StayRequest.objects.get(pk=stay.pk).status == "cancelled"
    assert owner_client.post(action(stay, "frobnicate")).status_code == 404
    assert owner_client.get(action(stay, "accept")).status_code == 405


def test_inboxes_list_each_side_in_constant_queries(
    owner, owner_client, member, offer, django_assert_max_num_queries
):
    for _ in range(4):
        ask(make_member(), offer, start=5)
    ask(member, offer, start=20)
    member_client = client_for(member)
    # session, user, requests joined with offer, host, place and traveller
    with django_assert_max_num_queries(4):
        body = owner_client.get(reverse("hosting:inbox_host")).content.decode()
    assert body.count('class="status-pending"') == 5
    with django_assert_max_num_queries(4):
        body = member_client.get(reverse("hosting:inbox_sent")).content.decode()
    assert body.count('class="status-pending"') == 1
    assert (
        client_for(member)
        .get(reverse("hosting:inbox_host"))
        .content.decode()
        .count('class="status-pending"')
        == 0
    )


def test_the_dashboard_panel_shows_waiting_requests_and_upcoming_stays(
    owner_client, owner, member, offer, stay
):
    body = owner_client.get(reverse("dashboard")).content.decode()
    assert "1 stay request waits for your answer" in body
    services.stay_request_accept(stay_request=stay, by=owner)
    body = client_for(member).get(reverse("dashboard")).content.decode()
    assert "Upcoming stays" in body and offer.place.name in body
