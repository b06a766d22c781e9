"""The notifications page, the navigation's badges, the settings page and the one-click
email link."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.utils import timezone

from tests.conftest import client_for
from tests.meetups.conftest import make_meetup  # noqa: F401  (fixture)
from tests.messaging.conftest import connect, send
from travel.meetups.services import rsvp_set
from travel.notifications import services
from travel.notifications.models import Notification, Preference


def test_the_page_groups_by_day_and_marks_nothing_read_by_get(owner, member, make_meetup):  # noqa: F811
    meetup = make_meetup(owner)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    Notification.objects.create(
        recipient=owner,
        key="old",
        kind="moderation",
        text="An older one",
        created=timezone.now() - timedelta(days=2),
    )
    page = client_for(owner).get("/notifications/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="notice-day"') == 2
    assert "Mel Member is going to Union evening" in html
    assert "Mark all read" in html
    assert "<li></li>" not in html and "<ul></ul>" not in html
    assert Notification.objects.filter(recipient=owner, read_at__isnull=True).count() == 2
    client_for(owner).post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=owner, read_at__isnull=True).exists()


def test_the_page_needs_a_member(client):
    assert client.get("/notifications/").status_code == 302


def test_badges_show_both_counts_in_one_query(owner, member, django_assert_max_num_queries):
    connect(owner, member)
    send(owner, member, "Hello")
    client = client_for(member)
    with django_assert_max_num_queries(3):  # session, user, the one badge query
        html = client.get("/notifications/badges/").content.decode()
    assert 'id="badge-notices"' in html and 'id="badge-messages"' in html
    assert 'data-hx-swap-oob="true"' in html
    assert "badge-empty" not in html.split('id="badge-notices"')[1].split(">")[0]


def test_every_page_polls_the_badges(owner):
    html = client_for(owner).get("/dashboard/").content.decode()
    assert 'data-hx-get="/notifications/badges/"' in html
    assert 'id="badge-notices"' in html and 'id="badge-messages"' in html


def test_the_settings_page_saves_preferences(owner):
    client = client_for(owner)
    assert client.get("/notifications/settings/").status_code == 200
    data = {"messages-email": "daily", "messages-push": "on", "language": "de", "previews": "on"}
    for kind in ("stays", "meetups", "suggestions", "references", "collectives", "moderation"):
        data[f"{kind}-email"] = "never"
    assert client.post("/notifications/settings/", data).status_code == 302
    assert Preference.objects.get(user=owner, kind="messages").email == "daily"
    assert Preference.objects.get(user=owner, kind="stays").push is False
    owner.refresh_from_db()
    assert owner.language == "de"


def test_bad_settings_are_a_400(owner):
    client = client_for(owner)
    assert client.post("/notifications/settings/", {"messages-email": "hourly"}).status_code == 400
    assert client.post("/notifications/settings/", {"nonsense-email": "never"}).status_code == 400


def test_the_email_link_changes_that_kinds_setting_in_one_click(owner, client):
    url = services.unsubscribe_url(user_id=owner.pk, kind="messages")
    path = url.split("8000", 1)[-1] if "8000" in url else url
    # A GET (a link scanner) changes nothing.
    assert client.get(path).status_code == 200
    assert not Preference.objects.filter(user=owner).exists()
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", no session needed.
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Preference.objects.get(user=owner, kind="messages").email == "never"


def test_a_forged_email_link_is_404(owner, client):
    token = signing.dumps([owner.pk, "messages"], salt="wrong")
    assert client.post(f"/notifications/email/{token}/").status_code == 404
