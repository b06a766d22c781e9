"""A Web Push service of the test's own: HTTPS on loopback, keeps what it receives and
decrypts it with the subscription's private key (http_ece), as a browser would."""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import http_ece
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "push.crt", folder / "push.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Device:
    """A browser's side of one subscription: its key pair and auth secret."""

    def __init__(self, server: PushServer, name: str) -> None:
        self.server = server
        self.name = name
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = b"0123456789abcdef"[:16]

    @property
    def endpoint(self) -> str:
        return f"{self.server.url}/push/{self.name}"

    @property
    def p256dh(self) -> str:
        return b64(
            self.key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth_b64(self) -> str:
        return b64(self.auth)

    def received(self) -> list[dict]:
        return [
            json.loads(
                http_ece.decrypt(
                    body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
                )
            )
            for path, _headers, body in self.server.requests
            if path == f"/push/{self.name}"
        ]


class PushServer:
    def __init__(self, folder: Path) -> None:
        self.requests: list[tuple[str, dict, bytes]] = []
        self.status: dict[str, int] = {}
        cert, key = self_signed(folder)
        self.ca = cert
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                outer.requests.append((self.path, dict(self.headers), body))
                self.send_response(outer.status.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.httpd.server_address[1]}"

    def device(self, name: str = "phone") -> Device:
        return Device(self, name)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
