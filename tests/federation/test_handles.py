"""Handles on profiles: a Fediverse contact links to where WebFinger says it lives."""

from __future__ import annotations

import json

import pytest

from accounts.models import ContactChannel
from accounts.services import contact_add
from tests.federation.conftest import Answer
from travel import events
from travel.federation.handles import handle_resolve

JRD = {"Content-Type": "application/jrd+json"}


@pytest.fixture
def misskey(remote):
    """A Misskey-like server: profiles at /@name, actors at /users/<id>."""
    self_link = {
        "rel": "self",
        "type": "application/activity+json",
        "href": remote.url("/users/9ab3c7"),
    }
    page = {
        "rel": "http://webfinger.net/rel/profile-page",
        "type": "text/html",
        "href": remote.url("/@kei"),
    }
    jrd = {"subject": f"acct:kei@127.0.0.1:{remote.port}", "links": [self_link, page]}
    remote.routes["/.well-known/webfinger"] = Answer(200, json.dumps(jrd).encode(), JRD)
    return remote


def add_handle(user, handle: str) -> None:
    """What contact_add does, for a loopback handle its validator (rightly) refuses."""
    ContactChannel.objects.create(user=user, kind="fediverse", value=handle, visibility="members")
    events.emit(events.profile_changed, user_id=user.pk, fields=frozenset({"contacts"}))


def test_a_fediverse_contact_links_to_its_real_profile(
    federating, client, owner, member, misskey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_handle(owner, f"@kei@127.0.0.1:{misskey.port}")
    assert misskey.received[0].path.startswith("/.well-known/webfinger?resource=acct%3Akei%40")
    client.force_login(member)
    page = client.get(f"/me/people/{owner.public_id}/").content.decode()
    assert f'href="{misskey.url("/@kei")}" rel="me nofollow noopener noreferrer"' in page


def test_adding_a_contact_asks_for_it_after_commit(
    federating, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        contact_add(
            user=owner, kind="fediverse", value="@ana@mastodon.example", visibility="members"
        )
    assert len(callbacks) == 1  # the WebFinger task, queued once the contact is saved


def test_matrix_ids_link_to_matrix_to(client, owner, member):
    contact_add(user=owner, kind="matrix", value="@olive:matrix.org", visibility="members")
    client.force_login(member)
    page = client.get(f"/me/people/{owner.public_id}/").content.decode()
    assert 'href="https://matrix.to/#/@olive:matrix.org" rel="me' in page


def test_an_unresolvable_handle_keeps_the_usual_link(federating, owner, remote):
    remote.routes["/.well-known/webfinger"] = Answer(
        200, b"<html></html>", {"Content-Type": "text/html"}
    )
    assert handle_resolve(f"@ana@127.0.0.1:{remote.port}") is None


def test_no_request_leaves_while_federation_is_off(
    owner, remote, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_handle(owner, f"@kei@127.0.0.1:{remote.port}")
    assert remote.received == []
