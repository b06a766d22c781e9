"""What trips give the home page (aggregates only), the dashboard, and data rights."""

from __future__ import annotations

from accounts import registry
from accounts.models import Visibility
from tests.conftest import make_member
from tests.trips.conftest import stop
from travel.trips.models import Trip
from travel.trips.public import travellers_this_month
from travel.trips.services import trip_create


def _through_oslo(places, today, n, visibility=Visibility.MEMBERS):
    for i in range(n):
        trip_create(
            owner=make_member(display_name=f"Traveller Nr{i}"),
            title="Passing",
            stops=[stop(places("Oslo"), today, 1)],
            visibility=visibility,
        )


def test_the_home_page_counts_travellers_per_city_never_a_person(client, places, today):
    _through_oslo(places, today, 3)
    lines = [line["text"] for line in travellers_this_month()]
    assert "3 travellers pass through Oslo this month" in lines
    html = client.get("/").content.decode()
    assert "3 travellers pass through Oslo this month" in html
    assert "Traveller Nr" not in html


def test_small_counts_are_not_shown(places, today):
    _through_oslo(places, today, 2)
    assert not any("Oslo" in line["text"] for line in travellers_this_month())


def test_only_trips_shared_with_all_members_count(places, today):
    _through_oslo(places, today, 2)
    _through_oslo(places, today, 3, visibility=Visibility.ONLY_ME)
    _through_oslo(places, today, 3, visibility=Visibility.CONNECTIONS)
    assert not any("Oslo" in line["text"] for line in travellers_this_month())


def test_the_dashboard_shows_your_trips(owner_client, owner, make_trip):
    make_trip(owner, title="Up north soon")
    html = owner_client.get("/dashboard/").content.decode()
    assert "Your trips" in html and "Up north soon" in html


def test_the_export_holds_the_members_trips_with_stops(owner, member, make_trip):
    make_trip(owner, title="Mine", needs=["tent"])
    make_trip(member, title="Theirs")
    section = next(s for s in registry.sections() if s.name == "trips")
    exported = section.export(owner)
    assert [t["title"] for t in exported] == ["Mine"]
    assert exported[0]["needs"] == ["tent"]
    assert [s["place"] for s in exported[0]["stops"]] == ["Oslo, Norway", "Malmö, Sweden"]


def test_erasing_removes_all_the_members_trips(owner, member, make_trip):
    make_trip(owner)
    make_trip(member)
    section = next(s for s in registry.sections() if s.name == "trips")
    assert section.erase is not None
    section.erase(owner)
    assert list(Trip.objects.values_list("owner", flat=True)) == [member.pk]
