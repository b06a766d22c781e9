"""HTTP Signatures, both forms, both ways.

- draft-cavage-http-signatures-12 (what Mastodon, Misskey, Friendica, Mobilizon and
  Gancio send today): a thin module of our own on `cryptography`, as Takahe does; it is
  small and every Fediverse server agrees on the same narrow profile (rsa-sha256 or
  hs2019 with an RSA key, `(request-target) host date digest`).
- RFC 9421 HTTP Message Signatures: the `http-message-signatures` library, with
  `Content-Digest` (RFC 9530) covered by the signature on every request with a body.

Incoming requests must carry a fresh date (±5 minutes) and a body digest that matches;
the caller maps the signing key id to the actor's public key (fetching it through the
safe fetcher) and checks that key belongs to the activity's actor.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from http_message_signatures import (
    HTTPMessageSigner,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    InvalidSignature,
    algorithms,
)
from http_message_signatures.exceptions import HTTPMessageSignaturesException

from travel.federation.keys import load_private, load_public

MAX_SKEW = dt.timedelta(minutes=5)
CAVAGE_HEADERS = ("(request-target)", "host", "date", "digest")


class SignatureError(Exception):
    """The request is unsigned, badly signed, stale, or its body does not match."""


KeyLookup = Callable[[str], str]  # key id -> public key PEM (raises SignatureError)


@dataclass(frozen=True)
class SignedRequest:
    """An incoming request as the verifier needs it (headers with lower-case names)."""

    method: str
    url: str  # absolute, as the sender addressed us
    headers: Mapping[str, str]
    body: bytes


def http_date(moment: dt.datetime | None = None) -> str:
    return format_datetime(moment or dt.datetime.now(dt.UTC), usegmt=True)


def sha256_digest(body: bytes) -> str:
    return base64.b64encode(hashlib.sha256(body).digest()).decode()


# --- outgoing --------------------------------------------------------------------------
def sign_cavage(request: httpx.Request, *, key_id: str, private_key_pem: str) -> None:
    """Adds Date, Digest (with a body) and a cavage Signature header to `request`."""
    request.headers["Date"] = http_date()
    names = ["(request-target)", "host", "date"]
    if request.method != "GET":
        request.headers["Digest"] = "SHA-256=" + sha256_digest(request.content)
        names.append("digest")
    base = _cavage_base(
        names, method=request.method, url=str(request.url), headers=_lower(request.headers)
    )
    signature = load_private(private_key_pem).sign(base, padding.PKCS1v15(), hashes.SHA256())
    request.headers["Signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{base64.b64encode(signature).decode()}"'
    )


class _OneKey(HTTPSignatureKeyResolver):
    def __init__(self, *, private_pem: str | None = None, lookup: KeyLookup | None = None):
        self.private_pem = private_pem
        self.lookup = lookup

    def resolve_private_key(self, key_id: str):  # type: ignore[no-untyped-def]
        assert self.private_pem is not None
        return load_private(self.private_pem)

    def resolve_public_key(self, key_id: str):  # type: ignore[no-untyped-def]
        assert self.lookup is not None
        try:
            return load_public(self.lookup(key_id))
        except ValueError as exc:
            raise SignatureError("The signing key is not an RSA key.") from exc


# What the Fediverse signs and expects (RFC 9421 section 7.2.1): method, target, and the
# body's digest (added by the library when there is a body).
RFC9421_COVERED = ("@method", "@target-uri", "date")


def sign_rfc9421(
    request: httpx.Request,
    *,
    key_id: str,
    private_key_pem: str,
    covered: tuple[str, ...] = RFC9421_COVERED,
) -> None:
    """Adds Date, Content-Digest, Signature-Input and Signature (RFC 9421) to `request`."""
    request.headers["Date"] = http_date()
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.RSA_V1_5_SHA256,
        key_resolver=_OneKey(private_pem=private_key_pem),
    )
    signer.sign(
        request,
        key_id=key_id,
        label="sig1",
        covered_component_ids=covered,
        body=request.content if request.method != "GET" else None,
    )


# --- incoming --------------------------------------------------------------------------
def verify(request: SignedRequest, lookup: KeyLookup) -> str:
    """The key id that signed `request` (either form); SignatureError otherwise."""
    headers = _lower(request.headers)
    _check_date(headers)
    if "signature-input" in headers:
        return _verify_rfc9421(request, headers, lookup)
    if "signature" in headers or headers.get("authorization", "").startswith("Signature "):
        return _verify_cavage(request, headers, lookup)
    raise SignatureError("The request is not signed.")


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


def _check_date(headers: Mapping[str, str]) -> None:
    raw = headers.get("date")
    if not raw:
        if "signature-input" in headers:
            return  # RFC 9421 carries `created`; checked there
        raise SignatureError("The request has no Date.")
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError) as exc:
        raise SignatureError("The Date header is not a date.") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if abs(dt.datetime.now(dt.UTC) - moment) > MAX_SKEW:
        raise SignatureError("The Date is more than 5 minutes off.")


_PARAM = re.compile(r'(\w+)="([^"]*)"')


def _cavage_base(names: list[str], *, method: str, url: str, headers: Mapping[str, str]) -> bytes:
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {target}")
        elif name in headers:
            lines.append(f"{name}: {headers[name]}")
        else:
            raise SignatureError(f"The signed header {name} is missing.")
    return "\n".join(lines).encode()


def _check_body_digest(request: SignedRequest, headers: Mapping[str, str]) -> None:
    if "content-digest" in headers:
        match = re.search(r"sha-256=:([^:]+):", headers["content-digest"])
        if not match or match.group(1) != sha256_digest(request.body):
            raise SignatureError("The Content-Digest does not match the body.")
        return
    digest = headers.get("digest", "")
    for part in digest.split(","):
        algorithm, _, value = part.strip().partition("=")
        if algorithm.lower() == "sha-256" and value == sha256_digest(request.body):
            return
    raise SignatureError("The Digest is missing or does not match the body.")


def _verify_cavage(request: SignedRequest, headers: Mapping[str, str], lookup: KeyLookup) -> str:
    raw = headers.get("signature") or headers["authorization"].removeprefix("Signature ")
    params = dict(_PARAM.findall(raw))
    key_id, signature = params.get("keyId"), params.get("signature")
    if not key_id or not signature:
        raise SignatureError("The Signature header lacks keyId or signature.")
    if params.get("algorithm", "hs2019").lower() not in ("rsa-sha256", "hs2019"):
        raise SignatureError("Only rsa-sha256 signatures are accepted.")
    names = params.get("headers", "date").lower().split()
    required = CAVAGE_HEADERS if request.method != "GET" else CAVAGE_HEADERS[:3]
    missing = [name for name in required if name not in names]
    if missing:
        raise SignatureError(f"The signature does not cover {', '.join(missing)}.")
    if request.method != "GET":
        _check_body_digest(request, headers)
    base = _cavage_base(names, method=request.method, url=request.url, headers=headers)
    try:
        public_key = load_public(lookup(key_id))
        public_key.verify(base64.b64decode(signature), base, padding.PKCS1v15(), hashes.SHA256())
    except (CryptoInvalidSignature, ValueError) as exc:
        raise SignatureError("The signature does not match.") from exc
    return key_id


@dataclass
class _Message:
    method: str
    url: str
    headers: Mapping[str, str]


def _verify_rfc9421(request: SignedRequest, headers: Mapping[str, str], lookup: KeyLookup) -> str:
    verifier = HTTPMessageVerifier(
        signature_algorithm=algorithms.RSA_V1_5_SHA256, key_resolver=_OneKey(lookup=lookup)
    )
    message = _Message(method=request.method.upper(), url=request.url, headers=headers)
    try:
        results = verifier.verify(
            message, max_age=MAX_SKEW, body=request.body if request.body else None
        )
    except (InvalidSignature, HTTPMessageSignaturesException, ValueError, KeyError) as exc:
        raise SignatureError(f"The RFC 9421 signature does not verify: {exc}") from exc
    result = results[0]
    covered = {str(c).split(";", 1)[0].strip('"') for c in result.covered_components}
    if "@method" not in covered or not ({"@target-uri", "@path"} & covered):
        raise SignatureError("The signature must cover the method and the target.")
    created = result.parameters.get("created")
    if isinstance(created, int):
        moment = dt.datetime.fromtimestamp(created, dt.UTC)
        if abs(dt.datetime.now(dt.UTC) - moment) > MAX_SKEW:
            raise SignatureError("The signature is more than 5 minutes off.")
    if request.method != "GET":
        _check_body_digest(request, headers)
    return str(result.parameters.get("keyid", ""))
