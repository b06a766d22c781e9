"""Editing my own profile."""

from __future__ import annotations

import pytest
from django.urls import reverse

from travel.topics.models import Topic

URL = reverse("accounts:profile")


def _form(**changes):
    data = {
        "display_name": "Olive Owner",
        "pronouns": "",
        "bio": "",
        "home_place__text": "",
        "home_place": "",
        "home_radius_km": "30",
        "languages": "",
        "new_topics": "",
        "support_link": "",
        "profile_visibility": "members",
    }
    data.update(changes)
    return data


def test_it_shows_the_form_with_labels(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("display_name", "pronouns", "bio", "home_radius_km", "languages", "new_topics"):
        assert f'for="id_{field}"' in html
    assert "<legend>" in html and 'type="checkbox" name="topics"' in html


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_it_saves_the_profile_with_a_home_place_and_topics(owner_client, owner, places):
    oslo = places("Oslo")
    unions = Topic.objects.get(slug="unions")
    response = owner_client.post(
        URL,
        _form(
            display_name="Olive",
            home_place=str(oslo.pk),
            topics=[str(unions.pk)],
            open_to_meet="on",
            languages="English, Norsk",
        ),
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.display_name == "Olive" and owner.home_place == oslo and owner.open_to_meet
    assert owner.home_cell == oslo.cell
    assert list(owner.topics.all()) == [unions]


def test_it_resolves_a_typed_place_without_javascript(owner_client, owner):
    response = owner_client.post(URL, _form(home_place__text="Tromso"))
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.home_place.name == "Tromsø"


def test_it_adds_new_topics_by_name(owner_client, owner):
    unions = Topic.objects.get(slug="unions")
    response = owner_client.post(
        URL, _form(topics=[str(unions.pk)], new_topics="Bike kitchens, Unions ,  ")
    )
    assert response.status_code == 302
    assert sorted(owner.topics.values_list("slug", flat=True)) == ["bike-kitchens", "unions"]
    assert Topic.objects.get(slug="bike-kitchens").created_by == owner


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"home_place__text": "Atlantis-on-Sea"}, "home_place"),
        ({"home_radius_km": "0"}, "home_radius_km"),
        ({"display_name": "x" * 81}, "display_name"),
        ({"support_link": "javascript:alert(1)"}, "support_link"),
        ({"new_topics": "x" * 61}, "new_topics"),
        ({"new_topics": "!!!"}, "new_topics"),
        ({"profile_visibility": "everyone"}, "profile_visibility"),
    ],
)
def test_it_shows_errors_and_saves_nothing(owner_client, owner, changes, field):
    response = owner_client.post(URL, _form(**{"display_name": "Changed", **changes}))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    owner.refresh_from_db()
    assert owner.display_name == "Olive Owner"
    assert not Topic.objects.filter(created_by=owner).exists()
