from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

PASSWORD = "a long test password"


def _signed_in_client(user, agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.get(reverse("dashboard"))
    return client


@pytest.mark.django_db
def test_it_lists_my_sessions_and_signs_out_the_others(owner, member):
    laptop = _signed_in_client(owner, "Laptop Firefox")
    phone = _signed_in_client(owner, "Phone Chromium")
    someone_else = _signed_in_client(member, "Member Browser")

    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Laptop Firefox" in html and "Phone Chromium" in html
    assert "Member Browser" not in html
    assert "This device" in html

    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert laptop.get(reverse("dashboard")).status_code == 200
    assert phone.get(reverse("dashboard")).status_code == 302
    assert someone_else.get(reverse("dashboard")).status_code == 200
    assert UserSession.objects.filter(user=owner).count() == 1


@pytest.mark.django_db
def test_the_sessions_page_needs_sign_in(client):
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
