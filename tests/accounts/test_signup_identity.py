"""Sign-up asks a display name and the acceptance of the community guidelines; the
footer links the source code, the guidelines and a privacy page in plain words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User

PASSWORD = "correct horse battery staple 42"


def signup(client, **overrides):
    data = {
        "email": "new@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "  Nina   Newcomer ",
        "accept_guidelines": "on",
        **overrides,
    }
    return client.post(reverse("account_signup"), {k: v for k, v in data.items() if v is not None})


@pytest.mark.django_db
def test_the_new_member_has_their_name_in_the_welcome_email(client, mailoutbox):
    assert signup(client).status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "Nina Newcomer" and user.guidelines_accepted is not None
    assert "Member " not in mailoutbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "   ", "name"),
        ("accept_guidelines", None, "community guidelines"),
    ],
)
def test_without_a_name_or_the_guidelines_nobody_is_signed_up(client, field, value, message):
    response = signup(client, **{field: value})
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_signup_page_links_the_guidelines(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert reverse("guidelines") in html and 'name="display_name"' in html


@pytest.mark.django_db
def test_the_footer_links_source_guidelines_and_privacy(client, settings):
    settings.SOURCE_URL = "https://code.example.org/stopover/src/v1"
    html = client.get(reverse("home")).content.decode()
    for url in (
        "https://code.example.org/stopover/src/v1",
        reverse("guidelines"),
        reverse("privacy"),
    ):
        assert f'href="{url}"' in html
    privacy = client.get(reverse("privacy")).content.decode()
    assert (
        "What we store" in privacy and "Who sees it" in privacy and "When it is deleted" in privacy
    )
    assert client.get(reverse("guidelines")).status_code == 200
