"""Moderation suspends and restores members through services that say so (the events
member_suspended / member_restored): the matcher follows both ways on its own."""

import pytest
from django.core.cache import cache

from accounts import moderation
from tests.conftest import make_member
from tests.matching.factories import local, trip
from travel.matching.models import LocalTopic, Suggestion


@pytest.fixture
def scene(places, db, django_capture_on_commit_callbacks):
    cache.clear()
    moderator = make_member("mod@example.org", display_name="Mo", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        maja = local(make_member("maja@example.org"), places("Malmö"), "unions")
        ada = make_member("ada@example.org", display_name="Ada")
        mine = trip(ada, [(places("Malmö"), 0, 3)], topic_slugs=("unions",))
    return moderator, maja, mine


def suggested_locals(trip):
    return set(
        Suggestion.objects.filter(trip=trip, kind="local").values_list("target_id", flat=True)
    )


def test_a_suspended_local_is_not_suggested_and_comes_back_once_restored(
    scene, django_capture_on_commit_callbacks
):
    moderator, maja, mine = scene
    assert suggested_locals(mine) == {maja.pk}

    with django_capture_on_commit_callbacks(execute=True):
        moderation.member_suspend(user=maja, moderator=moderator)
    assert not LocalTopic.objects.filter(user=maja).exists()
    assert suggested_locals(mine) == set()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.member_restore(user=maja, moderator=moderator)
    assert LocalTopic.objects.filter(user=maja).exists()
    assert suggested_locals(mine) == {maja.pk}


def test_the_admins_suspended_box_goes_through_the_same_services(
    scene, django_capture_on_commit_callbacks
):
    from accounts.models import ModerationAction

    moderator, maja, mine = scene
    maja.is_suspended = True
    from accounts.admin import UserAdmin, admin

    class Form:  # what the admin's change form hands save_related
        instance = maja
        changed_data = ["is_suspended"]

        def save_m2m(self):
            pass

    request = type("Request", (), {"user": moderator})()
    with django_capture_on_commit_callbacks(execute=True):
        maja.save()
        UserAdmin(type(maja), admin.site).save_related(request, Form(), [], change=True)
    assert suggested_locals(mine) == set()
    assert ModerationAction.objects.filter(
        target_user=maja, action=ModerationAction.Action.SUSPEND
    ).exists()
