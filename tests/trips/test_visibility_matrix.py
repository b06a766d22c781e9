"""Who sees a trip, for every visibility, over the page, the API and the iCal export (P3,
P5, P9). Hidden answers exactly like missing: the same 404."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from accounts.models import Visibility
from tests.conftest import client_for

VIEWERS = ["owner", "friend", "member", "comrade", "blocked", "anonymous"]
SEES = {
    Visibility.ONLY_ME: {"owner"},
    Visibility.CONNECTIONS: {"owner", "friend"},
    Visibility.MEMBERS: {"owner", "friend", "member", "comrade"},
    Visibility.COLLECTIVE: {"owner", "comrade"},
}

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def cast(owner, friend, member, comrade, blocked):
    return {
        "owner": owner,
        "friend": friend,
        "member": member,
        "comrade": comrade,
        "blocked": blocked,
        "anonymous": None,
    }


def _trip(make_trip, owner, collective, visibility):
    extra = {"collective": collective} if visibility == Visibility.COLLECTIVE else {}
    return make_trip(owner, visibility=visibility, title="Secret route", **extra)


def _urls(public_id) -> dict[str, str]:
    return {
        "page": reverse("trips:detail", args=[public_id]),
        "api": f"/api/trips/{public_id}",
        "ical": reverse("trips:ical", args=[public_id]),
    }


@pytest.mark.parametrize("visibility", list(SEES))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_visibility_matrix(cast, make_trip, collective, visibility, viewer):
    trip = _trip(make_trip, cast["owner"], collective, visibility)
    client = client_for(cast[viewer])
    urls = _urls(trip.public_id)
    responses = {kind: client.get(url) for kind, url in urls.items()}

    if viewer == "anonymous":
        assert responses["page"].status_code == 302
        assert "/accounts/login/" in responses["page"]["Location"]
        assert responses["ical"].status_code == 302
        assert responses["api"].status_code == 401
        return
    if viewer in SEES[visibility]:
        assert responses["page"].status_code == 200
        assert "Secret route" in responses["page"].content.decode()
        assert responses["api"].status_code == 200
        assert responses["api"].json()["title"] == "Secret route"
        assert responses["ical"].status_code == 200
        assert b"BEGIN:VEVENT" in responses["ical"].content
        return
    missing_id = uuid.uuid4()
    missing = _urls(missing_id)
    for kind, response in responses.items():
        assert response.status_code == 404, (kind, viewer, visibility)
        other = client.get(missing[kind])
        assert other.status_code == 404
        assert b"Secret route" not in response.content
        # Byte for byte the answer for a trip that does not exist (ids aside).
        # (and the per-response masking of the CSRF token in the layout's forms).
        hidden = CSRF.sub(b"", response.content.replace(str(trip.public_id).encode(), b"ID"))
        absent = CSRF.sub(b"", other.content.replace(str(missing_id).encode(), b"ID"))
        assert hidden == absent, kind


@pytest.mark.parametrize("visibility", list(SEES))
def test_api_list_shows_exactly_what_each_viewer_may_see(cast, make_trip, collective, visibility):
    trip = _trip(make_trip, cast["owner"], collective, visibility)
    for viewer in VIEWERS:
        response = client_for(cast[viewer]).get("/api/trips")
        if viewer == "anonymous":
            assert response.status_code == 401
            continue
        ids = [item["id"] for item in response.json()["items"]]
        assert (str(trip.public_id) in ids) == (viewer in SEES[visibility]), viewer


def test_a_block_hides_the_blockers_trip_the_other_way_too(owner, blocked, make_trip):
    """Blocks are mutual: the blocker doesn't see the blocked member's trip either."""
    theirs = make_trip(blocked, visibility=Visibility.MEMBERS)
    response = client_for(owner).get(reverse("trips:detail", args=[theirs.public_id]))
    assert response.status_code == 404


def test_a_suspended_owners_trip_is_hidden(owner, member, make_trip):
    trip = make_trip(owner)
    owner.is_suspended = True
    owner.save(update_fields=["is_suspended"])
    assert client_for(member).get(f"/api/trips/{trip.public_id}").status_code == 404


def test_only_the_owner_sees_who_may_see_it_and_the_calendar_link(owner, member, make_trip):
    trip = make_trip(owner, visibility=Visibility.MEMBERS)
    mine = client_for(owner).get(f"/api/trips/{trip.public_id}").json()
    theirs = client_for(member).get(f"/api/trips/{trip.public_id}").json()
    assert mine["visibility"] == "members" and trip.calendar_token in mine["calendar_feed"]
    assert theirs["visibility"] is None and theirs["calendar_feed"] is None
    page = client_for(member).get(reverse("trips:detail", args=[trip.public_id]))
    assert trip.calendar_token not in page.content.decode()
