"""Remote actors and handles: fetched through the safe fetcher, signed by the instance actor."""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from django.conf import settings
from django.utils import timezone

from travel.federation.actors import instance_actor, key_id
from travel.federation.fetcher import FetchError, fetch_json
from travel.federation.models import BlockedDomain, RemoteActor
from travel.federation.signatures import sign_cavage

JRD_ACCEPT = "application/jrd+json, application/json"
ACTOR_TYPES = {"Person", "Group", "Organization", "Application", "Service"}
HANDLE = re.compile(r"@?([A-Za-z0-9_][A-Za-z0-9_.\-]{0,63})@([A-Za-z0-9.\-]+(?::\d{1,5})?)")
MAX_TEXT = 5000


class RemoteError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def domain_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_blocked_domain(domain: str) -> bool:
    domain = domain.lower()
    parts = domain.split(".")
    # A block of example.social covers its subdomains too.
    candidates = {".".join(parts[i:]) for i in range(len(parts))}
    return BlockedDomain.objects.filter(domain__in=candidates).exists()


def _instance_signer(request: httpx.Request) -> None:
    actor = instance_actor()
    sign_cavage(request, key_id=key_id(actor), private_key_pem=actor.private_key_pem)


def fetch_signed(url: str, *, accept: str | None = None) -> dict[str, Any]:
    """GET through the safe fetcher, signed by our instance actor (authorized fetch)."""
    if accept:
        return fetch_json(url, accept=accept, signer=_instance_signer)
    return fetch_json(url, signer=_instance_signer)


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _url(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("href")
    if isinstance(value, list) and value:
        return _url(value[0])
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else ""


def actor_store(document: dict[str, Any], *, uri: str) -> RemoteActor:
    """Create or refresh a RemoteActor from its document; RemoteError if it is not one."""
    if document.get("id") != uri:
        raise RemoteError("The actor document names another id.")
    if document.get("type") not in ACTOR_TYPES:
        raise RemoteError("That is not an actor.")
    inbox = _url(document.get("inbox"))
    key = document.get("publicKey") or {}
    if isinstance(key, list):
        key = key[0] if key else {}
    if not inbox or not isinstance(key, dict) or not key.get("publicKeyPem"):
        raise RemoteError("The actor has no inbox or no public key.")
    if domain_of(inbox) != domain_of(uri) or key.get("owner", uri) != uri:
        raise RemoteError("The actor's inbox or key belongs to another server.")
    endpoints = document.get("endpoints") or {}
    shared = _url(endpoints.get("sharedInbox")) if isinstance(endpoints, dict) else ""
    if shared and domain_of(shared) != domain_of(uri):
        shared = ""
    values = {
        "domain": domain_of(uri),
        "kind": str(document.get("type")),
        "username": _text(document.get("preferredUsername"), 200),
        "name": _text(document.get("name"), 200),
        "summary": _text(document.get("summary")),
        "profile_url": _url(document.get("url")),
        "inbox": inbox,
        "shared_inbox": shared,
        "key_id": _text(key.get("id"), 500),
        "public_key_pem": _text(key.get("publicKeyPem"), 10000),
        "fetched": timezone.now(),
    }
    remote, _ = RemoteActor.objects.update_or_create(uri=uri, defaults=values)
    return remote


def actor_fetch(uri: str, *, refresh: bool = False) -> RemoteActor:
    """The remote actor at `uri`, fetched (or refreshed) through the safe fetcher."""
    if is_blocked_domain(domain_of(uri)):
        raise RemoteError("That server is blocked here.")
    if not refresh:
        known = RemoteActor.objects.filter(uri=uri).first()
        if known is not None and known.public_key_pem:
            return known
    try:
        document = fetch_signed(uri)
    except FetchError as exc:
        raise RemoteError(exc.message) from exc
    return actor_store(document, uri=uri)


def actor_for_key(key: str) -> RemoteActor:
    """The actor whose key is `key` (a key id such as https://host/users/ana#main-key)."""
    known = RemoteActor.objects.filter(key_id=key).exclude(public_key_pem="").first()
    if known is not None:
        return known
    uri = key.split("#", 1)[0]
    try:
        document = fetch_signed(uri)
    except FetchError as exc:
        raise RemoteError(exc.message) from exc
    if document.get("type") not in ACTOR_TYPES and document.get("owner"):
        # The key id names a key document: its owner is the actor.
        return actor_fetch(str(document["owner"]), refresh=True)
    return actor_store(document, uri=str(document.get("id", uri)))


# --- WebFinger, as a client ----------------------------------------------------------
def _origin(host: str) -> str:
    hostname = host.rsplit(":", 1)[0].strip("[]")
    try:
        loopback = ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        loopback = hostname == "localhost"
    if loopback and getattr(settings, "FEDERATION_ALLOW_HTTP_LOOPBACK", False):
        return f"http://{host}"
    return f"https://{host}"


def webfinger(handle: str) -> dict[str, str]:
    """{"actor": …, "profile": …} for @name@host, by WebFinger through the safe fetcher."""
    match = HANDLE.fullmatch(handle.strip())
    if not match:
        raise RemoteError("That is not a handle like @name@example.social.")
    name, host = match.groups()
    query = urlencode({"resource": f"acct:{name}@{host}"})
    try:
        jrd = fetch_json(f"{_origin(host)}/.well-known/webfinger?{query}", accept=JRD_ACCEPT)
    except FetchError as exc:
        raise RemoteError(exc.message) from exc
    found = {"actor": "", "profile": ""}
    for link in jrd.get("links") or []:
        if not isinstance(link, dict):
            continue
        href = _url(link.get("href"))
        if link.get("rel") == "self" and "json" in str(link.get("type", "")) and href:
            found["actor"] = found["actor"] or href
        elif link.get("rel") == "http://webfinger.net/rel/profile-page" and href:
            found["profile"] = found["profile"] or href
    if not found["actor"] and not found["profile"]:
        raise RemoteError("The server does not know that handle.")
    return found
