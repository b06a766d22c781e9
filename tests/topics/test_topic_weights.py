import math

import pytest

from tests.conftest import make_member, wait_for
from travel.topics.models import Topic
from travel.topics.services import topic_get_or_create
from travel.topics.tasks import refresh_topic_weights


def _members_with(topics_per_member):
    for slugs in topics_per_member:
        make_member().topics.set(Topic.objects.filter(slug__in=slugs))


def test_rare_topics_weigh_more_than_common_ones(db):
    _members_with([["unions", "anarchism"], ["unions"], ["unions"], ["unions", "solarpunk"]])
    refresh_topic_weights()
    unions, solarpunk = Topic.objects.get(slug="unions"), Topic.objects.get(slug="solarpunk")
    assert unions.member_count == 4
    assert unions.weight == pytest.approx(0.0, abs=1e-6)
    assert solarpunk.weight == pytest.approx(math.log(4), rel=1e-5)


def test_running_twice_changes_nothing_the_second_time(db):
    _members_with([["unions"], ["commons"]])
    refresh_topic_weights()
    assert refresh_topic_weights() == 0


def test_members_can_add_topics_once_by_name(db):
    first = topic_get_or_create(name="Bike  kitchens")
    again = topic_get_or_create(name="bike kitchens")
    assert first.pk == again.pk
    assert first.display_name == "Bike kitchens"


def test_a_topic_needs_a_name(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        topic_get_or_create(name="   ")
    with pytest.raises(ValidationError):
        topic_get_or_create(name="x" * 61)


@pytest.mark.worker
def test_a_real_worker_refreshes_weights_through_redis(real_worker):
    _members_with([["mutual-aid"], ["mutual-aid", "commons"]])
    refresh_topic_weights.delay()
    wait_for(lambda: Topic.objects.get(slug="commons").member_count == 1)
    assert Topic.objects.get(slug="mutual-aid").member_count == 2
