"""AES-256-GCM private-key envelopes and the key-encryption key text format."""

from __future__ import annotations

import base64
import os

import pytest

from badgeservice.crypto.envelope import (
    ENVELOPE_VERSION,
    EnvelopeError,
    KeyEncryptionKeyError,
    new_kek_text,
    open_sealed,
    parse_kek,
    private_key_aad,
    seal,
)

KEK = bytes(range(32))
AAD = private_key_aad(issuer_id="issuer-1", key_id="key-1", algorithm="Ed25519")
SECRET = b"PKCS#8 DER bytes"


def test_sealed_blob_opens_with_the_same_key_and_aad() -> None:
    blob = seal(SECRET, kek=KEK, aad=AAD)
    assert blob[0] == ENVELOPE_VERSION
    assert SECRET not in blob
    assert open_sealed(blob, kek=KEK, aad=AAD) == SECRET


def test_each_seal_uses_a_fresh_nonce() -> None:
    assert seal(SECRET, kek=KEK, aad=AAD) != seal(SECRET, kek=KEK, aad=AAD)


@pytest.mark.parametrize("position", [0, 1, 13, -1])
def test_tampered_blob_is_refused(position: int) -> None:
    blob = bytearray(seal(SECRET, kek=KEK, aad=AAD))
    blob[position] ^= 0x01
    with pytest.raises(EnvelopeError):
        open_sealed(bytes(blob), kek=KEK, aad=AAD)


def test_wrong_kek_is_refused() -> None:
    blob = seal(SECRET, kek=KEK, aad=AAD)
    with pytest.raises(EnvelopeError, match="authentication"):
        open_sealed(blob, kek=os.urandom(32), aad=AAD)


@pytest.mark.parametrize(
    "other_aad",
    [
        private_key_aad(issuer_id="issuer-2", key_id="key-1", algorithm="Ed25519"),
        private_key_aad(issuer_id="issuer-1", key_id="key-2", algorithm="Ed25519"),
        private_key_aad(issuer_id="issuer-1", key_id="key-1", algorithm="RS256"),
    ],
)
def test_blob_moved_to_another_issuer_key_or_algorithm_is_refused(other_aad: bytes) -> None:
    blob = seal(SECRET, kek=KEK, aad=AAD)
    with pytest.raises(EnvelopeError):
        open_sealed(blob, kek=KEK, aad=other_aad)


def test_aad_fields_cannot_be_shifted_between_each_other() -> None:
    left = private_key_aad(issuer_id="a,b", key_id="c", algorithm="Ed25519")
    right = private_key_aad(issuer_id="a", key_id="b,c", algorithm="Ed25519")
    assert left != right


def test_truncated_blob_is_refused() -> None:
    with pytest.raises(EnvelopeError, match="truncated"):
        open_sealed(b"\x01" + bytes(20), kek=KEK, aad=AAD)


def test_unknown_version_is_refused() -> None:
    blob = b"\x02" + seal(SECRET, kek=KEK, aad=AAD)[1:]
    with pytest.raises(EnvelopeError, match="version"):
        open_sealed(blob, kek=KEK, aad=AAD)


def test_seal_refuses_a_kek_of_the_wrong_length() -> None:
    with pytest.raises(KeyEncryptionKeyError):
        seal(SECRET, kek=bytes(16), aad=AAD)


def test_parse_kek_accepts_padded_and_unpadded_base64url() -> None:
    text = base64.urlsafe_b64encode(KEK).decode()
    assert text.endswith("=")
    assert parse_kek(text) == KEK
    assert parse_kek(text.rstrip("=")) == KEK
    assert len(parse_kek(new_kek_text())) == 32


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (base64.urlsafe_b64encode(bytes(16)).decode(), "exactly 32 bytes, got 16"),
        (base64.urlsafe_b64encode(bytes(33)).decode(), "exactly 32 bytes, got 33"),
        ("not base64url!", "base64url"),
        (base64.b64encode(b"\xfb" * 32).decode(), "base64url"),
        ("", "base64url"),
    ],
)
def test_parse_kek_explains_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(KeyEncryptionKeyError, match=reason):
        parse_kek(text)
