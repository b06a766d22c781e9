"""The inbox and requests pages: owner, member, blocked and anonymous."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import make_member
from tests.messaging.conftest import connect, send


def test_it_lists_conversations_with_unread_counts(owner, owner_client, member, thread):
    send(member, owner, "Are you still up for Friday?")
    response = owner_client.get(reverse("messaging:inbox"))
    assert response.status_code == 200
    assert "Mel Member" in response.content.decode()
    # The reply in `thread` and this one.
    assert "2 unread" in response.content.decode()
    assert response["Cache-Control"].startswith("no-store")


def test_it_asks_anonymous_visitors_to_sign_in(client):
    for name in ("messaging:inbox", "messaging:requests"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_it_shows_requests_separately_with_accept_and_decline(owner, owner_client, member):
    send(member, owner, "Hi! Could I ask you about your co-op?")
    inbox = owner_client.get(reverse("messaging:inbox")).content.decode()
    assert "Mel Member" not in inbox
    assert "1<span" in inbox  # the requests badge
    page = owner_client.get(reverse("messaging:requests")).content.decode()
    assert "Mel Member" in page and "Accept" in page and "Decline" in page


def test_it_leaves_out_blocked_members(owner, blocked, blocked_client, member):
    connect(blocked, member)
    send(blocked, member, "Hi from the blocked one")
    page = blocked_client.get(reverse("messaging:inbox")).content.decode()
    assert "Olive Owner" not in page


def test_the_inbox_costs_a_constant_number_of_queries(
    owner, owner_client, django_assert_max_num_queries
):
    for _ in range(12):
        other = make_member()
        connect(owner, other)
        send(other, owner, "Hello there, a message for the query count test")
    # session, user, conversations (+starter, recipient), requests count,
    # savepoints / session touch by allauth usersessions: a constant, whatever the rows.
    with django_assert_max_num_queries(8):
        response = owner_client.get(reverse("messaging:inbox"))
    assert response.content.decode().count("conversation-row") == 12
