"""References: asked after a stay's last night (or a meet-up both attended), revealed
when both sides wrote or after 14 days (a frozen clock: the services take `now`), one
per occasion, never about something that did not happen; shown on profiles with counts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Reference
from tests.conftest import client_for
from tests.matching.factories import meetup
from travel import events
from travel.hosting import services as hosting
from travel.meetups.models import RSVP
from travel.messaging.references import BLIND_DAYS, reference_write, references_publish_due
from travel.messaging.selectors import references_for

from .conftest import make_offer


@pytest.fixture
def heard():
    seen = []

    def on(signal_name):
        def receiver(sender, **kwargs):
            seen.append((signal_name, kwargs))

        return receiver

    receivers = {
        name: on(name)
        for name in ("reference_requested", "reference_written", "reference_revealed")
    }
    for name, receiver in receivers.items():
        getattr(events, name).connect(receiver, dispatch_uid=f"test-{name}")
    yield seen
    for name in receivers:
        getattr(events, name).disconnect(dispatch_uid=f"test-{name}")


def past_stay(traveller, host, today, *, ended_days_ago=3):
    """An accepted stay whose last night is over (made with the clock set back)."""
    then = today - timedelta(days=ended_days_ago + 5)
    offer = make_offer(host, today=then)
    stay = hosting.stay_request_create(
        traveller=traveller,
        offer=offer,
        arrive=then + timedelta(days=1),
        depart=then + timedelta(days=5),
        guests=1,
        message="Hi",
        today=then,
    )
    return hosting.stay_request_accept(stay_request=stay, by=host, today=then)


def write(author, subject, stay, now, text="Kind and tidy."):
    return reference_write(
        author=author,
        subject=subject,
        kind="met",
        recommend=True,
        text=text,
        occasion=f"stay:{stay.public_id}",
        now=now,
    )


def test_both_are_asked_once_after_the_last_night(owner, member, today, heard):
    stay = past_stay(member, owner, today)
    assert hosting.stays_ask_references(today=stay.depart - timedelta(days=1)) == 0
    assert hosting.stays_ask_references(today=stay.depart) == 1
    assert hosting.stays_ask_references(today=stay.depart) == 0
    asked = [
        (k["user_id"], k["about_user_id"]) for name, k in heard if name == "reference_requested"
    ]
    assert sorted(asked) == sorted([(member.pk, owner.pk), (owner.pk, member.pk)])
    dashboard = client_for(member).get(reverse("dashboard")).content.decode()
    assert "References to write" in dashboard and f"occasion=stay%3A{stay.public_id}" in dashboard


def test_a_reference_is_hidden_until_the_other_side_writes(owner, member, outsider, today, heard):
    stay = past_stay(member, owner, today)
    now = timezone.now()
    first = write(member, owner, stay, now)
    assert first.kind == "stayed_with" and first.published_at is None
    assert references_for(owner, outsider) == []
    second = write(owner, member, stay, now + timedelta(days=2))
    assert second.kind == "hosted" and second.published_at is not None
    first.refresh_from_db()
    assert first.published_at == now + timedelta(days=2)
    assert references_for(owner, outsider) == [first]
    revealed = sorted(k["reference_id"] for name, k in heard if name == "reference_revealed")
    assert revealed == sorted([first.pk, second.pk])


def test_a_lone_reference_is_revealed_after_fourteen_days(owner, member, outsider, today, heard):
    stay = past_stay(member, owner, today, ended_days_ago=25)
    written_at = timezone.now() - timedelta(days=20)
    ref = write(member, owner, stay, written_at)
    assert (
        references_publish_due(now=written_at + timedelta(days=BLIND_DAYS) - timedelta(seconds=1))
        == 0
    )
    assert references_for(owner, outsider) == []
    assert references_publish_due(now=written_at + timedelta(days=BLIND_DAYS)) == 1
    assert references_publish_due(now=written_at + timedelta(days=BLIND_DAYS, hours=1)) == 0
    assert references_for(owner, outsider) == [ref]
    assert [k["reference_id"] for name, k in heard if name == "reference_revealed"] == [ref.pk]


def post(client, body):
    return client.post("/api/references", json.dumps(body), content_type="application/json")


def test_the_api_refuses_a_stay_that_never_happened_and_a_second_reference(owner, member, today):
    ahead = hosting.stay_request_create(
        traveller=member,
        offer=make_offer(owner, today=today),
        arrive=today + timedelta(days=3),
        depart=today + timedelta(days=5),
        guests=1,
        message="Hi",
    )
    hosting.stay_request_accept(stay_request=ahead, by=owner)
    client = client_for(member)
    for occasion in (f"stay:{ahead.public_id}", "stay:not-a-uuid", "party:1", ""):
        response = post(client, {"occasion": occasion, "text": "Great"})
        assert response.status_code == 400 and response.json()["field"] == "occasion", occasion
    stay = past_stay(member, owner, today)
    first = post(
        client, {"occasion": f"stay:{stay.public_id}", "text": "Great host", "recommend": True}
    )
    assert first.status_code == 201 and first.json()["revealed"] is False
    second = post(client, {"occasion": f"stay:{stay.public_id}", "text": "Again"})
    assert second.status_code == 400 and "already" in second.json()["message"]
    assert Reference.objects.count() == 1
    # Someone who was not part of the stay cannot write about it.
    outsider_client = client_for(
        type(member).objects.create_user(email="x@example.org", password="p" * 12)
    )
    assert (
        post(outsider_client, {"occasion": f"stay:{stay.public_id}", "text": "Hm"}).status_code
        == 400
    )


def test_profiles_and_the_api_show_revealed_references_with_counts(owner, member, outsider, today):
    stay = past_stay(member, owner, today)
    now = timezone.now()
    write(member, owner, stay, now, text="Warm welcome.")
    reference_write(
        author=owner,
        subject=member,
        kind="met",
        recommend=False,
        text="Left a mess.",
        occasion=f"stay:{stay.public_id}",
        now=now,
    )
    body = client_for(outsider).get(f"/api/members/{member.public_id}/references").json()
    assert (body["count"], body["recommend"]) == (1, 0)
    assert body["references"][0]["text"] == "Left a mess."
    page = (
        client_for(outsider)
        .get(reverse("accounts:member", args=[owner.public_id]))
        .content.decode()
    )
    assert "1 reference, 1 recommending" in page and "Warm welcome." in page
    ref = Reference.objects.get(author=member)
    report_url = reverse("messaging:report", args=["reference", ref.public_id])
    assert report_url in page
    assert client_for(outsider).get(report_url).status_code == 200


def test_a_meetup_both_attended_is_an_occasion(owner, member, places):
    evening = meetup(owner, places("Oslo"), on=1)
    RSVP.objects.create(meetup=evening, user=member, answer="yes")
    key = f"meetup:{evening.public_id}"
    with pytest.raises(ValidationError):  # not over yet
        write_meetup = reference_write(
            author=member, subject=owner, kind="met", recommend=True, text="x", occasion=key
        )
    type(evening).objects.filter(pk=evening.pk).update(starts=timezone.now() - timedelta(days=2))
    write_meetup = reference_write(
        author=member, subject=owner, kind="met", recommend=True, text="Fine talk", occasion=key
    )
    assert write_meetup.kind == "met" and write_meetup.occasion == key
