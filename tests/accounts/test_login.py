from __future__ import annotations

import pytest
from django.urls import reverse

PASSWORD = "a long test password"  # tests/conftest.make_member's password


def _login(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_it_shows_the_sign_in_page_in_our_layout(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert '<label for="id_login"' in html and '<label for="id_password"' in html
    assert reverse("account_reset_password") in html
    assert "<title>Sign in · Stopover</title>" in " ".join(html.split()).replace("> ", ">")


@pytest.mark.django_db
def test_it_signs_in_with_email_and_password(client, owner):
    response = _login(client, owner.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_it_signs_in_case_insensitively(client, owner):
    assert _login(client, owner.email.upper()).status_code == 302


@pytest.mark.django_db
def test_it_refuses_a_wrong_password_with_a_message(client, owner):
    response = _login(client, owner.email, "wrong password!!")
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_it_answers_an_unknown_email_like_a_wrong_password(client, owner):
    unknown = _login(client, "nobody@example.org", "wrong password!!")
    wrong = _login(client, owner.email, "wrong password!!")
    assert unknown.status_code == wrong.status_code == 200
    assert b"errorlist" in unknown.content and b"errorlist" in wrong.content


@pytest.mark.django_db
def test_it_rate_limits_failed_sign_ins_for_an_account(client, owner):
    """After 5 failures within 5 minutes, even the right password is refused for a while
    (ACCOUNT_RATE_LIMITS["login_failed"] = "…,5/5m/key")."""
    for _ in range(5):
        _login(client, owner.email, "wrong password!!")
    response = _login(client, owner.email)
    assert response.status_code in (200, 429)
    assert client.get(reverse("dashboard")).status_code == 302
    assert b"Too many failed login attempts" in response.content


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_header_does_not_reset_the_rate_limit(client, owner):
    for i in range(5):
        client.post(
            reverse("account_login"),
            {"login": owner.email, "password": "wrong password!!"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        )
    response = client.post(
        reverse("account_login"),
        {"login": owner.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert client.get(reverse("dashboard")).status_code == 302
    assert b"Too many failed login attempts" in response.content


@pytest.mark.django_db
def test_it_signs_out_with_a_post(client, owner):
    _login(client, owner.email)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_it_sends_a_password_reset_code_and_sets_a_new_password(client, owner, mailoutbox):
    from tests.accounts.conftest import code_from_mail

    response = client.post(reverse("account_reset_password"), {"email": owner.email})
    assert response.status_code == 302
    code = code_from_mail(mailoutbox[-1])
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    new_password = "a brand new long password 7"
    response = client.post(
        response["Location"], {"password1": new_password, "password2": new_password}
    )
    assert response.status_code == 302
    client.logout()
    assert _login(client, owner.email, new_password).status_code == 302


@pytest.mark.django_db
def test_it_answers_a_reset_for_an_unknown_email_like_a_known_one(client, owner, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": owner.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
