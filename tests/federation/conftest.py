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
