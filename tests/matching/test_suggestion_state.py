"""Suggestions' "new" clears once the page showed them (a POST), and a dismissal can be
undone."""

from __future__ import annotations

import pytest

from tests.conftest import client_for, make_member
from tests.matching.factories import local, offer, trip
from travel.matching.models import Suggestion
from travel.matching.services import trip_suggestions_refresh


@pytest.fixture
def matched(places, owner):
    host = make_member("host@example.org")
    local(host, places("Oslo"), "unions")
    offer(host, places("Oslo"))
    mine = trip(owner, [(places("Oslo"), 1, 3)], needs="hammock")
    trip_suggestions_refresh(trip_id=mine.pk)
    return mine


def test_new_clears_by_post_once_the_stop_was_shown(matched, owner, member):
    stop = matched.stops.get()
    client = client_for(owner)
    page = client.get(f"/matching/trips/{matched.public_id}/suggestions").content.decode()
    seen_url = f"/matching/trips/{matched.public_id}/stops/{stop.public_id}/seen"
    assert seen_url in page and 'data-hx-trigger="intersect once"' in page
    assert client.get(seen_url).status_code == 405  # never by GET
    assert client_for(member).post(seen_url).status_code == 404  # not theirs
    assert Suggestion.objects.filter(trip=matched, state="new").exists()
    assert client.post(seen_url).status_code == 204
    assert not Suggestion.objects.filter(trip=matched, state="new").exists()
    page = client.get(f"/matching/trips/{matched.public_id}/suggestions").content.decode()
    assert seen_url not in page


def test_a_dismissal_can_be_undone(matched, owner):
    suggestion = Suggestion.objects.filter(trip=matched).first()
    client = client_for(owner)
    url = f"/matching/suggestions/{suggestion.public_id}"
    dismissed = client.post(f"{url}/dismissed", HTTP_HX_REQUEST="true").content.decode()
    assert "Undo" in dismissed and f"{url}/seen" in dismissed
    suggestion.refresh_from_db()
    assert suggestion.state == "dismissed"
    back = client.post(f"{url}/seen", HTTP_HX_REQUEST="true")
    assert back.status_code == 200
    assert f'id="suggestion-{suggestion.public_id}"' in back.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == "seen"
