"""Data rights (P8): the export holds what I gave and nothing private of others; deletion
leaves none of my personal data anywhere in the database."""

from __future__ import annotations

import json

import pytest
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import registry
from accounts.data_rights import account_delete, export_for
from accounts.models import ApiToken, Block, ContactChannel, User
from accounts.services import api_token_create, contact_add
from tests.accounts.conftest import connect
from tests.conftest import make_member

PASSWORD = "a long test password"
MARKERS = {
    "email": "zephyrine.marker@example.org",
    "display_name": "Zephyrine Quillfeather",
    "bio": "Bio-marker-7f3a: I keep bees on the roof of the union hall.",
    "contact": "@zephyrine-marker:matrix.example.org",
    "pronouns": "xe/xem-marker",
}


@pytest.fixture
def subject(db, places):
    user = make_member(
        MARKERS["email"],
        display_name=MARKERS["display_name"],
        bio=MARKERS["bio"],
        pronouns=MARKERS["pronouns"],
        home_place=places("Oslo"),
    )
    contact_add(user=user, kind="matrix", value=MARKERS["contact"], visibility="members")
    return user


def _strings_in_database() -> str:
    """Every text value of every row of every table, as one string to search."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # Table names come from introspection, quoted: not user input.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.extend(str(value) for value in row if value is not None)
    return "\n".join(chunks)


def test_the_export_holds_my_profile_contacts_blocks_tokens_and_connections(
    subject, member, outsider
):
    subject.topics.set([])
    Block.objects.create(blocker=subject, blocked=outsider)
    connect(subject, member)
    api_token_create(user=subject, name="calendar")
    data = json.loads(json.dumps(export_for(user=subject), default=str))
    account = data["account"]
    assert account["profile"]["email"] == MARKERS["email"]
    assert account["profile"]["bio"] == MARKERS["bio"]
    assert account["contacts"] == [
        {"kind": "matrix", "value": MARKERS["contact"], "visibility": "members"}
    ]
    assert account["blocks"][0]["member"] == str(outsider.public_id)
    assert account["connections"][0]["member"] == str(member.public_id)
    assert account["api_tokens"][0]["name"] == "calendar"
    text = json.dumps(data)
    # Nothing private of anyone else: not their email, name or token hashes.
    for other in (member, outsider):
        assert other.email not in text
        assert other.display_name not in text
    assert ApiToken.objects.get(user=subject).token_hash not in text


def test_the_export_walks_every_registered_section(subject, monkeypatch):
    monkeypatch.setitem(
        registry._sections,
        "trips",
        registry.DataSection("trips", lambda user: [{"title": f"trip of {user.pk}"}]),
    )
    data = export_for(user=subject)
    assert data["trips"] == [{"title": f"trip of {subject.pk}"}]
    assert data["format"] == "stopover-export/1"


def test_the_download_is_a_json_attachment(subject):
    client = Client()
    client.force_login(subject)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert (
        json.loads(response.content)["account"]["profile"]["display_name"]
        == (MARKERS["display_name"])
    )


def test_the_api_export_is_mine_only(subject, member_client, member):
    client = Client()
    client.force_login(subject)
    assert client.get("/api/me/export").json()["account"]["profile"]["email"] == MARKERS["email"]
    assert member_client.get("/api/me/export").json()["account"]["profile"]["email"] == (
        member.email
    )
    assert Client().get("/api/me/export").status_code == 401


def test_the_data_pages_need_sign_in(client):
    for name in ("accounts:data", "accounts:export", "accounts:delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_deletion_calls_every_eraser_while_the_member_still_exists(subject, monkeypatch):
    seen = []

    def erase(user):
        assert User.objects.filter(pk=user.pk).exists()
        seen.append(user.pk)

    monkeypatch.setitem(
        registry._sections, "stays", registry.DataSection("stays", lambda u: [], erase)
    )
    pk = subject.pk
    account_delete(user=subject)
    assert seen == [pk]
    assert not User.objects.filter(pk=pk).exists()


def test_deletion_leaves_no_marker_of_mine_in_the_database(subject, member, outsider):
    Block.objects.create(blocker=subject, blocked=outsider)
    Block.objects.create(blocker=member, blocked=subject)
    connect(subject, member)
    api_token_create(user=subject, name="calendar")
    contact_add(user=member, kind="email", value="mel@example.org")
    everything = _strings_in_database()
    assert all(marker in everything for marker in MARKERS.values())  # the scan works

    account_delete(user=subject)

    everything = _strings_in_database()
    for name, marker in MARKERS.items():
        assert marker not in everything, name
    # Other people's data is intact.
    assert User.objects.filter(pk__in=[member.pk, outsider.pk]).count() == 2
    assert ContactChannel.objects.filter(user=member, value="mel@example.org").exists()


def test_deletion_through_the_page_needs_recent_sign_in_and_ends_every_session(subject):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Phone")
    for client in (laptop, phone):
        client.post(reverse("account_login"), {"login": MARKERS["email"], "password": PASSWORD})
        client.get(reverse("dashboard"))
    assert UserSession.objects.filter(user=subject).count() == 2

    url = reverse("accounts:delete")
    response = laptop.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    laptop.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = laptop.get(url)
    assert page.status_code == 200

    unconfirmed = laptop.post(url, {})
    assert unconfirmed.status_code == 400
    assert User.objects.filter(pk=subject.pk).exists()

    response = laptop.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email=MARKERS["email"]).exists()
    assert not UserSession.objects.exists()
    assert laptop.get(reverse("dashboard")).status_code == 302
    assert phone.get(reverse("dashboard")).status_code == 302
    # And the address can no longer sign in.
    response = phone.post(
        reverse("account_login"), {"login": MARKERS["email"], "password": PASSWORD}
    )
    assert phone.get(reverse("dashboard")).status_code == 302
