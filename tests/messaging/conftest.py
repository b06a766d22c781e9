from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Connection, User
from accounts.services import connection_make
from tests.conftest import client_for, make_member
from travel.messaging import services
from travel.messaging.models import Conversation, Message


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Quotas live in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def connect(a: User, b: User) -> None:
    connection_make(a=a, b=b, reason=Connection.Reason.STAY)


def send(sender: User, recipient: User, body: str = "Hello there, nice to meet you!") -> Message:
    return services.message_send(sender=sender, recipient=recipient, body=body)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture
def thread(owner, member) -> Conversation:
    """An active conversation between connected owner and member, one message each."""
    connect(owner, member)
    first = send(owner, member, "Hi Mel, the spare room is free on Friday.")
    services.message_reply(
        sender=member, conversation=first.conversation, body="Great, see you Friday!"
    )
    first.conversation.refresh_from_db()
    return first.conversation


__all__ = ["connect", "make_member", "send"]
