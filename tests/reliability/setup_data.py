"""Creates the people of a reliability scenario in the scenario's database; prints JSON.

Run in a subprocess with the scenario's environment: `python setup_data.py HOSTS TRAVELLERS`.
Hosts offer a sofa in Oslo for the coming year; each traveller is connected to one
host and has a conversation with them; everyone has an API token.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import django

django.setup()

from django.utils import timezone  # noqa: E402

from accounts.models import ApiToken, User  # noqa: E402
from accounts.services import connection_make  # noqa: E402
from travel.hosting import services as hosting  # noqa: E402
from travel.messaging import services as messaging  # noqa: E402
from travel.places.selectors import places_search  # noqa: E402

PASSWORD = "a long reliability password"


def member(email: str, name: str) -> tuple[User, str]:
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password=PASSWORD, display_name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    token = ApiToken.generate()
    ApiToken.objects.create(
        user=user, name="reliability", prefix=token[:8], token_hash=ApiToken.hash(token)
    )
    return user, token


def main(hosts: int, travellers: int) -> None:
    today = timezone.localdate()
    oslo = places_search(q="Oslo", limit=1)[0]
    out: dict = {"place": oslo.pk, "password": PASSWORD, "hosts": [], "travellers": []}
    host_users = []
    for i in range(hosts):
        user, token = member(f"host{i}@example.org", f"Host {i}")
        offer = hosting.offer_create(
            host=user,
            data={
                "title": f"Sofa {i}",
                "address": "Somewhere 1",
                "exact_lat": 59.91 + i / 1000,
                "exact_lon": 10.75,
                "kinds": ["sofa"],
                "capacity": 4,
                "description": "",
                "languages": "English",
            },
        )
        hosting.availability_add(offer=offer, start=today, end=today + timedelta(days=360))
        host_users.append(user)
        out["hosts"].append(
            {"id": user.pk, "email": user.email, "token": token, "public_id": str(user.public_id),
             "offer": str(offer.public_id)}
        )  # fmt: skip
    for i in range(travellers):
        user, token = member(f"traveller{i}@example.org", f"Traveller {i}")
        host = host_users[i % hosts]
        connection_make(a=user, b=host, reason="meetup")
        message = messaging.message_send(sender=user, recipient=host, body="Hello!")
        out["travellers"].append(
            {"id": user.pk, "email": user.email, "token": token, "public_id": str(user.public_id),
             "host": i % hosts, "conversation": str(message.conversation.public_id)}
        )  # fmt: skip
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
