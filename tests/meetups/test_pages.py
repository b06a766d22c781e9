"""Meet-up pages for owner, member, blocked and anonymous; venue; time zones."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import Visibility
from tests.conftest import assert_same_404
from travel.meetups.models import RSVP
from travel.meetups.services import rsvp_set

pytestmark = pytest.mark.django_db
VENUE = "Union hall, 3rd floor"


def url(meetup, suffix=""):
    return f"/meetups/{meetup.public_id}/{suffix}"


def test_it_shows_the_meetup_with_venue_to_the_organizer(owner_client, meetup):
    response = owner_client.get(url(meetup))
    assert response.status_code == 200
    assert VENUE in response.content.decode()


def test_it_hides_the_venue_from_members_until_they_say_yes_or_maybe(member_client, member, meetup):
    page = member_client.get(url(meetup)).content.decode()
    assert meetup.title in page
    assert VENUE not in page
    rsvp_set(meetup=meetup, user=member, answer="maybe")
    assert VENUE in member_client.get(url(meetup)).content.decode()
    rsvp_set(meetup=meetup, user=member, answer="no")
    assert VENUE not in member_client.get(url(meetup)).content.decode()


def test_it_answers_blocked_members_with_the_same_404_as_a_missing_meetup(blocked_client, meetup):
    import uuid

    missing = blocked_client.get(f"/meetups/{uuid.uuid4()}/")
    assert_same_404(blocked_client.get(url(meetup)), missing)
    assert blocked_client.post(url(meetup, "rsvp/"), {"answer": "yes"}).status_code == 404
    assert blocked_client.get(url(meetup, "meetup.ics")).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, meetup):
    for path in (
        url(meetup),
        "/meetups/",
        "/meetups/new/",
        "/meetups/near/",
        url(meetup, "meetup.ics"),
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/accounts/login/" in response["Location"]
    assert meetup.title not in client.get(url(meetup), follow=True).content.decode()


def test_it_shows_local_time_of_the_place_whatever_the_viewers_zone(
    member_client, owner, make_meetup
):
    oslo = ZoneInfo("Europe/Oslo")
    starts = datetime(2027, 3, 10, 19, 0, tzinfo=oslo)
    meetup = make_meetup(owner, starts=starts, now=starts - timedelta(days=3))
    with timezone.override(ZoneInfo("America/New_York")):
        page = member_client.get(url(meetup)).content.decode()
    assert "19:00" in page
    assert "13:00" not in page
    assert "Europe/Oslo" in page


def test_it_keeps_wall_time_across_the_dst_change(member_client, owner, make_meetup):
    oslo = ZoneInfo("Europe/Oslo")
    # Clocks go forward on 28 March 2027; 19:00 the next day is still 19:00 local.
    starts = datetime(2027, 3, 29, 19, 0, tzinfo=oslo)
    meetup = make_meetup(owner, starts=starts, now=starts - timedelta(days=5))
    assert meetup.starts.utcoffset() == timedelta(hours=2)
    with timezone.override(ZoneInfo("UTC")):
        page = member_client.get(url(meetup)).content.decode()
    assert "19:00" in page


def test_htmx_rsvp_swaps_in_the_venue(member_client, meetup):
    response = member_client.post(url(meetup, "rsvp/"), {"answer": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert VENUE in response.content.decode()
    assert 'id="attendance"' in response.content.decode()


def test_htmx_rsvp_over_capacity_says_full_and_changes_nothing(
    member_client, member, owner, make_meetup
):
    meetup = make_meetup(owner, capacity=1)
    response = member_client.post(url(meetup, "rsvp/"), {"answer": "yes"}, HTTP_HX_REQUEST="true")
    assert "This meet-up is full." in response.content.decode()
    assert not RSVP.objects.filter(meetup=meetup, user=member).exists()


def test_only_the_organizer_can_edit_or_cancel(member_client, owner_client, meetup):
    assert member_client.get(url(meetup, "edit/")).status_code == 404
    assert member_client.post(url(meetup, "cancel/")).status_code == 404
    assert owner_client.get(url(meetup, "edit/")).status_code == 200
    assert owner_client.post(url(meetup, "cancel/")).status_code == 302
    meetup.refresh_from_db()
    assert meetup.status == "cancelled"


def test_create_form_prefills_from_a_suggestion(owner_client, places, member):
    oslo = places("Oslo")
    response = owner_client.get(
        "/meetups/new/",
        {
            "place": oslo.pk,
            "date": "2027-05-04",
            "topics": "unions,commons",
            "invite": str(member.public_id),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Oslo, Norway" in page or "Oslo, NO" in page
    assert 'value="2027-05-04"' in page
    assert 'value="unions" checked' in page or ('value="unions"' in page and "checked" in page)
    assert member.name in page


def test_create_form_leaves_out_blocked_invitees(owner_client, blocked):
    page = owner_client.get("/meetups/new/", {"invite": str(blocked.public_id)}).content.decode()
    assert blocked.name not in page


def test_it_creates_a_meetup_in_the_places_time_zone(owner_client, owner, places, member):
    day = (timezone.now() + timedelta(days=10)).date()
    response = owner_client.post(
        "/meetups/new/",
        {
            "title": "Potluck",
            "place": places("Oslo").pk,
            "date": day.isoformat(),
            "start_time": "19:00",
            "end_time": "01:00",
            "visibility": Visibility.MEMBERS,
            "topics": ["unions"],
            "invite": [str(member.public_id)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meetup = owner.meetups_organised.get()
    assert meetup.starts_local.hour == 19
    assert meetup.ends_local.date() == day + timedelta(days=1)
    assert meetup.invitations.filter(invitee=member).exists()


def test_a_time_skipped_by_dst_is_a_clear_form_error(owner_client, owner, places):
    response = owner_client.post(
        "/meetups/new/",
        {
            "title": "Night walk",
            "place": places("Oslo").pk,
            "date": "2030-03-31",  # clocks go forward at 02:00
            "start_time": "02:30",
            "visibility": Visibility.MEMBERS,
        },
    )
    assert response.status_code == 400  # a form showing errors answers 400 (issue 14)
    assert "does not exist" in response.content.decode()
    assert not owner.meetups_organised.exists()


def test_a_past_time_is_a_clear_form_error(owner_client, owner, places):
    response = owner_client.post(
        "/meetups/new/",
        {
            "title": "Too late",
            "place": places("Oslo").pk,
            "date": "2001-01-01",
            "start_time": "19:00",
            "visibility": "members",
        },
    )
    assert "has passed" in response.content.decode()
    assert not owner.meetups_organised.exists()


def test_invite_form_answers_blocked_as_no_such_member(owner_client, blocked, meetup):
    response = owner_client.post(
        url(meetup, "invite/"), {"user": str(blocked.public_id)}, follow=True
    )
    assert "No such member." in response.content.decode()
    assert not meetup.invitations.exists()


def test_my_meetups_lists_organising_invited_and_going(
    owner_client, owner, member, make_meetup, django_assert_max_num_queries
):
    from travel.meetups.services import invitation_create

    mine = make_meetup(owner, title="Mine")
    theirs = make_meetup(member, title="Theirs")
    invited = make_meetup(member, title="Invited", visibility=Visibility.ONLY_ME)
    invitation_create(meetup=invited, actor=member, invitee=owner)
    rsvp_set(meetup=theirs, user=owner, answer="yes")
    for i in range(5):
        make_meetup(member, title=f"Extra {i}")
    # session + user, feed token, 3 lists x (meetups + topics prefetch), savepoints
    with django_assert_max_num_queries(14):
        page = owner_client.get("/meetups/").content.decode()
    for title in (mine.title, theirs.title, invited.title):
        assert title in page
    assert "Extra" not in page


def test_near_lists_meetups_and_city_points_without_venues(
    member_client, owner, places, make_meetup, django_assert_max_num_queries
):
    for i in range(3):
        make_meetup(owner, "Oslo", title=f"Oslo {i}")
    make_meetup(owner, "Berlin", title="Far away")
    oslo = places("Oslo").pk
    # session, user, place (form), meetups, topics prefetch, place widget, topic choices
    with django_assert_max_num_queries(7):
        response = member_client.get("/meetups/near/", {"place": oslo, "radius_km": 50})
    page = response.content.decode()
    assert "Oslo 2" in page and "Far away" not in page
    assert 'id="meetups-points"' in page
    assert VENUE not in page


def test_near_hides_blocked_organizers(blocked_client, meetup, places):
    page = blocked_client.get(
        "/meetups/near/", {"place": places("Oslo").pk, "radius_km": 50}
    ).content.decode()
    assert meetup.title not in page
