"""Two Stopovers federating over loopback through real HTTP: this test run's live server
(A) and a second Stopover (B) started here as its own process, with its own database.

B's member follows A's collective, gets its meet-up published, changed and cancelled,
writes to A's member (a request there), and is cut off when A blocks B's domain."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from travel.collectives.services import collective_create
from travel.federation.actors import group_actor_set, person_actor_set
from travel.federation.models import Follower, RemoteActor
from travel.federation.moderation import domain_block
from travel.meetups.services import meetup_cancel, meetup_create, meetup_update
from travel.messaging.models import Conversation, Message

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stopover:
    """The second instance: `manage.py runserver` on its own port and SQLite file."""

    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("DATABASE_", "CELERY_", "CACHE_"))
            },
            "DEBUG": "1",
            "STOPOVER_TESTING": "0",
            "SECRET_KEY": "second-stopover-" + "y" * 40,
            "DATABASE_URL": f"sqlite:///{directory / 'b.sqlite3'}",
            "SITE_URL": self.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "FEDERATION_ENABLED": "1",
            "FEDERATION_ALLOW_HTTP_LOOPBACK": "1",
            "EMAIL_URL": "dummymail://",
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def run(self, code: str) -> dict:
        """Python run inside B (its services, its database); prints one JSON line."""
        out = self.manage("shell", "-c", "import json\n" + code)
        return json.loads(out.strip().splitlines()[-1])

    def start(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("the second Stopover did not start")

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def stopover_b():
    with tempfile.TemporaryDirectory(prefix="stopover-b-") as directory:
        b = Stopover(Path(directory))
        b.start()
        try:
            yield b
        finally:
            b.stop()


B_MEMBER = """
from accounts.models import User
from travel.federation.actors import person_actor_set
user = User.objects.create_user(email="bea@b.example", password=None, display_name="Bea")
actor = person_actor_set(user=user, enabled=True)
print(json.dumps({"username": actor.username}))
"""


def test_two_stopovers_federate(fediverse, stopover_b, owner, places):
    a_host = fediverse.url.removeprefix("http://")
    collective = collective_create(
        creator=owner, name="Tromsø Hacklab", home_place=places("Tromsø")
    )
    group = group_actor_set(collective=collective, actor=owner, enabled=True)
    olive = person_actor_set(user=owner, enabled=True)
    bea = stopover_b.run(B_MEMBER)["username"]

    # B's member follows A's collective by its handle: WebFinger, Follow, Accept.
    follow = stopover_b.run(f"""
from travel.federation.models import LocalActor, Following
from travel.federation.outgoing import remote_follow
remote_follow(actor=LocalActor.objects.get(username="{bea}"), handle="@{group.username}@{a_host}")
print(json.dumps({{"accepted": Following.objects.get().accepted}}))
""")
    assert follow["accepted"] is True
    assert Follower.objects.get(actor=group).remote.uri == f"{stopover_b.url}/ap/actors/{bea}"

    # A publishes, changes and cancels a meet-up: B's inbox takes each, signatures checked.
    starts = datetime.now(ZoneInfo("Europe/Oslo")).replace(microsecond=0) + timedelta(days=15)
    meetup = meetup_create(
        organizer=owner,
        collective=collective,
        title="Soldering for beginners",
        place=places("Tromsø"),
        venue="Hacklab basement, Storgata 1",
        starts=starts,
        listed_publicly=True,
    )
    meetup_update(meetup=meetup, actor=owner, data={"starts": starts + timedelta(hours=1)})
    meetup_cancel(meetup=meetup, actor=owner)
    received = stopover_b.run("""
from travel.federation.models import InboxActivity
print(json.dumps(list(InboxActivity.objects.order_by("pk").values_list("kind", flat=True))))
""")
    assert received == ["Accept", "Create", "Update", "Create", "Create", "Delete"]

    # B's member writes to A's member: it lands in A's requests inbox.
    dm = f"""
from accounts.models import User
from travel.federation.outgoing import remote_message
bea = User.objects.get(email="bea@b.example")
remote_message(sender=bea, handle="@{olive.username}@{a_host}", body=BODY)
print(json.dumps({{"sent": True}}))
"""
    stopover_b.run(dm.replace("BODY", repr("Hei Olive! Passing Tromsø on the 6th, coffee?")))
    [message] = Message.objects.filter(recipient=owner)
    assert message.body == "Hei Olive! Passing Tromsø on the 6th, coffee?"
    assert message.conversation.status == Conversation.Status.REQUEST
    assert RemoteActor.objects.get(member=message.sender).uri == f"{stopover_b.url}/ap/actors/{bea}"

    # A's moderators block B's domain: B's next message is refused, nothing lands at A.
    domain_block(domain="127.0.0.1", moderator=None)
    stopover_b.run(dm.replace("BODY", repr("Are you there?")))
    assert not Message.objects.filter(body="Are you there?").exists()
    assert not Follower.objects.filter(actor=group).exists()
    assert (
        httpx.get(
            f"{fediverse.url}/ap/actors/{group.username}",
            headers={"Accept": "application/activity+json"},
        ).status_code
        == 200
    )
