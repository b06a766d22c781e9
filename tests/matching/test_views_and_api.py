import pytest
from django.urls import reverse

from tests.conftest import client_for, make_member
from tests.matching.factories import day, trip
from travel.matching.models import Suggestion
from travel.matching.services import trip_suggestions_refresh


@pytest.fixture
def crossing(places, owner, member):
    mine = trip(owner, [(places("Oslo"), 1, 3)])
    trip(member, [(places("Oslo"), 2, 4)])
    trip_suggestions_refresh(trip_id=mine.pk)
    return mine


def test_the_owner_gets_suggestions_per_stop_as_html(crossing, owner_client, member):
    stop = crossing.stops.get()
    response = owner_client.get(reverse("matching:trip_suggestions", args=[crossing.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="suggestions-{stop.public_id}"' in html
    assert member.name in html
    assert "Unions" in html  # the explanation names the shared topic


@pytest.mark.parametrize("who", ["member", "blocked"])
def test_nobody_else_sees_a_trips_suggestions(crossing, request, who):
    client = client_for(request.getfixturevalue(who))
    url = reverse("matching:trip_suggestions", args=[crossing.public_id])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/trips/{crossing.public_id}/suggestions").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(crossing, client):
    url = reverse("matching:trip_suggestions", args=[crossing.public_id])
    assert client.get(url).status_code == 302
    assert client.get(f"/api/trips/{crossing.public_id}/suggestions").status_code == 401


def test_the_api_explains_each_suggestion(crossing, owner_client, member):
    body = owner_client.get(f"/api/trips/{crossing.public_id}/suggestions").json()
    [stop] = body
    [item] = stop["suggestions"]["traveller"]
    assert item["title"] == member.name
    assert item["shared_topics"] == ["unions"]
    assert item["distance_km"] == 0
    assert item["start"] == day(2).isoformat() and item["end"] == day(3).isoformat()
    assert 0 <= item["score"] <= 1
    assert "You both care about Unions" in item["explanation"]


def test_dismissing_hides_it_and_only_the_owner_can(crossing, owner_client, member_client):
    suggestion = Suggestion.objects.get()
    url = reverse("matching:suggestion_state", args=[suggestion.public_id, "dismissed"])
    assert member_client.post(url).status_code == 404
    assert owner_client.post(url).status_code == 200
    suggestion.refresh_from_db()
    assert suggestion.state == "dismissed"
    html = owner_client.get(reverse("matching:trip_suggestions", args=[crossing.public_id])).content
    assert b"suggestion-" + str(suggestion.public_id).encode() not in html
    # It stays dismissed when the matcher runs again.
    trip_suggestions_refresh(trip_id=crossing.pk)
    suggestion.refresh_from_db()
    assert suggestion.state == "dismissed"


def test_a_block_after_matching_hides_the_suggestion_at_once(crossing, owner, owner_client, member):
    from accounts.models import Block

    Block.objects.create(blocker=member, blocked=owner)
    body = owner_client.get(f"/api/trips/{crossing.public_id}/suggestions").json()
    assert body[0]["suggestions"] == {}


@pytest.fixture
def busy(places, owner):
    """A trip with two stops, six other travellers near each."""
    mine = trip(owner, [(places("Oslo"), 1, 3), (places("Malmö"), 4, 6)])
    for i in range(12):
        trip(make_member(), [(places("Oslo" if i % 2 else "Malmö"), 1, 6)])
    trip_suggestions_refresh(trip_id=mine.pk)
    return mine


def test_the_suggestions_show_the_best_few_per_stop_and_kind_in_fixed_queries(
    busy, owner_client, django_assert_max_num_queries
):
    from travel.matching.views import SHOWN_PER_GROUP

    url = reverse("matching:trip_suggestions", args=[busy.public_id])
    owner_client.get(url)  # the first request records the signed-in session
    # session, user, trip, the best suggestions of each group, their counts, the
    # suggested stops (one query per kind present), topic names, the trip's stops.
    with django_assert_max_num_queries(8):
        response = owner_client.get(url)
    html = response.content.decode()
    assert html.count('class="suggestion"') == 2 * SHOWN_PER_GROUP
    best = Suggestion.objects.filter(stop__place__name="Oslo").order_by("-score", "id")
    for s in best[:SHOWN_PER_GROUP]:
        assert f"suggestion-{s.public_id}" in html
    for stop in busy.stops.all():
        more = reverse(
            "matching:stop_suggestions", args=[busy.public_id, stop.public_id, "traveller"]
        )
        assert f'href="{more}"' in html
    assert "Show all 6 (Travellers)" in html


def test_show_all_lists_every_suggestion_of_the_group(busy, owner_client):
    stop = busy.stops.get(place__name="Oslo")
    url = reverse("matching:stop_suggestions", args=[busy.public_id, stop.public_id, "traveller"])
    page = owner_client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('class="suggestion"') == 6
    assert "<h1>Travellers near Oslo</h1>" in page.content.decode()
    # Over HTMX: the group alone (a foldable details), in place of the short one.
    part = owner_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.startswith(
        f'<details class="suggestion-group" id="group-{stop.public_id}-traveller" open'
    )
    assert part.count('class="suggestion"') == 6 and "Show all" not in part


@pytest.mark.parametrize("who", ["member", "blocked"])
def test_nobody_else_opens_a_group_and_unknown_kinds_are_missing(busy, request, who, owner_client):
    stop = busy.stops.first()
    url = reverse("matching:stop_suggestions", args=[busy.public_id, stop.public_id, "traveller"])
    assert client_for(request.getfixturevalue(who)).get(url).status_code == 404
    wrong = reverse("matching:stop_suggestions", args=[busy.public_id, stop.public_id, "sofa"])
    assert owner_client.get(wrong).status_code == 404
    other = trip(make_member(), [(stop.place, 1, 2)]).stops.get()
    elsewhere = reverse(
        "matching:stop_suggestions", args=[busy.public_id, other.public_id, "traveller"]
    )
    assert owner_client.get(elsewhere).status_code == 404


class TestPassingThroughEndpoint:
    def url(self, **params):
        from urllib.parse import urlencode

        return "/api/passing-through?" + urlencode(params)

    @staticmethod
    def organize(user, places):
        """Organizers are members of a collective (P4)."""
        from travel.collectives.models import Collective, Membership

        group = Collective.objects.create(name="Oslo Union", home_place=places("Oslo"))
        Membership.objects.create(collective=group, user=user)

    def test_it_returns_weeks_of_travellers(self, places, member, member_client, owner):
        trip(owner, [(places("Oslo"), 1, 3)])
        self.organize(member, places)
        body = member_client.get(
            self.url(place=places("Oslo").pk, radius_km=30, start=day(0), end=day(20))
        ).json()
        assert body[0]["travellers"] == 1
        assert body[0]["stops"][0]["name"] == owner.name
        assert set(body[0]["stops"][0]) == {
            "traveller",
            "name",
            "place",
            "arrive",
            "depart",
            "tentative",
            "topics",
        }

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"radius_km": 201}, "radius_km"),
            ({"end": day(100)}, "end"),
            ({"topics": "unions,not-a-topic"}, "topics"),
            ({"place": 999999999}, "place"),
        ],
    )
    def test_bad_input_is_a_clear_4xx(self, places, member_client, params, field):
        query = {
            "place": places("Oslo").pk,
            "radius_km": 30,
            "start": day(0),
            "end": day(20),
            **params,
        }
        response = member_client.get(self.url(**query))
        assert response.status_code == 400
        assert response.json()["field"] == field

    def test_anonymous_is_refused(self, places, client):
        assert (
            client.get(self.url(place=places("Oslo").pk, start=day(0), end=day(5))).status_code
            == 401
        )

    def test_the_page_shows_travellers_and_invites(self, places, owner, member, member_client):
        trip(owner, [(places("Oslo"), 1, 3)])
        self.organize(member, places)
        response = member_client.get(
            reverse("matching:passing_through"),
            {"place": places("Oslo").pk, "radius_km": 30, "start": day(0), "end": day(20)},
        )
        assert response.status_code == 200
        assert owner.name in response.content.decode()
        assert "Invite to a new meet-up" in response.content.decode()

    def test_a_member_in_no_collective_gets_only_counts(self, places, owner, member_client):
        trip(owner, [(places("Oslo"), 1, 3)])
        query = {"place": places("Oslo").pk, "radius_km": 30, "start": day(0), "end": day(20)}
        body = member_client.get(self.url(**query)).json()
        assert body[0]["travellers"] == 1 and body[0]["stops"] == []
        page = member_client.get(reverse("matching:passing_through"), query).content.decode()
        assert "1 traveller" in page and owner.name not in page
        assert str(owner.public_id) not in page
        assert "you see the counts only" in page

    def test_moderators_see_travellers(self, places, owner, member, member_client):
        trip(owner, [(places("Oslo"), 1, 3)])
        type(member).objects.filter(pk=member.pk).update(is_staff=True)
        query = {"place": places("Oslo").pk, "radius_km": 30, "start": day(0), "end": day(20)}
        assert member_client.get(self.url(**query)).json()[0]["stops"][0]["name"] == owner.name

    def test_the_page_keeps_input_and_explains_errors(self, places, member_client):
        response = member_client.get(
            reverse("matching:passing_through"),
            {"place": places("Oslo").pk, "radius_km": 500, "start": day(0), "end": day(20)},
        )
        assert response.status_code == 400
        assert 'value="500"' in response.content.decode()
