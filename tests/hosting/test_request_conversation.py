"""The conversation of a stay request opens for its two people, from the request page."""

from django.urls import reverse

from tests.conftest import client_for
from tests.matching.factories import day, offer
from travel.hosting.models import StayRequest
from travel.messaging.models import Conversation


def make_request(places, owner, member):
    o = offer(owner, places("Oslo"))
    return StayRequest.objects.create(
        traveller=member,
        offer=o,
        arrive=day(2),
        depart=day(4),
        guests=1,
        message="May I hang my hammock?",
    )


def test_the_request_page_loads_its_conversation(places, owner, member, owner_client):
    stay = make_request(places, owner, member)
    page = owner_client.get(
        reverse("hosting:request_detail", args=[stay.public_id])
    ).content.decode()
    url = reverse("messaging:subject", args=["stay_request", stay.public_id])
    assert url in page
    assert owner_client.get(url).status_code == 200
    assert client_for(member).get(url).status_code == 200
    assert (
        Conversation.objects.filter(
            subject_kind="stay_request", subject_id=str(stay.public_id)
        ).count()
        == 1
    )


def test_nobody_else_can_open_it(places, owner, member, outsider, blocked):
    stay = make_request(places, owner, member)
    url = reverse("messaging:subject", args=["stay_request", stay.public_id])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(blocked).get(url).status_code == 404
    assert not Conversation.objects.exists()


def test_offers_and_spots_can_be_reported(places, owner, member_client):
    o = offer(owner, places("Oslo"))
    assert (
        member_client.get(reverse("messaging:report", args=["offer", o.public_id])).status_code
        == 200
    )
