"""Federation fixtures: a second HTTP server on loopback that plays a remote instance.

`remote` answers what a test puts in `remote.routes` and records every request it gets,
so a test can check what Stopover really sent over the wire.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Route = Answer | Callable[[Received], Answer]


class RemoteServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.received: list[Received] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        remote = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                got = Received(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                remote.received.append(got)
                route = remote.routes.get(self.path.split("?", 1)[0]) or remote.routes.get(
                    self.path
                )
                if route is None:
                    answer = Answer(404, b"not here")
                else:
                    answer = route(got) if callable(route) else route
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in answer.headers:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = _serve
            do_POST = _serve

        return Handler


@pytest.fixture
def remote(settings) -> Iterator[RemoteServer]:
    settings.FEDERATION_ALLOW_HTTP_LOOPBACK = True
    server = RemoteServer()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


# --- a remote Fediverse server with one actor, signing with apsig -----------------------
AS_JSON = {"Content-Type": "application/activity+json"}


class RemoteActorServer(RemoteServer):
    """A remote instance (on loopback) with actors whose keys sign with apsig, an
    implementation independent of ours."""

    def __init__(self, *, rfc9421: bool = False) -> None:
        super().__init__()
        self.actors: dict[str, tuple[str, str]] = {}
        # Like Mastodon before 4.5: an inbox refuses what is not signed the cavage way.
        self.rfc9421 = rfc9421
        self.routes["/inbox"] = self._inbox

    def _inbox(self, got: Received) -> Answer:
        cavage = "keyid=" in got.headers.get("signature", "").lower()
        rfc9421 = "signature-input" in got.headers
        if not (cavage or (self.rfc9421 and rfc9421)):
            return Answer(401, b"not signed in a form this server accepts")
        return Answer(202, b"")

    def add_actor(self, username: str, *, shared_inbox: bool = True, **fields: object) -> str:
        import json

        from travel.federation.keys import new_key_pair

        private, public = new_key_pair()
        uri = self.url(f"/users/{username}")
        self.actors[username] = (private, public)
        document = {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": uri,
            "type": "Person",
            "preferredUsername": username,
            "name": username.title(),
            "inbox": uri + "/inbox",
            "outbox": uri + "/outbox",
            "publicKey": {"id": uri + "#main-key", "owner": uri, "publicKeyPem": public},
            **fields,
        }
        if shared_inbox:
            document["endpoints"] = {"sharedInbox": self.url("/inbox")}
        self.routes[f"/users/{username}"] = Answer(200, json.dumps(document).encode(), AS_JSON)
        self.routes[f"/users/{username}/inbox"] = self._inbox
        return uri

    def uri(self, name: str) -> str:
        return self.url(f"/users/{name}")

    def signed(
        self,
        url: str,
        activity: dict,
        *,
        name: str = "ana",
        form: str = "cavage",
        key: str | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """The body and headers of `activity` POSTed to `url`, signed as `name` (apsig)."""
        import json
        from urllib.parse import urlsplit

        from apsig.draft.sign import Signer
        from apsig.rfc9421 import RFC9421Signer

        from travel.federation.keys import load_private
        from travel.federation.signatures import sha256_digest

        body = json.dumps(activity).encode()
        private = load_private(key or self.actors[name][0])
        key_id = self.uri(name) + "#main-key"
        parts = urlsplit(url)
        headers = {"Host": parts.netloc, "Content-Type": "application/activity+json"}
        if form == "cavage":
            signed = Signer(headers, private, "POST", url, key_id, body).sign()
        elif form == "rfc9421":
            signer = RFC9421Signer(private, key_id)
            signer.sign_headers.append("content-digest")
            headers["Content-Digest"] = f"sha-256=:{sha256_digest(body)}:"
            signed = signer.sign("POST", parts.path, parts.netloc, headers, body)
            signed["content-digest"] = headers["Content-Digest"]
        else:
            signed = dict(headers)
        for drop in ("Authorization", "host", "Host"):
            signed.pop(drop, None)
        return body, signed

    def post(self, url: str, activity: dict, **kwargs):
        """POST a signed activity to a live server's inbox over real HTTP."""
        import httpx

        body, headers = self.signed(url, activity, **kwargs)
        return httpx.post(url, content=body, headers=headers, timeout=10)

    def deliver(self, client, path: str, activity: dict, **kwargs):
        """POST a signed activity through Django's test client (our site is testserver)."""
        body, headers = self.signed("http://testserver" + path, activity, **kwargs)
        content_type = headers.pop("content-type", headers.pop("Content-Type", ""))
        return client.post(path, data=body, content_type=content_type, headers=headers)

    def accepted(self, path: str = "/inbox") -> list[Received]:
        """POSTs to `path` that the inbox took (signed in a form it accepts)."""
        return [
            got
            for got in self.received
            if got.method == "POST" and got.path == path and self._inbox(got).status == 202
        ]

    def activities(self, path: str = "/inbox") -> list[dict]:
        import json

        return [json.loads(got.body) for got in self.accepted(path)]


@pytest.fixture
def fediverse(settings, live_server):
    """Federation on, our site at the live server's address, http on loopback allowed."""
    settings.FEDERATION_ENABLED = True
    settings.FEDERATION_ALLOW_HTTP_LOOPBACK = True
    settings.SITE_URL = live_server.url
    return live_server


@pytest.fixture
def mastodon(settings) -> Iterator[RemoteActorServer]:
    settings.FEDERATION_ALLOW_HTTP_LOOPBACK = True
    server = RemoteActorServer()
    server.thread.start()
    server.add_actor("ana")
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def federating(settings):
    """Federation on for tests that use Django's test client as our side."""
    settings.FEDERATION_ENABLED = True
    settings.FEDERATION_ALLOW_HTTP_LOOPBACK = True
    settings.SITE_URL = "http://testserver"
