"""Every account page renders in our layout for a member and sends visitors to sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from travel import public_stats

MEMBER_PAGES = [
    "accounts:settings",
    "accounts:profile",
    "accounts:contacts",
    "accounts:blocks",
    "accounts:tokens",
    "accounts:data",
    "account_email",
    "account_change_password",
    "mfa_index",
    "usersessions_list",
]
PUBLIC_PAGES = ["account_login", "account_signup", "account_reset_password"]


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_pages_render_in_our_layout(owner_client, name):
    response = owner_client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and "<h1" in html
    assert "<script>" not in html and 'style="' not in html  # the CSP forbids both
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_pages_send_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_entrance_pages_render_in_our_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and "<h1" in html and 'style="' not in html


def test_the_dashboard_shows_profile_completeness(owner_client, owner, places):
    response = owner_client.get(reverse("dashboard"))
    html = response.content.decode()
    assert "Your profile" in html and 'value="17"' in html  # a display name only: 1 of 6
    owner.home_place = places("Oslo")
    owner.bio, owner.languages = "Hello", "English"
    owner.save()
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert 'value="67"' in html


def test_the_profile_panel_is_registered_once():
    from accounts.panels import profile_panel

    assert [f for _o, f in public_stats._panels].count(profile_panel) == 1
