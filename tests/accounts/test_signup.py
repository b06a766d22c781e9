from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.conftest import code_from_mail

PASSWORD = "correct horse battery staple 42"


def _signup(client, email: str):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Nina Newcomer",
            "accept_guidelines": "on",
        },
    )


@pytest.mark.django_db
def test_it_signs_up_verifies_by_code_and_signs_in(client, mailoutbox):
    response = _signup(client, "new@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    # Not signed in until the address is verified.
    assert client.get(reverse("dashboard")).status_code == 302

    page = client.get(reverse("account_email_verification_sent"))
    assert page.status_code == 200
    assert b'class="site-header"' in page.content  # our layout, not allauth's bare one
    assert len(mailoutbox) == 1
    code = code_from_mail(mailoutbox[0])

    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    user = User.objects.get(email="new@example.org")
    assert user.emailaddress_set.get().verified


@pytest.mark.django_db
def test_it_refuses_a_wrong_code(client, mailoutbox):
    _signup(client, "new@example.org")
    response = client.post(reverse("account_email_verification_sent"), {"code": "ZZZZZZ"})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_it_does_not_reveal_that_an_email_is_taken(client, owner, mailoutbox):
    """Signing up with an existing address looks exactly like a new sign-up; the owner of
    the address gets a mail instead (account enumeration prevention)."""
    fresh = _signup(client, "somebody-new@example.org")
    client.logout()
    taken = _signup(client, owner.email)
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    page = client.get(taken["Location"])
    assert page.status_code == 200
    assert User.objects.filter(email=owner.email).count() == 1
    assert mailoutbox[-1].to == [owner.email]


@pytest.mark.django_db
def test_it_shows_the_form_again_for_a_malformed_email(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert b'value="not-an-email"' in response.content
    assert not User.objects.filter(email="not-an-email").exists()
