from __future__ import annotations

from django.urls import reverse

from accounts.models import Mute


def test_it_mutes_and_unmutes_a_member(owner, member, owner_client):
    path = reverse("messaging:mute", args=[member.public_id])
    assert owner_client.post(path).status_code == 302
    assert Mute.objects.filter(muter=owner, muted=member).exists()
    owner_client.post(path, {"action": "unmute"})
    assert not Mute.objects.exists()


def test_blocked_oneself_and_anonymous_cannot(owner, blocked, owner_client, client):
    assert owner_client.post(reverse("messaging:mute", args=[blocked.public_id])).status_code == 404
    assert owner_client.post(reverse("messaging:mute", args=[owner.public_id])).status_code == 404
    assert client.post(reverse("messaging:mute", args=[owner.public_id])).status_code == 302
    assert owner_client.get(reverse("messaging:mute", args=[owner.public_id])).status_code == 405
    assert not Mute.objects.exists()


def test_it_only_redirects_to_local_pages(owner, member, owner_client):
    path = reverse("messaging:mute", args=[member.public_id])
    response = owner_client.post(path, {"next": "//evil.example/"})
    assert response["Location"] == reverse("messaging:inbox")
