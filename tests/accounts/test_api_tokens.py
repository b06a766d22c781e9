"""Personal API tokens: created in settings or by command, sent as Bearer, revocable."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken


def _bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_the_command_prints_a_token_that_works(owner):
    token = _command(owner.email, "--name", "calendar script")
    assert token.startswith("sto_")
    row = ApiToken.objects.get(user=owner)
    assert row.name == "calendar script"
    assert row.token_hash != token and token not in row.prefix + row.token_hash
    response = _bearer(token).get("/api/me")
    assert response.status_code == 200
    assert response.json()["email"] == owner.email
    row.refresh_from_db()
    assert row.last_used is not None


def test_the_command_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match="No member"):
        _command("nobody@example.org")


def test_a_wrong_or_revoked_token_is_refused(owner):
    token = _command(owner.email)
    assert _bearer("sto_wrong").get("/api/me").status_code == 401
    ApiToken.objects.filter(user=owner).delete()
    assert _bearer(token).get("/api/me").status_code == 401


def test_a_suspended_members_token_stops_working(owner):
    token = _command(owner.email)
    owner.is_suspended = True
    owner.save()
    assert _bearer(token).get("/api/me").status_code == 401


def test_a_bearer_token_can_write_without_csrf(owner):
    token = _command(owner.email)
    response = _bearer(token).patch(
        "/api/me", '{"pronouns": "she/her"}', content_type="application/json"
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.pronouns == "she/her"


def test_the_settings_page_shows_a_new_token_once_and_revokes_it(owner_client, owner):
    url = reverse("accounts:tokens")
    response = owner_client.post(url, {"name": "my script"})
    assert response.status_code == 200
    row = ApiToken.objects.get(user=owner)
    html = response.content.decode()
    token = html.split('id="new-token" class="secret" value="', 1)[1].split('"', 1)[0]
    assert ApiToken.hash(token) == row.token_hash
    assert _bearer(token).get("/api/me").status_code == 200

    again = owner_client.get(url).content.decode()
    assert token not in again and row.prefix in again

    response = owner_client.post(reverse("accounts:token_revoke", kwargs={"token_id": row.pk}))
    assert response.status_code == 302
    assert _bearer(token).get("/api/me").status_code == 401


def test_a_token_needs_a_name(owner_client, owner):
    response = owner_client.post(reverse("accounts:tokens"), {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=owner).exists()


def test_others_cannot_revoke_my_token(member_client, blocked_client, client, owner):
    _command(owner.email)
    row = ApiToken.objects.get(user=owner)
    url = reverse("accounts:token_revoke", kwargs={"token_id": row.pk})
    assert member_client.post(url).status_code == 404
    assert blocked_client.post(url).status_code == 404
    assert client.post(url).status_code == 302
    assert ApiToken.objects.filter(pk=row.pk).exists()
