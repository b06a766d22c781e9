"""The switches on the settings pages: off by default, admins only for a collective."""

from __future__ import annotations

import pytest

from travel.collectives.services import collective_create
from travel.federation.models import LocalActor

AS = {"Accept": "application/activity+json"}


@pytest.fixture
def collective(owner, places):
    return collective_create(creator=owner, name="Malmö Food Co-op", home_place=places("Malmö"))


def test_a_member_is_not_on_the_fediverse_until_they_switch_it_on(federating, client, owner):
    client.force_login(owner)
    page = client.get("/me/fediverse/")
    assert page.status_code == 200
    assert not LocalActor.objects.filter(user=owner).exists()
    assert client.post("/me/fediverse/", {"enabled": "on"}).status_code == 302
    actor = LocalActor.objects.get(user=owner)
    document = client.get(f"/ap/actors/{actor.username}", headers=AS).json()
    assert document["type"] == "Person"
    assert document["name"] == "Olive Owner"
    assert document["summary"] == ""  # the bio only when asked for
    assert f"@{actor.username}@testserver" in client.get("/me/fediverse/").content.decode()
    client.post("/me/fediverse/", {})
    assert client.get(f"/ap/actors/{actor.username}", headers=AS).status_code == 404


def test_the_bio_shows_only_when_the_member_chose_it(federating, client, owner):
    owner.bio = "Cycling from Tromsø to Berlin, into co-ops and hacklabs."
    owner.save()
    client.force_login(owner)
    client.post("/me/fediverse/", {"enabled": "on", "show_bio": "on"})
    actor = LocalActor.objects.get(user=owner)
    assert "co-ops" in client.get(f"/ap/actors/{actor.username}", headers=AS).json()["summary"]


def test_only_an_admin_can_switch_the_collective_on(federating, client, owner, member, collective):
    client.force_login(member)
    assert client.get(f"/collectives/{collective.public_id}/fediverse/").status_code == 404
    assert (
        client.post(
            f"/collectives/{collective.public_id}/fediverse/", {"enabled": "on"}
        ).status_code
        == 404
    )
    assert not LocalActor.objects.filter(collective=collective).exists()
    client.force_login(owner)
    assert (
        client.get(f"/collectives/{collective.public_id}/edit/")
        .content.decode()
        .count("/fediverse/")
        == 1
    )
    client.post(f"/collectives/{collective.public_id}/fediverse/", {"enabled": "on"})
    assert LocalActor.objects.get(collective=collective).enabled


def test_the_switch_page_says_so_when_federation_is_off(client, owner):
    client.force_login(owner)
    page = client.get("/me/fediverse/").content.decode()
    assert "does not federate" in page
    client.post("/me/fediverse/", {"enabled": "on"})
    assert not LocalActor.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/me/fediverse/").status_code == 302


def test_nodeinfo_and_host_meta(db, federating, client):
    index = client.get("/.well-known/nodeinfo").json()
    assert index["links"][0]["rel"].endswith("/schema/2.1")
    info = client.get("/nodeinfo/2.1").json()
    assert info["version"] == "2.1"
    assert info["protocols"] == ["activitypub"]
    meta = client.get("/.well-known/host-meta").content.decode()
    assert "/.well-known/webfinger?resource={uri}" in meta


def test_discovery_is_off_while_federation_is(client):
    assert client.get("/.well-known/webfinger?resource=acct:a@testserver").status_code == 404
    assert client.get("/nodeinfo/2.1").status_code == 404
