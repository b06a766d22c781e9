"""The one safe fetcher: every request Stopover makes to another server goes through here (P11).

- https only; plain http only to a loopback address, and only when the setting
  FEDERATION_ALLOW_HTTP_LOOPBACK is on (the tests' second server on 127.0.0.1).
- The host is resolved here and every address is checked *before* we connect to it:
  private, loopback, link-local, multicast, reserved and unspecified addresses are
  refused. The socket is opened to the address that was checked (no second lookup a
  rebinding DNS server could answer differently), and TLS still verifies the host name.
- Redirects are followed by hand (at most 5), each hop checked again the same way.
- Connect and read timeouts, a size cap counted while reading, the answer's content
  type must be one we asked for, no cookies kept or sent, no proxies from the
  environment.

`fetch_json` reads a JSON document (an actor, a post, a WebFinger JRD); `post_json`
delivers an activity. A `signer` is a callable that adds signature headers to the
`httpx.Request` about to be sent (it is called again for every redirect hop).
"""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Callable, Iterable
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

ACTIVITY_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
MAX_REDIRECTS = 5
USER_AGENT = "Stopover (+ActivityPub)"

Signer = Callable[[httpx.Request], None]


class FetchError(Exception):
    """A remote request that was refused or failed; `message` says why, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _loopback_allowed() -> bool:
    return bool(getattr(settings, "FEDERATION_ALLOW_HTTP_LOOPBACK", False))


def check_address(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The address, if we may connect to it; FetchError otherwise."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback and _loopback_allowed():
        return ip
    if (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    ):
        raise FetchError(f"Refused: {address} is not a public address.")
    return ip


def _is_literal_or_localhost(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, each checked; FetchError if any is refused.

    All of them must pass: a name that answers one public and one private address is
    refused, so that the connection cannot be steered to the private one.
    """
    if getattr(settings, "FETCHER_NO_DNS", False) and not _is_literal_or_localhost(host):
        raise FetchError(f"Could not resolve {host}: this instance looks up no names.")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"Could not resolve {host}.") from exc
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        check_address(address)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"Could not resolve {host}.")
    return addresses


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to checked addresses of the host httpcore asks for."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        error: Exception | None = None
        for address in resolve(host, port):
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> Any:
        raise httpcore.ConnectError("Unix sockets are not remote servers.")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _NoCookies(DefaultCookiePolicy):
    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def return_ok(self, cookie: Any, request: Any) -> bool:
        return False


def _client(timeout: float) -> httpx.Client:
    transport = httpx.HTTPTransport(trust_env=False, retries=0)
    # httpx has no public hook for the network backend; the pool is rebuilt with ours
    # and the same TLS context (certificates verified against the host name).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=4,
        network_backend=_GuardedBackend(),
        retries=0,
    )
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        follow_redirects=False,
        trust_env=False,
        cookies=CookieJar(policy=_NoCookies()),
        headers={"User-Agent": USER_AGENT},
    )


def check_url(url: str) -> None:
    """Refuses a URL we may never request (scheme, credentials, host)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError("That is not a valid URL.") from exc
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise FetchError("Only https:// addresses can be fetched.")
    if parts.username or parts.password:
        raise FetchError("Addresses with a user name or password are refused.")
    if parts.scheme == "http":
        if not _loopback_allowed():
            raise FetchError("Only https:// addresses can be fetched.")
        addresses = resolve(parts.hostname, port or 80)
        if not all(ipaddress.ip_address(a.split("%", 1)[0]).is_loopback for a in addresses):
            raise FetchError("Only https:// addresses can be fetched.")
    else:
        resolve(parts.hostname, port or 443)


def _media_types(accept: str) -> set[str]:
    return {part.split(";", 1)[0].strip().lower() for part in accept.split(",") if part.strip()}


def _request(
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    content: bytes | None,
    max_bytes: int,
    timeout: float,
    signer: Signer | None,
) -> tuple[httpx.Response, bytes]:
    with _client(timeout) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url)
            request = client.build_request(method, url, headers=headers, content=content)
            if signer is not None:
                signer(request)
            try:
                response = client.send(request, stream=True)
            except FetchError:
                raise
            except httpx.TimeoutException as exc:
                raise FetchError(f"{urlsplit(url).hostname} did not answer in time.") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"Could not reach {urlsplit(url).hostname}.") from exc
            try:
                if response.is_redirect and method == "GET":
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError("A redirect without a target.")
                    url = urljoin(url, location)
                    continue
                body = _read_capped(response, max_bytes, url)
                return response, body
            finally:
                response.close()
    raise FetchError("Too many redirects.")


def _read_capped(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"The answer from {urlsplit(url).hostname} is too large.")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"The answer from {urlsplit(url).hostname} is too large.")
            chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise FetchError(f"{urlsplit(url).hostname} did not answer in time.") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"Could not read the answer from {urlsplit(url).hostname}.") from exc
    return b"".join(chunks)


def fetch_json(
    url: str,
    *,
    accept: str = ACTIVITY_ACCEPT,
    max_bytes: int = 1_000_000,
    timeout: float = 10.0,
    signer: Signer | None = None,
) -> dict:
    """GETs a JSON object from another server, safely (see the module docstring)."""
    response, body = _request(
        "GET",
        url,
        headers={"Accept": accept},
        content=None,
        max_bytes=max_bytes,
        timeout=timeout,
        signer=signer,
    )
    host = urlsplit(url).hostname
    if response.status_code != 200:
        raise FetchError(f"{host} answered {response.status_code}.")
    media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in _media_types(accept):
        raise FetchError(f"{host} did not answer with {', '.join(sorted(_media_types(accept)))}.")
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise FetchError(f"{host} did not answer with valid JSON.") from exc
    if not isinstance(document, dict):
        raise FetchError(f"{host} did not answer with a JSON object.")
    return document


def post_json(
    url: str,
    body: bytes,
    *,
    content_type: str = "application/activity+json",
    max_bytes: int = 100_000,
    timeout: float = 10.0,
    signer: Signer | None = None,
) -> int:
    """POSTs `body` (an activity) to an inbox; returns the status code. No redirects."""
    response, _ = _request(
        "POST",
        url,
        headers={"Content-Type": content_type, "Accept": ACTIVITY_ACCEPT},
        content=body,
        max_bytes=max_bytes,
        timeout=timeout,
        signer=signer,
    )
    return response.status_code
