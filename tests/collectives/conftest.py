import pytest

from travel.collectives.services import collective_create


@pytest.fixture
def collective(owner, places):
    from travel.topics.models import Topic

    return collective_create(
        creator=owner,
        name="Oslo Hacklab",
        home_place=places("Oslo"),
        topics=Topic.objects.filter(slug="free-software"),
    )
