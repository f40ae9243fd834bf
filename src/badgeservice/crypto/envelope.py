"""AES-256-GCM envelopes for private keys at rest (NIST SP 800-38D; RFC 5116 AEAD).

Layout of a sealed blob: ``version (1 byte) ‖ nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)``.
The version byte is authenticated too (it is prepended to the associated data), so a blob cannot
be replayed under another scheme. The associated data binds the blob to its issuer, key id and
algorithm (:func:`private_key_aad`): a blob copied onto another key row fails to open.

The key-encryption key (KEK) is 32 random bytes, configured as base64url text
(``BADGESERVICE_KEY_ENCRYPTION_KEY``); the envelope key itself is derived from it with HKDF
(``crypto.secrets.derive_subkey(kek, purpose="private-key-envelope")``).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENVELOPE_VERSION = 1
KEK_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_HEADER_BYTES = 1 + _NONCE_BYTES
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


class EnvelopeError(Exception):
    """A sealed blob could not be opened: tampered, wrong key, wrong AAD or unknown version."""


class KeyEncryptionKeyError(ValueError):
    """The configured key-encryption key is not 32 bytes of base64url text."""


def _check_kek(kek: bytes) -> None:
    if len(kek) != KEK_BYTES:
        raise KeyEncryptionKeyError(f"the key-encryption key must be {KEK_BYTES} bytes")


def seal(plaintext: bytes, *, kek: bytes, aad: bytes) -> bytes:
    """Encrypt with AES-256-GCM under a fresh random 96-bit nonce (SP 800-38D §8.2.2)."""
    _check_kek(kek)
    version = bytes([ENVELOPE_VERSION])
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(kek).encrypt(nonce, plaintext, version + aad)
    return version + nonce + ciphertext


def open_sealed(blob: bytes, *, kek: bytes, aad: bytes) -> bytes:
    """Decrypt and authenticate a blob made by :func:`seal`; raise :class:`EnvelopeError`."""
    _check_kek(kek)
    if len(blob) < _HEADER_BYTES + _TAG_BYTES:
        raise EnvelopeError("sealed blob is truncated")
    version = blob[:1]
    if version[0] != ENVELOPE_VERSION:
        raise EnvelopeError(f"unknown envelope version {version[0]}")
    nonce = blob[1:_HEADER_BYTES]
    try:
        return AESGCM(kek).decrypt(nonce, blob[_HEADER_BYTES:], version + aad)
    except InvalidTag as exc:
        raise EnvelopeError("sealed blob failed authentication") from exc


def private_key_aad(*, issuer_id: str, key_id: str, algorithm: str) -> bytes:
    """The associated data binding a private-key envelope to its issuer, key and algorithm.

    A JSON array has exactly one reading, so no two (issuer, key, algorithm) triples collide.
    """
    fields = ["badgeservice/private-key", issuer_id, key_id, algorithm]
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def parse_kek(text: str) -> bytes:
    """Decode a KEK from base64url text (padding optional); exactly 32 bytes or an error."""
    stripped = text.strip()
    hint = "generate one with `badgeservice keys`"
    if not _BASE64URL.fullmatch(stripped):
        raise KeyEncryptionKeyError(f"the key-encryption key must be base64url text ({hint})")
    unpadded = stripped.rstrip("=")
    try:
        raw = base64.urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyEncryptionKeyError(
            f"the key-encryption key must be base64url text ({hint})"
        ) from exc
    if len(raw) != KEK_BYTES:
        raise KeyEncryptionKeyError(
            f"the key-encryption key must decode to exactly {KEK_BYTES} bytes, "
            f"got {len(raw)} ({hint})"
        )
    return raw


def new_kek_text() -> str:
    """A fresh random KEK as unpadded base64url text, for operators to configure."""
    return base64.urlsafe_b64encode(os.urandom(KEK_BYTES)).rstrip(b"=").decode("ascii")
