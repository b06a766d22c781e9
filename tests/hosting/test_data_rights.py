"""Export and erase (P8): a member's hosting data, and what deleting the account does."""

from __future__ import annotations

from django.core import mail

from accounts import registry
from travel.hosting import data_rights, services
from travel.hosting.models import HostOffer, Spot, StayRequest

from .conftest import ADDRESS_MARKER, ask, make_offer


def test_it_is_registered():
    assert "hosting" in {s.name for s in registry.sections()}


def test_the_export_holds_my_offers_with_my_address_and_both_sides_of_requests(
    owner, member, offer, stay
):
    services.spot_create(
        added_by=owner, data={"name": "Grove", "lat": 59.9, "lon": 10.7, "kinds": ["hammock"]}
    )
    mine = data_rights.export(owner)
    assert mine["offers"][0]["address"] == ADDRESS_MARKER
    assert mine["offers"][0]["availability"]
    assert mine["stay_requests_received"][0]["id"] == str(stay.public_id)
    assert mine["spots_added"][0]["name"] == "Grove"
    theirs = data_rights.export(member)
    assert theirs["offers"] == []
    assert theirs["stay_requests_sent"][0]["id"] == str(stay.public_id)
    assert ADDRESS_MARKER not in repr(theirs)


def test_erasing_a_host_cancels_their_guests_stays_and_tells_them(
    owner, member, offer, django_capture_on_commit_callbacks
):
    stay = ask(member, offer)
    services.stay_request_accept(stay_request=stay, by=owner)
    services.spot_create(
        added_by=owner, data={"name": "Grove", "lat": 59.9, "lon": 10.7, "kinds": ["hammock"]}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        data_rights.erase(owner)
        owner.delete()
    assert not HostOffer.objects.exists()
    assert Spot.objects.get().added_by is None
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_erasing_a_traveller_cancels_their_requests_and_tells_the_host(
    owner, member, django_capture_on_commit_callbacks
):
    offer = make_offer(owner)
    ask(member, offer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        data_rights.erase(member)
        member.delete()
    assert not StayRequest.objects.exists()
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "cancelled" in mail.outbox[0].subject
