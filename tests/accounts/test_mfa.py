from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.conftest import totp_now

PASSWORD = "a long test password"


def _login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def _reauthenticate(client):
    """Security pages ask for the password again, even right after signing in."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def _activate_totp(client, user) -> str:
    _login(client, user)
    redirected = client.get(reverse("mfa_activate_totp"))
    assert redirected.status_code == 302
    assert redirected["Location"].startswith(reverse("account_reauthenticate"))
    assert b'class="site-header"' in client.get(redirected["Location"]).content
    _reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="qr"' in html and "data:image/svg+xml" in html
    secret = client.session["mfa.totp.secret"]
    assert secret in html  # the secret is also written out for typing in
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response.status_code == 302, response.content.decode()
    # allauth refuses a code twice within its period; the next sign-in needs a fresh one.
    cache.clear()
    return secret


@pytest.mark.django_db
def test_it_enrols_an_authenticator_app(client, owner):
    _activate_totp(client, owner)
    assert Authenticator.objects.filter(user=owner, type=Authenticator.Type.TOTP).exists()
    # Recovery codes come with it.
    assert Authenticator.objects.filter(user=owner, type=Authenticator.Type.RECOVERY_CODES).exists()


@pytest.mark.django_db
def test_it_refuses_a_wrong_code_at_enrolment(client, owner):
    _login(client, owner)
    _reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Authenticator.objects.filter(user=owner, type=Authenticator.Type.TOTP).exists()


@pytest.mark.django_db
def test_it_asks_for_the_totp_code_at_sign_in(client, owner):
    secret = _activate_totp(client, owner)
    client.post(reverse("account_logout"))

    response = _login(client, owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # The password alone does not sign in.
    assert client.get(reverse("dashboard")).status_code == 302

    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert b'class="site-header"' in page.content

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_it_accepts_a_recovery_code_once(client, owner):
    _activate_totp(client, owner)
    client.post(reverse("account_logout"))
    codes = RecoveryCodes(
        Authenticator.objects.get(user=owner, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()

    _login(client, owner)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("account_logout"))

    _login(client, owner)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_it_shows_the_recovery_codes_page(client, owner):
    _activate_totp(client, owner)
    page = client.get(reverse("mfa_view_recovery_codes"))
    assert page.status_code == 200
    codes = RecoveryCodes(
        Authenticator.objects.get(user=owner, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert codes[0] in page.content.decode()


@pytest.mark.django_db
def test_the_mfa_overview_offers_totp_passkeys_and_recovery_codes(client, owner):
    _login(client, owner)
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("mfa_activate_totp") in html
    assert reverse("mfa_add_webauthn") in html


@pytest.mark.django_db
def test_the_passkey_page_renders_in_our_layout(client, owner):
    _login(client, owner)
    _reauthenticate(client)
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="site-header"' in html
    assert "mfa/js/webauthn.js" in html
