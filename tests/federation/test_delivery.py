"""Delivery through the outbox: rows in the change's transaction, one request per
instance, retries with backoff, dead instances, and nothing sent twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from tests.conftest import wait_for
from tests.federation.conftest import Answer
from travel.collectives.services import collective_create
from travel.federation import delivery
from travel.federation.actors import group_actor_set
from travel.federation.models import (
    Delivery,
    Follower,
    OutgoingActivity,
    RemoteActor,
    RemoteInstance,
)
from travel.meetups.services import meetup_create


@pytest.fixture
def group(federating, owner, places):
    collective = collective_create(
        creator=owner, name="Berlin Tool Library", home_place=places("Berlin")
    )
    return group_actor_set(collective=collective, actor=owner, enabled=True)


def follow(group, server, name: str) -> RemoteActor:
    uri = server.add_actor(name) if name not in server.actors else server.uri(name)
    remote = RemoteActor.objects.create(
        uri=uri,
        domain="127.0.0.1",
        username=name,
        inbox=uri + "/inbox",
        shared_inbox=server.url("/inbox"),
        public_key_pem=server.actors[name][1],
    )
    Follower.objects.create(actor=group, remote=remote)
    return remote


def publish(owner, group, places):
    starts = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=9)
    return meetup_create(
        organizer=owner,
        collective=group.collective,
        title="Borrow a drill",
        place=places("Berlin"),
        starts=starts,
        listed_publicly=True,
    )


def test_rows_are_written_with_the_change_and_sent_after_commit(
    group, mastodon, owner, places, django_capture_on_commit_callbacks
):
    follow(group, mastodon, "ana")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(owner, group, places)
    assert Delivery.objects.filter(status="pending").count() == 1
    assert mastodon.received == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert Delivery.objects.get().status == "sent"
    assert len(mastodon.accepted()) == 1


def test_a_rolled_back_change_leaves_no_delivery(group, mastodon, owner, places):
    follow(group, mastodon, "ana")
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(owner, group, places)
        raise RuntimeError("the change fails")
    assert not OutgoingActivity.objects.filter(kind="Create").exists()
    assert not Delivery.objects.exists()


def test_one_request_per_instance_through_its_shared_inbox(
    group, mastodon, owner, places, django_capture_on_commit_callbacks
):
    for name in ("ana", "bo", "cai"):
        follow(group, mastodon, name)
    with django_capture_on_commit_callbacks(execute=True):
        publish(owner, group, places)
    assert Delivery.objects.count() == 1
    assert len(mastodon.accepted("/inbox")) == 1


def test_a_failed_delivery_backs_off_and_is_sent_once_later(group, mastodon, owner, places):
    follow(group, mastodon, "ana")
    mastodon.routes["/inbox"] = Answer(503, b"busy")
    publish(owner, group, places)  # on_commit does not run in this test's transaction
    pending = Delivery.objects.get()
    assert delivery.deliver(delivery_id=pending.pk) is False
    pending.refresh_from_db()
    assert pending.status == "pending" and pending.attempts == 1
    assert pending.next_attempt > timezone.now()
    assert pending.pk not in delivery.due_ids()  # waiting for its backoff
    Delivery.objects.filter(pk=pending.pk).update(next_attempt=timezone.now())
    mastodon.routes["/inbox"] = mastodon._inbox
    assert delivery.due_ids() == [pending.pk]
    assert delivery.deliver(delivery_id=pending.pk) is True
    assert delivery.deliver(delivery_id=pending.pk) is False  # run twice: sent once
    assert len(mastodon.accepted()) == 1


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(group, mastodon, owner, places):
    """A worker that died mid-send holds a claim; another one waits for it to run out."""
    follow(group, mastodon, "ana")
    publish(owner, group, places)
    pending = Delivery.objects.get()
    Delivery.objects.filter(pk=pending.pk).update(claimed_until=timezone.now() + delivery.CLAIM)
    assert delivery.deliver(delivery_id=pending.pk) is False
    assert pending.pk not in delivery.due_ids()
    Delivery.objects.filter(pk=pending.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert delivery.due_ids() == [pending.pk]
    assert delivery.deliver(delivery_id=pending.pk) is True
    assert len(mastodon.accepted()) == 1


def test_an_instance_that_keeps_failing_is_marked_dead_and_skipped(group, mastodon, owner, places):
    follow(group, mastodon, "ana")
    mastodon.routes["/inbox"] = Answer(500, b"down")
    RemoteInstance.objects.create(domain="127.0.0.1", failures=delivery.DEAD_AFTER - 1)
    publish(owner, group, places)
    assert delivery.deliver(delivery_id=Delivery.objects.get().pk) is False
    assert RemoteInstance.objects.get(domain="127.0.0.1").dead_since is not None
    assert Delivery.objects.get().status == "failed"
    publish(owner, group, places)
    assert Delivery.objects.count() == 1  # nothing new queued for a dead instance


def test_double_knocking_remembers_what_the_peer_accepts(group, mastodon, owner, places):
    follow(group, mastodon, "ana")
    publish(owner, group, places)
    delivery.deliver(delivery_id=Delivery.objects.get().pk)
    knocks = [got for got in mastodon.received if got.method == "POST"]
    assert ["signature-input" in got.headers for got in knocks] == [True, False]
    assert RemoteInstance.objects.get(domain="127.0.0.1").accepts_rfc9421 is False
    mastodon.received.clear()
    publish(owner, group, places)
    delivery.deliver(delivery_id=Delivery.objects.latest("pk").pk)
    assert [("signature-input" in got.headers) for got in mastodon.received] == [False]


def test_a_peer_that_takes_rfc9421_gets_only_that(group, owner, places, settings):
    from tests.federation.conftest import RemoteActorServer

    server = RemoteActorServer(rfc9421=True)
    server.thread.start()
    try:
        follow(group, server, "ana")
        publish(owner, group, places)
        assert delivery.deliver(delivery_id=Delivery.objects.get().pk) is True
        assert [("signature-input" in got.headers) for got in server.received] == [True]
        assert RemoteInstance.objects.get(domain="127.0.0.1").accepts_rfc9421 is True
    finally:
        server.server.shutdown()
        server.server.server_close()


def test_a_real_worker_delivers_through_redis(real_worker, group, mastodon, owner, places):
    follow(group, mastodon, "ana")
    publish(owner, group, places)
    wait_for(lambda: Delivery.objects.filter(status="sent").exists())
    assert len(mastodon.accepted()) == 1
