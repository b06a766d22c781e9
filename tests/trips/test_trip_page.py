from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from accounts.models import ContactChannel, Visibility
from tests.conftest import client_for, make_member
from tests.trips.conftest import stop
from travel.trips.services import trip_create


def _page(client, trip):
    return client.get(reverse("trips:detail", args=[trip.public_id]))


def test_it_shows_the_timeline_map_data_and_stops(owner_client, owner, places, today):
    d = today + timedelta(days=4)
    trip = trip_create(
        owner=owner,
        title="Rail south",
        stops=[
            stop(places("Oslo"), d, 3),
            stop(places("Sweden"), d + timedelta(days=2), 3, label="south Sweden"),
            stop(places("Copenhagen"), d + timedelta(days=4), 2, tentative=True),
        ],
        needs=["hammock"],
    )
    html = _page(owner_client, trip).content.decode()
    assert 'class="timeline-svg"' in html and "timeline-bar-tentative" in html
    assert html.count('class="timeline-bar') == 3
    assert 'id="trip-map-data"' in html and '"country": true' in html
    assert "Hammock spot" in html
    for s in trip.stops.all():
        assert f'id="suggestions-{s.public_id}"' in html
    assert "Suggestions for this stop will appear here" in html
    # Bars are placed with attributes, never inline styles (CSP).
    assert "style=" not in html.split('<main id="main"')[1].split("</main>")[0]


def test_suggestions_are_for_the_traveller_only(member_client, owner, make_trip):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    html = _page(member_client, trip).content.decode()
    assert "To the south" in html and "suggestions-" not in html


def test_contacts_show_by_their_own_visibility(owner, member, friend, make_trip):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    for audience, value in [
        (ContactChannel.Audience.ONLY_ME, "@private:example.org"),
        (ContactChannel.Audience.CONNECTIONS, "@friends:example.org"),
        (ContactChannel.Audience.MEMBERS, "@everyone:example.org"),
    ]:
        ContactChannel.objects.create(user=owner, kind="matrix", value=value, visibility=audience)
    seen = {
        who: _page(client_for(user), trip).content.decode()
        for who, user in [("owner", owner), ("friend", friend), ("member", member)]
    }
    assert all(v in seen["owner"] for v in ("@private", "@friends", "@everyone"))
    assert "@friends" in seen["friend"] and "@private" not in seen["friend"]
    assert "@everyone" in seen["member"] and "@friends" not in seen["member"]


def test_the_support_link_falls_back_to_the_profile(member_client, owner, make_trip):
    owner.support_link = "https://example.org/donate"
    owner.save(update_fields=["support_link"])
    trip = make_trip(owner)
    assert "https://example.org/donate" in _page(member_client, trip).content.decode()


def _trip_with(make_trip, owner, n):
    cities = ["Oslo", "Malmö", "Copenhagen", "Hamburg", "Berlin", "Lund", "Bergen", "Aarhus"]
    return make_trip(owner, cities=cities[:n], days=2, topics=[])


def test_the_trip_page_runs_a_fixed_number_of_queries(member, make_trip, django_assert_num_queries):
    client = client_for(member)
    small = _trip_with(make_trip, make_member(), 1)
    big = _trip_with(make_trip, make_member(), 8)
    _page(client, small)  # warm caches (country centres, templates)
    # session, user, trip (+owner, collective), stops (+place), topics,
    # connection check, contacts; what the viewer can do: the owner's profile check,
    # the viewer's open offers, their meet-ups to invite to
    with django_assert_num_queries(10):
        assert _page(client, small).status_code == 200
    with django_assert_num_queries(10):
        assert _page(client, big).status_code == 200


def test_my_trips_runs_a_fixed_number_of_queries(owner, make_trip, django_assert_num_queries):
    client = client_for(owner)
    _trip_with(make_trip, owner, 1)
    # session, user, trips (+owner, collective), stops (+place), topics
    with django_assert_num_queries(5):
        assert client.get(reverse("trips:list")).status_code == 200
    for n in range(2, 8):
        _trip_with(make_trip, owner, n)
    with django_assert_num_queries(5):
        assert client.get(reverse("trips:list")).status_code == 200
