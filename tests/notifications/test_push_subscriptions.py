"""A device subscribes from settings; a bad endpoint or bad keys are a 4xx naming the field."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from travel.notifications.models import PushSubscription

KEY = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"


def _post(client, endpoint, p256dh=KEY, auth=AUTH):
    return client.post(
        "/api/notifications/push-subscriptions",
        {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
        content_type="application/json",
    )


def test_it_subscribes_and_removes_a_device(owner, member, push_server):
    client = client_for(owner)
    response = _post(client, f"{push_server.url}/push/a")
    assert response.status_code == 201
    device = response.json()["id"]
    # Someone else's device is the same 404 as none.
    other = client_for(member).delete(f"/api/notifications/push-subscriptions/{device}")
    assert other.status_code == 404
    assert client.delete(f"/api/notifications/push-subscriptions/{device}").status_code == 204
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("endpoint", "p256dh", "auth", "field"),
    [
        ("http://push.example.org/x", KEY, AUTH, "endpoint"),
        ("https://127.0.0.1/x", KEY, AUTH, "endpoint"),
        ("https://10.1.2.3/x", KEY, AUTH, "endpoint"),
        ("https://[::1]/x", KEY, AUTH, "endpoint"),
        ("https://93.184.216.34/" + "x" * 2100, KEY, AUTH, "endpoint"),
        ("https://93.184.216.34/x", "AAAA", AUTH, "p256dh"),
        ("https://93.184.216.34/x", "BA" + "A" * 85, AUTH, "p256dh"),  # not on the curve
        ("https://93.184.216.34/x", KEY, "short", "auth"),
    ],
)
def test_bad_subscriptions_are_a_4xx_naming_the_field(owner, endpoint, p256dh, auth, field):
    response = _post(client_for(owner), endpoint, p256dh, auth)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not PushSubscription.objects.exists()


def test_the_vapid_key_is_published_for_browsers(owner):
    key = client_for(owner).get("/api/notifications/push-key").json()["key"]
    assert len(key) == 87  # 65 bytes, base64url without padding
