"""Issue 14, reproductions 1, 2, 3 and 11: one text rule for every stored text.

NUL and other control characters, bidi overrides and invisible characters in names,
and texts over the model's limit answer 400 naming the field, on SQLite and PostgreSQL
alike; the public feeds keep answering even if a bad title got stored somehow.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from travel.collectives.models import Collective
from travel.meetups.models import Meetup
from travel.trips.models import Trip

pytestmark = pytest.mark.django_db
MEGABYTE = "x" * 1_000_000


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def patch(client, path, data):
    return client.patch(path, json.dumps(data), content_type="application/json")


def soon(days=5):
    return (timezone.now() + timedelta(days=days)).date().isoformat()


def trip_body(places, **extra):
    stop = {"place": places("Oslo").pk, "arrive": soon(7), "depart": soon(9)}
    stop.update(extra.pop("stop", {}))
    return {"title": "North by bus", "stops": [stop], **extra}


def meetup_body(places, **extra):
    return {
        "title": "Union evening",
        "place": places("Oslo").pk,
        "starts": f"{soon()}T19:00",
        **extra,
    }


def test_the_rule_refuses_controls_keeps_line_breaks_in_prose_and_normalises():
    from travel import texts

    assert texts.clean_text("Cafe\u0301", name=True) == "Café"
    assert texts.clean_text("line one\nline\ttwo\r\n", multiline=True) == "line one\nline\ttwo\r\n"
    for bad in ("a\x00b", "a\x01b", "a\x7fb", "a\x85b", "a\ud800b", "a\uffffb"):
        with pytest.raises(ValidationError):
            texts.clean_text(bad, multiline=True)
    with pytest.raises(ValidationError):
        texts.clean_text("two\nlines")


@pytest.mark.parametrize(
    "name",
    [
        "\u202eecilA\u202c\u200bAdmin",
        "Alice\u200bAdmin",
        "\u2066Ada\u2069",
        "Ada\ufeff",
        "\u200dAda",
    ],
)
def test_names_refuse_bidi_overrides_and_invisible_characters(owner_client, owner, name):
    response = patch(owner_client, "/api/me", {"display_name": name})
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "display_name"
    owner.refresh_from_db()
    assert owner.display_name == "Olive Owner"


def test_joiners_inside_a_word_stay_in_names(owner_client, owner):
    family = "\U0001f469\u200d\U0001f467 Mehr\u200cnaz"  # an emoji family, a Persian ZWNJ
    assert patch(owner_client, "/api/me", {"display_name": family}).status_code == 200
    owner.refresh_from_db()
    assert owner.display_name == family


@pytest.mark.parametrize("bad", ["nul \x00 x", "ctl \x01 x"])
def test_control_characters_are_refused_everywhere_the_api_stores_text(
    owner_client, member, places, bad
):
    cases = [
        ("/api/trips", trip_body(places, title=bad), "title"),
        ("/api/trips", trip_body(places, stop={"label": bad}), "stops.0.label"),
        ("/api/meetups", meetup_body(places, title=bad), "title"),
        ("/api/collectives", {"name": bad, "home_place": places("Oslo").pk}, "name"),
        ("/api/conversations", {"to": str(member.public_id), "body": bad}, "body"),
    ]
    for path, body, field in cases:
        response = post(owner_client, path, body)
        assert response.status_code == 400, (path, response.content)
        assert response.json()["field"] == field, (path, response.json())
    response = patch(owner_client, "/api/me", {"bio": bad})
    assert response.status_code == 400 and response.json()["field"] == "bio"
    assert not Trip.objects.exists() and not Meetup.objects.exists()
    assert not Collective.objects.exists()


def test_a_nul_in_a_search_is_a_400_not_a_database_error(owner_client):
    response = owner_client.get("/api/collectives", {"q": "a\x00b"})
    assert response.status_code == 400 and response.json()["field"] == "q"


def test_descriptions_bio_and_report_details_keep_their_length_limits(
    owner_client, owner, member, places
):
    cases = [
        ("/api/trips", trip_body(places, description=MEGABYTE), "description"),
        ("/api/meetups", meetup_body(places, description=MEGABYTE), "description"),
        (
            "/api/collectives",
            {"name": "Co-op", "home_place": places("Oslo").pk, "description": MEGABYTE},
            "description",
        ),
        (
            "/api/reports",
            {
                "kind": "member",
                "target": str(member.public_id),
                "reason": "spam",
                "details": MEGABYTE,
            },
            "details",
        ),
    ]
    for path, body, field in cases:
        response = post(owner_client, path, body)
        assert response.status_code in (400, 422), (path, response.status_code)
        assert response.json()["field"] == field, (path, response.json())
    response = patch(owner_client, "/api/me", {"bio": "x" * 2001})
    assert response.status_code in (400, 422) and response.json()["field"] == "bio"
    assert User.objects.get(pk=owner.pk).bio == ""


def test_an_offer_description_keeps_its_limit(owner_client):
    body = {
        "title": "Sofa",
        "address": "Storgata 1",
        "exact_lat": 59.91,
        "exact_lon": 10.75,
        "kinds": ["sofa"],
        "capacity": 1,
        "description": MEGABYTE,
    }
    response = post(owner_client, "/api/offers", body)
    assert response.status_code in (400, 422) and response.json()["field"] == "description"


def test_no_save_path_can_store_a_refused_text(owner):
    owner.display_name = "ctl \x01"
    with pytest.raises(ValidationError) as caught:
        owner.save()
    assert "display_name" in caught.value.message_dict


def test_public_feeds_keep_answering_if_a_control_character_got_stored(
    client, owner_client, places
):
    response = post(
        owner_client,
        "/api/meetups",
        meetup_body(places, title="ctl \u0001 x", listed_publicly=True, topics=["unions"]),
    )
    assert response.status_code == 400
    created = post(
        owner_client, "/api/meetups", meetup_body(places, listed_publicly=True, topics=["unions"])
    )
    assert created.status_code == 201, created.content
    # An old row from before the rule, written behind the models' back.
    Meetup.objects.update(title="ctl \u0001 x", description="nul \x01 y")
    oslo = places("Oslo")
    for path in (
        f"/meetups/feeds/place/{oslo.pk}.atom",
        "/meetups/feeds/topic/unions.atom",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"\x01" not in response.content
