"""The trip create/edit pages and the stop editor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Visibility
from travel.trips.models import Stop, Trip


def _row(i, place=None, country=None, arrive=None, depart=None, **kw):
    data = {
        f"stops-{i}-place": str(place.pk) if place else "",
        f"stops-{i}-place__text": place.label if place else kw.pop("text", ""),
        f"stops-{i}-country": str(country.pk) if country else "",
        f"stops-{i}-country__text": country.label if country else "",
        f"stops-{i}-arrive": str(arrive or ""),
        f"stops-{i}-depart": str(depart or ""),
        f"stops-{i}-radius_km": str(kw.pop("radius_km", 30)),
        f"stops-{i}-label": kw.pop("label", ""),
    }
    if kw.pop("tentative", False):
        data[f"stops-{i}-tentative"] = "on"
    if "id" in kw:
        data[f"stops-{i}-id"] = str(kw.pop("id"))
    return data


def _form(rows, **fields):
    data = {
        "title": "Rail south",
        "description": "",
        "visibility": "members",
        "needs": ["hammock"],
        "stops-TOTAL_FORMS": str(len(rows)),
        "stops-INITIAL_FORMS": "0",
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "100",
    }
    for i, row in enumerate(rows):
        data.update(_row(i, **row))
    data.update(fields)
    return data


@pytest.fixture
def d(today):
    return today + timedelta(days=7)


def test_it_posts_a_trip(owner_client, places, d):
    data = _form(
        [
            {
                "place": places("Malmö"),
                "arrive": d + timedelta(days=2),
                "depart": d + timedelta(days=4),
                "label": "south Sweden",
                "tentative": True,
            },
            {"place": places("Oslo"), "arrive": d, "depart": d + timedelta(days=2)},
        ]
    )
    response = owner_client.post(reverse("trips:create"), data)
    trip = Trip.objects.get()
    assert response.status_code == 302 and response["Location"] == trip.get_absolute_url()
    assert [s.display_name for s in trip.stops.all()] == ["Oslo", "south Sweden"]
    assert trip.stops.last().tentative and trip.need_list == ["hammock"]


def test_it_resolves_a_typed_place_without_javascript(owner_client, d):
    data = _form([{"text": "København", "arrive": d, "depart": d + timedelta(days=1)}])
    assert owner_client.post(reverse("trips:create"), data).status_code == 302
    assert Stop.objects.get().place.name == "Copenhagen"


def test_a_country_stop_from_the_form(owner_client, places, d):
    data = _form(
        [
            {
                "country": places("Sweden"),
                "arrive": d,
                "depart": d + timedelta(days=3),
                "label": "south Sweden",
            }
        ]
    )
    assert owner_client.post(reverse("trips:create"), data).status_code == 302
    stop = Stop.objects.get()
    assert stop.is_country and stop.country_code == "SE"


@pytest.mark.parametrize(
    ("case", "field_id", "words"),
    [
        ("overlap", "id_stops-1-arrive", "overlaps"),
        ("reversed", "id_stops-0-depart", "before you arrive"),
        ("forty_days", "id_stops-0-depart", "lasts 40 days"),
        ("unknown_place", "id_stops-1-place", "know"),
        ("sixty_one", "stop-editor", "at most 60 stops"),
        ("city_and_country", "id_stops-1-country", "one town, one region or one whole country"),
        ("past", "id_stops-1-depart", "in the past"),
        ("bad_date", "id_stops-0-arrive", "Stop 1: Enter a valid date"),
        ("collective", "id_collective", "collective"),
    ],
)
def test_bad_input_re_renders_with_a_clear_message_and_what_was_typed(
    owner_client, places, d, today, case, field_id, words
):
    rows = [
        {
            "place": places("Oslo"),
            "arrive": d,
            "depart": d + timedelta(days=2),
            "label": "Oslo first",
        },
        {
            "place": places("Malmö"),
            "arrive": d + timedelta(days=2),
            "depart": d + timedelta(days=4),
        },
    ]
    extra = {}
    if case == "overlap":
        rows[1]["arrive"] = d + timedelta(days=1)
    elif case == "reversed":
        rows[0]["depart"] = d - timedelta(days=1)
    elif case == "forty_days":
        rows = [
            {
                "place": places("Oslo"),
                "arrive": d,
                "depart": d + timedelta(days=39),
                "label": "Oslo first",
            }
        ]
    elif case == "unknown_place":
        rows[1] = {
            "text": "Atlantis",
            "arrive": d + timedelta(days=2),
            "depart": d + timedelta(days=4),
        }
    elif case == "sixty_one":
        rows = [
            {
                "place": places("Oslo"),
                "arrive": d + timedelta(days=i),
                "depart": d + timedelta(days=i),
                "label": "Oslo first",
            }
            for i in range(61)
        ]
    elif case == "city_and_country":
        rows[1]["country"] = places("Sweden")
    elif case == "past":
        rows = [
            {
                "place": places("Oslo"),
                "arrive": today - timedelta(days=9),
                "depart": today - timedelta(days=8),
                "label": "Oslo first",
            },
            {
                "place": places("Malmö"),
                "arrive": today - timedelta(days=8),
                "depart": today - timedelta(days=6),
            },
        ]
    elif case == "bad_date":
        rows[0]["arrive"] = "31.02.2026"
    elif case == "collective":
        extra["visibility"] = "collective"
    response = owner_client.post(reverse("trips:create"), _form(rows, **extra))
    html = response.content.decode()
    assert response.status_code == 400
    assert words in html
    assert 'id="error-summary"' in html and f'href="#{field_id}"' in html
    assert 'value="Rail south"' in html and 'value="Oslo first"' in html
    if case == "unknown_place":
        assert 'value="Atlantis"' in html
    if field_id.startswith("id_stops"):
        assert f'aria-describedby="{field_id}_error"' in html or f"{field_id}_error" in html
    assert not Trip.objects.exists() and not Stop.objects.exists()


def test_edit_prefills_and_saves_changes(owner_client, owner, make_trip, places):
    trip = make_trip(owner, cities=["Oslo", "Malmö"])
    oslo, malmo = trip.stops.all()
    page = owner_client.get(reverse("trips:edit", args=[trip.public_id]))
    assert page.status_code == 200 and 'value="Malmö, Sweden"' in page.content.decode()
    data = _form(
        [
            {
                "id": oslo.public_id,
                "place": places("Oslo"),
                "arrive": oslo.arrive,
                "depart": oslo.depart,
                "tentative": True,
            }
        ],
        title="Only Oslo",
    )
    response = owner_client.post(reverse("trips:edit", args=[trip.public_id]), data)
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.title == "Only Oslo" and list(trip.stops.all()) == [oslo]
    assert trip.stops.get().tentative and not Stop.objects.filter(pk=malmo.pk).exists()


def test_others_cannot_open_the_edit_or_delete_pages(
    member_client, blocked_client, client, owner, make_trip
):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    for url in (
        reverse("trips:edit", args=[trip.public_id]),
        reverse("trips:delete", args=[trip.public_id]),
    ):
        assert member_client.get(url).status_code == 404
        assert member_client.post(url, {}).status_code == 404
        assert blocked_client.get(url).status_code == 404
        assert client.get(url).status_code == 302
    assert Trip.objects.filter(pk=trip.pk).exists()


def test_pages_ask_anonymous_visitors_to_sign_in(client):
    for name in ("trips:list", "trips:create"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("trips:editor"), {"editor": "add"}).status_code == 302


def test_editor_actions_keep_what_was_typed(owner_client, places, d):
    rows = [
        {"place": places("Oslo"), "arrive": d, "depart": d + timedelta(days=2), "label": "first"},
        {"text": "Atlantis", "arrive": d + timedelta(days=2), "depart": "", "label": "second"},
    ]
    url = reverse("trips:create")
    added = owner_client.post(url, _form(rows, editor="add"))
    html = added.content.decode()
    assert added.status_code == 200 and "Stop 3" in html and "Stop 3 added." in html
    assert 'value="Atlantis"' in html and 'value="first"' in html
    assert "errorlist" not in html  # nothing is reported before saving
    assert not Trip.objects.exists()

    moved = owner_client.post(url, _form(rows, editor="down-0")).content.decode()
    # The places swap, the dates stay in place.
    assert moved.index('value="second"') < moved.index('value="first"')
    assert moved.index(f'value="{d.isoformat()}"') < moved.index('value="first"')

    removed = owner_client.post(url, _form(rows, editor="remove-0")).content.decode()
    assert 'value="first"' not in removed and 'value="second"' in removed
    assert 'name="stops-TOTAL_FORMS" value="1"' in removed


def test_the_htmx_editor_returns_the_stop_fieldset_and_a_status(owner_client, places, d):
    rows = [{"place": places("Oslo"), "arrive": d, "depart": d + timedelta(days=2)}]
    response = owner_client.post(
        reverse("trips:editor"), _form(rows, editor="add"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<fieldset id="stop-editor"')
    assert 'data-hx-swap-oob="true"' in html and "Stop 2 added." in html
    assert 'data-focus="id_stops-1-place"' in html
    # The new stop starts on the day the last one ends.
    assert f'name="stops-1-arrive" value="{(d + timedelta(days=2)).isoformat()}"' in html


def test_delete_asks_first_then_deletes(owner_client, owner, make_trip):
    trip = make_trip(owner)
    url = reverse("trips:delete", args=[trip.public_id])
    confirm = owner_client.get(url)
    assert confirm.status_code == 200 and "Delete the trip" in confirm.content.decode()
    assert Trip.objects.filter(pk=trip.pk).exists()
    response = owner_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("trips:list")
    assert not Trip.objects.filter(pk=trip.pk).exists()


def test_my_trips_lists_only_mine(owner_client, owner, member, make_trip):
    make_trip(owner, title="My own way")
    make_trip(member, title="Someone else's way")
    html = owner_client.get(reverse("trips:list")).content.decode()
    assert "My own way" in html and "Someone else's way" not in html


def test_collective_choices_are_the_owners_collectives(owner_client, member_client, collective):
    assert "Oslo Hacklab" in owner_client.get(reverse("trips:create")).content.decode()
    assert "Oslo Hacklab" not in member_client.get(reverse("trips:create")).content.decode()


def test_it_shares_with_a_collective_from_the_form(owner_client, places, d, collective):
    data = _form(
        [{"place": places("Oslo"), "arrive": d, "depart": d}],
        visibility="collective",
        collective=str(collective.pk),
    )
    assert owner_client.post(reverse("trips:create"), data).status_code == 302
    assert Trip.objects.get().collective == collective
