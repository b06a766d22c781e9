"""Stay request transitions, the invalid ones (clear message, nothing changed), the
connection an accepted stay makes, and emails sent once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.models import Block, ContactChannel
from accounts.selectors import are_connected
from tests.conftest import make_member
from travel.hosting import selectors, services
from travel.hosting.models import StayNotification, StayRequest
from travel.hosting.tasks import expire_stay_requests
from travel.outbox.models import OutboxMessage
from travel.outbox.tasks import deliver

from .conftest import ask, make_offer


def snapshot(stay):
    return StayRequest.objects.filter(pk=stay.pk).values().get()


def test_it_creates_a_pending_request_and_tells_the_host_once(
    member, offer, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stay = ask(member, offer)
    assert stay.status == StayRequest.Status.PENDING
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "asks to stay" in mail.outbox[0].subject
    assert f"/hosting/requests/{stay.public_id}/" in mail.outbox[0].body


def test_nights_run_from_arrival_to_the_morning_of_departure(stay):
    assert stay.night_count == 2
    assert stay.nights == [stay.arrive, stay.arrive + timedelta(days=1)]


def test_the_host_accepts_connects_and_the_traveller_is_told(
    stay, owner, member, django_capture_on_commit_callbacks
):
    ContactChannel.objects.create(
        user=owner, kind="signal", value="+47 000", visibility="connections"
    )
    assert selectors.host_contacts_for(viewer=member, person=owner) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.stay_request_accept(stay_request=stay, by=owner)
    stay.refresh_from_db()
    assert stay.status == StayRequest.Status.ACCEPTED
    assert stay.answered is not None
    assert are_connected(owner, member)
    assert [c.value for c in selectors.host_contacts_for(viewer=member, person=owner)] == [
        "+47 000"
    ]
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "accepted" in mail.outbox[0].subject


def test_the_host_declines_and_the_traveller_is_told(
    stay, owner, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.stay_request_decline(stay_request=stay, by=owner)
    assert snapshot(stay)["status"] == "declined"
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert not are_connected(owner, member)


@pytest.mark.parametrize("accepted_first", [False, True])
def test_the_traveller_cancels_and_the_host_is_told(
    stay, owner, member, accepted_first, django_capture_on_commit_callbacks
):
    if accepted_first:
        services.stay_request_accept(stay_request=stay, by=owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.stay_request_cancel(stay_request=stay, by=member)
    row = snapshot(stay)
    assert row["status"] == "cancelled" and row["cancelled_by_id"] == member.pk
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_the_host_cancels_an_accepted_stay_and_the_traveller_is_told(
    stay, owner, member, django_capture_on_commit_callbacks
):
    services.stay_request_accept(stay_request=stay, by=owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.stay_request_cancel(stay_request=stay, by=owner)
    assert snapshot(stay)["status"] == "cancelled"
    assert [m.to for m in mail.outbox] == [[member.email]]


# ------------------------------------------------------------------ invalid requests


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"start": 70, "nights": 2}, "arrive"),  # after the window
        ({"start": 58, "nights": 5}, "arrive"),  # runs past its end
        ({"guests": 3}, "guests"),  # capacity is 2
        ({"start": -1}, "arrive"),  # in the past
        ({"nights": 40}, "depart"),
    ],
)
def test_it_refuses_bad_requests_with_a_field_and_saves_nothing(member, offer, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        ask(member, offer, **kwargs)
    assert field in exc.value.message_dict
    assert not StayRequest.objects.exists()
    assert not StayNotification.objects.exists()


def test_it_refuses_dates_in_a_gap_between_windows(owner, member, today):
    offer = make_offer(owner, days=5)
    services.availability_add(
        offer=offer, start=today + timedelta(days=8), end=today + timedelta(days=20)
    )
    with pytest.raises(ValidationError):
        ask(member, offer, start=4, nights=5)  # nights 4..8, 6 and 7 are not offered
    assert ask(member, offer, start=9, nights=3).status == "pending"


def test_it_refuses_a_request_to_ones_own_offer(owner, offer):
    with pytest.raises(ValidationError) as exc:
        ask(owner, offer)
    assert "own offer" in exc.value.message_dict["offer"][0]
    assert not StayRequest.objects.exists()


@pytest.mark.parametrize("direction", ["host blocked traveller", "traveller blocked host"])
def test_between_blocked_members_the_offer_does_not_exist(owner, member, offer, direction):
    if direction == "host blocked traveller":
        Block.objects.create(blocker=owner, blocked=member)
    else:
        Block.objects.create(blocker=member, blocked=owner)
    with pytest.raises(Http404):
        ask(member, offer)
    assert selectors.offer_for_viewer(viewer=member, public_id=offer.public_id) is None
    assert not StayRequest.objects.exists()


def test_it_refuses_a_request_to_a_paused_offer(owner, member, offer):
    services.offer_update(offer=offer, data={"status": "paused"})
    with pytest.raises(ValidationError):
        ask(member, offer)


def test_it_refuses_a_second_pending_request_for_the_same_nights(member, offer, stay):
    with pytest.raises(ValidationError):
        ask(member, offer, start=11)
    assert StayRequest.objects.count() == 1


def test_no_accept_after_cancel(stay, owner, member):
    services.stay_request_cancel(stay_request=stay, by=member)
    before = snapshot(stay)
    with pytest.raises(ValidationError) as exc:
        services.stay_request_accept(stay_request=stay, by=owner)
    assert "Cancelled" in exc.value.message_dict["status"][0]
    assert snapshot(stay) == before
    assert not are_connected(owner, member)


def test_no_second_accept(stay, owner):
    services.stay_request_accept(stay_request=stay, by=owner)
    before = snapshot(stay)
    notes = StayNotification.objects.count()
    with pytest.raises(ValidationError):
        services.stay_request_accept(stay_request=stay, by=owner)
    assert snapshot(stay) == before
    assert StayNotification.objects.count() == notes


@pytest.mark.parametrize("final", ["declined", "cancelled", "expired"])
def test_final_states_take_no_decline_or_second_cancel(stay, owner, member, final):
    StayRequest.objects.filter(pk=stay.pk).update(status=final)
    stay.refresh_from_db()
    for action in (services.stay_request_decline, services.stay_request_cancel):
        with pytest.raises(ValidationError):
            action(stay_request=stay, by=owner)
    assert snapshot(stay)["status"] == final


def test_only_the_host_answers(stay, member, outsider):
    for who in (member, outsider):
        with pytest.raises(Http404):
            services.stay_request_accept(stay_request=stay, by=who)
        with pytest.raises(Http404):
            services.stay_request_decline(stay_request=stay, by=who)
    with pytest.raises(Http404):
        services.stay_request_cancel(stay_request=stay, by=outsider)
    assert snapshot(stay)["status"] == "pending"


def test_accept_checks_capacity_night_by_night(owner, offer, today):
    # Capacity 2: a guest on nights 10-11, another on 11-12; a third overlapping night 11.
    a = ask(make_member(), offer, start=10, nights=2)
    b = ask(make_member(), offer, start=11, nights=2)
    c = ask(make_member(), offer, start=11, nights=1)
    d = ask(make_member(), offer, start=12, nights=1)
    services.stay_request_accept(stay_request=a, by=owner)
    services.stay_request_accept(stay_request=b, by=owner)
    with pytest.raises(ValidationError) as exc:
        services.stay_request_accept(stay_request=c, by=owner)
    assert "No room left" in exc.value.message_dict["guests"][0]
    assert snapshot(c)["status"] == "pending"
    services.stay_request_accept(stay_request=d, by=owner)  # night 12: only b there
    cal = selectors.guests_per_night(
        offer=offer, start=today + timedelta(days=10), end=today + timedelta(days=13)
    )
    assert [cal[today + timedelta(days=d)] for d in (10, 11, 12)] == [1, 2, 2]


# ------------------------------------------------------------------ expiry


def test_a_request_expires_on_its_arrival_date(
    stay, member, today, django_capture_on_commit_callbacks
):
    StayRequest.objects.filter(pk=stay.pk).update(arrive=today, depart=today + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_stay_requests() == 1
        assert expire_stay_requests() == 0
    assert snapshot(stay)["status"] == "expired"
    assert [m.to for m in mail.outbox][-1] == [member.email]
    assert len([m for m in mail.outbox if "expired" in m.subject]) == 1


def test_a_request_expires_after_seven_days_without_answer(stay):
    StayRequest.objects.filter(pk=stay.pk).update(
        created=stay.created - timedelta(days=7, minutes=1)
    )
    assert services.stay_requests_expire() == 1
    assert snapshot(stay)["status"] == "expired"


def test_a_fresh_request_or_an_answered_one_does_not_expire(stay, owner, member, offer):
    assert services.stay_requests_expire() == 0
    services.stay_request_accept(stay_request=stay, by=owner)
    StayRequest.objects.filter(pk=stay.pk).update(created=stay.created - timedelta(days=30))
    assert services.stay_requests_expire() == 0
    assert snapshot(stay)["status"] == "accepted"


def test_the_expiry_task_is_on_the_beat_schedule():
    from travel.wiring.house import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["expire-stay-requests"]["task"] == expire_stay_requests.name


# ------------------------------------------------------------------ emails once


def test_every_email_is_sent_once_even_when_the_task_runs_twice(
    owner, member, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        stay = ask(member, offer)
        services.stay_request_accept(stay_request=stay, by=owner)
        services.stay_request_cancel(stay_request=stay, by=member)
        other = ask(make_member(), offer, start=20)
        services.stay_request_decline(stay_request=other, by=owner)
        late = ask(make_member(), offer, start=30)
        StayRequest.objects.filter(pk=late.pk).update(created=late.created - timedelta(days=8))
        services.stay_requests_expire()
    notes = list(StayNotification.objects.order_by("pk"))
    assert {n.kind for n in notes} == {"new", "accepted", "cancelled", "declined", "expired"}
    assert mail.outbox == []
    for note in notes:
        outbox_id = OutboxMessage.objects.get(key=note.key).pk
        assert deliver(outbox_id) is True
        assert deliver(outbox_id) is False
        deliver.apply(args=[outbox_id])  # as a redelivered message would
    assert len(mail.outbox) == len(notes)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(n.recipient.email for n in notes)


def test_a_failed_send_releases_the_claim_so_the_retry_sends(stay, monkeypatch):
    note = StayNotification.objects.get()
    message = OutboxMessage.objects.get(key=note.key)
    mail.outbox.clear()

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("travel.outbox.services.EmailMessage.send", broken)
    assert deliver.run(message.pk) is False
    message.refresh_from_db()
    assert message.sent_at is None
    assert message.claimed_until is None
    assert "smtp down" in message.last_error
    monkeypatch.undo()
    assert deliver(message.pk) is True
    assert len(mail.outbox) == 1


def test_deleting_an_offer_cancels_open_requests_and_still_tells_the_traveller(
    owner, member, offer, django_capture_on_commit_callbacks
):
    stay = ask(member, offer)
    services.stay_request_accept(stay_request=stay, by=owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_delete(offer=offer)
    assert not StayRequest.objects.exists()
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "cancelled" in mail.outbox[0].subject
    assert "/hosting/requests/sent/" in mail.outbox[0].body


def test_offer_changed_is_said_with_the_offer_id_once_per_change(owner):
    from travel import events

    seen = []

    def receiver(sender, offer_id, **kwargs):
        seen.append((offer_id, kwargs["created"], kwargs["deleted"]))

    events.offer_changed.connect(receiver)
    try:
        offer = make_offer(owner)
        offer_id = offer.pk
        services.offer_delete(offer=offer)
    finally:
        events.offer_changed.disconnect(receiver)
    assert seen[0] == (offer_id, True, False)
    assert seen[-1] == (offer_id, False, True)
