"""A VAPID key pair for development and tests: generated once into var/, reused after.

Production sets VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY (see .env.example); rotating the
pair invalidates every device's subscription.
"""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def generate() -> tuple[str, str]:
    """(private key as base64url of its 32 raw bytes, public key as base64url of the
    uncompressed point: what a browser's `applicationServerKey` takes)."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(private), b64url(public)


def public_of(private: str) -> str:
    raw = base64.urlsafe_b64decode(private + "=" * (-len(private) % 4))
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    return b64url(
        key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def development_keys(folder: Path) -> tuple[str, str]:
    path = folder / "vapid-development.key"
    try:
        private = path.read_text().strip()
    except FileNotFoundError:
        private, _public = generate()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(private + "\n")
            path.chmod(0o600)
        except OSError:
            pass  # read-only checkout: a fresh pair per start is fine for development
    return private, public_of(private)
