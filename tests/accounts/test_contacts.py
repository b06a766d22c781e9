"""Contact channels: who sees them (P6) and how they are added, edited and removed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import ContactChannel
from accounts.services import contact_add
from tests.accounts.conftest import connect
from tests.conftest import client_for, make_member

AUDIENCE_SEEN_BY = {
    ContactChannel.Audience.ONLY_ME: {"owner"},
    ContactChannel.Audience.CONNECTIONS: {"owner", "connection"},
    ContactChannel.Audience.MEMBERS: {"owner", "connection", "other_member"},
}


@pytest.fixture
def viewers(owner):
    connection = make_member(display_name="Connie Connection")
    connect(owner, connection)
    return {"owner": owner, "connection": connection, "other_member": make_member()}


@pytest.mark.parametrize("audience", list(AUDIENCE_SEEN_BY))
@pytest.mark.parametrize("viewer", ["owner", "connection", "other_member"])
def test_it_shows_a_contact_only_to_its_audience(viewers, owner, audience, viewer):
    contact_add(user=owner, kind="matrix", value="@olive:example.org", visibility=audience)
    response = client_for(viewers[viewer]).get(
        reverse("accounts:member", kwargs={"public_id": owner.public_id})
    )
    assert response.status_code == 200
    assert (b"@olive:example.org" in response.content) == (viewer in AUDIENCE_SEEN_BY[audience])


def test_a_new_contact_defaults_to_connections_only(owner):
    assert contact_add(user=owner, kind="signal", value="+47 912 34 567").visibility == (
        ContactChannel.Audience.CONNECTIONS
    )


@pytest.mark.django_db
def test_it_lists_and_adds_contacts(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:contacts"),
        {"kind": "fediverse", "value": "olive@social.example", "visibility": "members"},
    )
    assert response.status_code == 302
    contact = ContactChannel.objects.get(user=owner)
    assert contact.value == "@olive@social.example"
    page = owner_client.get(reverse("accounts:contacts"))
    assert b"@olive@social.example" in page.content


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("email", "not an email"),
        ("matrix", "olive@example.org"),
        ("fediverse", "olive"),
        ("signal", "912"),
        ("xmpp", "no-at-sign"),
        ("other", "x" * 201),
    ],
)
def test_it_refuses_a_malformed_address_and_keeps_what_was_typed(owner_client, owner, kind, value):
    response = owner_client.post(
        reverse("accounts:contacts"), {"kind": kind, "value": value, "visibility": "members"}
    )
    assert response.status_code == 400
    assert b"errorlist" in response.content
    assert not ContactChannel.objects.filter(user=owner).exists()


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("email", "olive@example.org", "olive@example.org"),
        ("matrix", "@olive:matrix.example.org", "@olive:matrix.example.org"),
        ("fediverse", "@olive@social.example", "@olive@social.example"),
        ("signal", "+47 912 34 567", "+4791234567"),
        ("signal", "olive.42", "olive.42"),
        ("xmpp", "olive@jabber.example", "olive@jabber.example"),
        ("other", "Ask at the hacklab bar on Thursdays", "Ask at the hacklab bar on Thursdays"),
    ],
)
def test_it_accepts_well_formed_addresses(owner, kind, value, stored):
    assert contact_add(user=owner, kind=kind, value=value).value == stored


def test_it_edits_and_removes_my_contact(owner_client, owner):
    contact = contact_add(user=owner, kind="matrix", value="@olive:example.org")
    url = reverse("accounts:contact_edit", kwargs={"public_id": contact.public_id})
    assert owner_client.get(url).status_code == 200
    response = owner_client.post(
        url, {"kind": "matrix", "value": "@olive:other.example", "visibility": "only_me"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.value, contact.visibility) == ("@olive:other.example", "only_me")
    response = owner_client.post(
        reverse("accounts:contact_delete", kwargs={"public_id": contact.public_id})
    )
    assert response.status_code == 302
    assert not ContactChannel.objects.filter(pk=contact.pk).exists()


def test_others_cannot_edit_or_remove_my_contact(member_client, blocked_client, client, owner):
    contact = contact_add(user=owner, kind="matrix", value="@olive:example.org")
    edit = reverse("accounts:contact_edit", kwargs={"public_id": contact.public_id})
    delete = reverse("accounts:contact_delete", kwargs={"public_id": contact.public_id})
    for other in (member_client, blocked_client):
        assert other.get(edit).status_code == 404
        assert (
            other.post(edit, {"kind": "other", "value": "x", "visibility": "members"}).status_code
            == 404
        )
        assert other.post(delete).status_code == 404
    assert client.get(edit).status_code == 302
    assert client.post(delete).status_code == 302
    contact.refresh_from_db()
    assert contact.value == "@olive:example.org"
