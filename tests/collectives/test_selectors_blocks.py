"""An admin never answers a join request across a block (P5), and a stranger's request
is answerable (the block check must compare people, not row ids)."""

from accounts.models import Block
from tests.conftest import make_member
from travel.collectives.selectors import offer_for_viewer
from travel.collectives.services import collective_create, collective_request_join


def test_an_admin_answers_requests_except_across_a_block(places, owner):
    collective = collective_create(creator=owner, name="Hacklab", home_place=places("Lund"))
    # Make the ids of people and blocks diverge, so a mix-up of the two shows.
    for _ in range(3):
        Block.objects.create(blocker=make_member(), blocked=make_member())
    stranger, blocker = make_member(), make_member()
    request = collective_request_join(collective=collective, user=stranger)
    blocked_request = collective_request_join(collective=collective, user=blocker)
    Block.objects.create(blocker=blocker, blocked=owner)
    assert (
        offer_for_viewer(viewer=owner, collective=collective, public_id=request.public_id)
        == request
    )
    assert (
        offer_for_viewer(viewer=owner, collective=collective, public_id=blocked_request.public_id)
        is None
    )
