"""Issue 14: a topic a member adds stays out of other members' pickers until a
moderator approves it or five members use it; it goes through the text rule; a
moderator can merge it into an existing topic."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.services import profile_update
from tests.conftest import client_for, make_member
from travel.topics.models import Topic
from travel.topics.selectors import PUBLIC_AFTER_MEMBERS
from travel.topics.services import topic_approve, topic_get_or_create, topic_merge

pytestmark = pytest.mark.django_db


def add_topic(user, name):
    profile_update(user=user, data={}, new_topic_names=[name])
    return Topic.objects.get(name=name)


def picker(client, path="/trips/new"):
    return client.get(path).content.decode()


def test_a_new_topic_shows_only_to_the_member_who_added_it(owner, member):
    add_topic(owner, "Night trains")
    assert "Night trains" in picker(client_for(owner))
    assert "Night trains" not in picker(client_for(member))
    assert "Night trains" not in picker(client_for(member), "/me/profile/")
    assert "Night trains" not in picker(client_for(member), "/meetups/new/")


def test_five_members_using_it_or_a_moderator_make_it_everyones(owner, member):
    topic = add_topic(owner, "Rail unions")
    for _ in range(PUBLIC_AFTER_MEMBERS - 2):
        profile_update(user=make_member(), data={"topics": [topic]})
    assert "Rail unions" not in picker(client_for(member))
    profile_update(user=make_member(), data={"topics": [topic]})  # the fifth
    assert "Rail unions" in picker(client_for(member))

    other = add_topic(owner, "Bike kitchens")
    assert "Bike kitchens" not in picker(client_for(member))
    topic_approve(topic=other)
    assert "Bike kitchens" in picker(client_for(member))


def test_topic_names_go_through_the_text_rule(owner):
    for bad in ("\u202eCrypto", "free\x00money", "zero\u200bwidth"):
        with pytest.raises(ValidationError):
            topic_get_or_create(name=bad, created_by=owner)
    assert not Topic.objects.filter(created_by=owner).exists()


def test_a_moderator_merges_a_members_topic_into_an_existing_one(owner, member):
    unions = Topic.objects.get(slug="unions")
    profile_update(user=member, data={"topics": [unions]})
    mine = add_topic(owner, "Trade unions")
    profile_update(user=member, data={"topics": [unions, mine]})
    topic_merge(source=mine, into=unions)
    assert not Topic.objects.filter(pk=mine.pk).exists()
    assert list(owner.topics.all()) == [unions]
    assert list(member.topics.all()) == [unions]
