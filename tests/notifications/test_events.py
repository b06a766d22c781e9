"""Done when 2: a stay acceptance, an RSVP to my meet-up and an invitation each give the
matching notification, read through the API; reading and bad input."""

from __future__ import annotations

import pytest

from tests.conftest import client_for, make_member
from tests.hosting.conftest import ask, make_offer
from tests.meetups.conftest import make_meetup  # noqa: F401  (fixture)
from tests.messaging.conftest import connect
from travel.hosting.services import stay_request_accept
from travel.meetups.services import invitation_create, meetup_update, rsvp_set
from travel.notifications.models import Notification


def _kinds(user) -> list[str]:
    response = client_for(user).get("/api/notifications")
    assert response.status_code == 200
    return [n["kind"] for n in response.json()]


def test_a_stay_acceptance_tells_the_traveller(owner, member):
    offer = make_offer(owner)
    req = ask(member, offer)
    assert _kinds(owner) == ["stay_request"]
    stay_request_accept(stay_request=req, by=owner)
    [notice] = client_for(member).get("/api/notifications").json()
    assert notice["kind"] == "stay_accepted"
    assert "Olive Owner accepted your stay" in notice["text"]
    assert str(req.public_id) in notice["link"]
    assert client_for(member).get("/api/notifications/unread").json()["notifications"] == 1


def test_an_rsvp_to_my_meetup_tells_me(owner, member, make_meetup):  # noqa: F811
    meetup = make_meetup(owner)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    [notice] = client_for(owner).get("/api/notifications").json()
    assert notice["kind"] == "meetup_rsvp"
    assert notice["text"] == "Mel Member is going to Union evening"
    rsvp_set(meetup=meetup, user=member, answer="yes")  # the same answer: told once
    assert _kinds(owner) == ["meetup_rsvp"]


def test_an_invitation_tells_the_invitee(owner, member, make_meetup):  # noqa: F811
    connect(owner, member)
    meetup = make_meetup(owner)
    invitation_create(meetup=meetup, actor=owner, invitee=member)
    [notice] = Notification.objects.filter(recipient=member)
    assert notice.kind == "meetup_invitation"
    assert notice.text == "Olive Owner invites you to Union evening"


def test_a_strangers_invitation_is_in_app_only(owner, outsider, make_meetup):  # noqa: F811
    meetup = make_meetup(owner)
    invitation_create(meetup=meetup, actor=owner, invitee=outsider)
    [notice] = Notification.objects.filter(recipient=outsider)
    assert notice.email == ""


def test_a_changed_meetup_tells_who_is_going_but_not_the_address(owner, member, make_meetup):  # noqa: F811
    meetup = make_meetup(owner)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    meetup_update(meetup=meetup, actor=owner, data={"venue": "Folkets hus, room 2"})
    [notice] = Notification.objects.filter(recipient=member)
    assert notice.kind == "meetup_changed"
    assert "Folkets" not in notice.text


def test_marking_read_is_a_post_and_someone_elses_is_404(owner, member, outsider, make_meetup):  # noqa: F811
    meetup = make_meetup(owner)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    notice = Notification.objects.get(recipient=owner)
    assert (
        client_for(outsider).post(f"/api/notifications/{notice.public_id}/read").status_code == 404
    )
    assert client_for(owner).post("/api/notifications/not-a-uuid/read").status_code == 404
    assert client_for(owner).get(f"/notifications/{notice.public_id}/open/").status_code == 405
    response = client_for(owner).post(f"/notifications/{notice.public_id}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/meetups/{meetup.public_id}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert client_for(owner).get("/api/notifications/unread").json()["notifications"] == 0


def test_mark_all_read(owner, member, make_meetup):  # noqa: F811
    meetup = make_meetup(owner)
    for person in (member, make_member()):
        rsvp_set(meetup=meetup, user=person, answer="maybe")
    client = client_for(owner)
    assert client.get("/api/notifications/unread").json()["notifications"] == 2
    assert client.post("/api/notifications/read-all").json()["notifications"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"nonsense": {"email": "never"}}, "kind"),
        ({"messages": {"email": "hourly"}}, "email"),
        ({"messages": {"sms": True}}, "channel"),
    ],
)
def test_bad_preferences_are_a_4xx_naming_the_field(owner, payload, field):
    response = client_for(owner).patch(
        "/api/notifications/preferences", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_preferences_change_what_is_emailed(owner, member, make_meetup):  # noqa: F811
    client = client_for(owner)
    response = client.patch(
        "/api/notifications/preferences",
        {"meetups": {"email": "never", "push": False}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert {"kind": "meetups", "email": "never", "push": False} in response.json()
    meetup = make_meetup(owner)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    assert Notification.objects.get(recipient=owner).email == ""


def test_blocked_people_notify_nothing(owner, blocked, make_meetup):  # noqa: F811
    meetup = make_meetup(blocked)
    # The block hides the meet-up from the owner; even a stray event tells nothing.
    from travel import events
    from travel.events import emit

    emit(events.rsvp_changed, meetup_id=meetup.pk, user_id=owner.pk, answer="yes", previous=None)
    assert not Notification.objects.filter(recipient=blocked).exists()


def test_other_apps_emails_follow_the_preference_and_carry_the_one_click_link(
    owner, member, mailoutbox, django_capture_on_commit_callbacks
):
    from travel.notifications.services import preference_set

    offer = make_offer(owner)
    with django_capture_on_commit_callbacks(execute=True):
        req = ask(member, offer)
    [mail] = mailoutbox
    assert mail.to == ["owner@example.org"]
    assert mail.extra_headers["List-Unsubscribe"].startswith("<http")
    # Daily: the host's app email is not sent; the centre's digest carries it.
    preference_set(user=member, kind="stays", email="daily")
    with django_capture_on_commit_callbacks(execute=True):
        stay_request_accept(stay_request=req, by=owner)
    assert len(mailoutbox) == 1
    assert Notification.objects.get(recipient=member, kind="stay_accepted").email == "daily"
