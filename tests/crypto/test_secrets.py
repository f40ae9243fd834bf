"""Client secrets, recipient lookup HMACs and HKDF sub-keys."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from badgeservice.crypto.secrets import (
    SubkeyPurpose,
    derive_subkey,
    hash_client_secret,
    new_client_secret,
    recipient_lookup_hmac,
    verify_client_secret,
)

MASTER = bytes(range(32))
PEPPER = bytes(range(32, 64))


def test_subkeys_differ_per_purpose_and_are_stable() -> None:
    derived = {purpose: derive_subkey(MASTER, purpose=purpose) for purpose in SubkeyPurpose}
    assert len(set(derived.values())) == len(SubkeyPurpose)
    assert all(len(key) == 32 for key in derived.values())
    assert (
        derive_subkey(MASTER, purpose="private-key-envelope")
        == (derived[SubkeyPurpose.PRIVATE_KEY_ENVELOPE])
    )
    assert (
        derive_subkey(bytes(32), purpose="private-key-envelope")
        != (derived[SubkeyPurpose.PRIVATE_KEY_ENVELOPE])
    )


def test_subkey_is_hkdf_sha256_with_the_purpose_as_info() -> None:
    # RFC 5869 by hand: no salt means a zero-filled HashLen salt; one output block.
    prk = hmac.new(bytes(32), MASTER, hashlib.sha256).digest()
    okm = hmac.new(prk, b"badgeservice/v1/recipient-lookup-hmac\x01", hashlib.sha256).digest()
    assert derive_subkey(MASTER, purpose=SubkeyPurpose.RECIPIENT_LOOKUP_HMAC) == okm


def test_subkey_length_is_configurable() -> None:
    assert len(derive_subkey(MASTER, purpose="x", length=64)) == 64


@pytest.mark.parametrize(("master", "purpose"), [(bytes(16), "x"), (MASTER, ""), (MASTER, "é")])
def test_subkey_refuses_short_master_or_bad_purpose(master: bytes, purpose: str) -> None:
    with pytest.raises(ValueError, match=r"at least|label"):
        derive_subkey(master, purpose=purpose)


def test_client_secrets_are_random_and_long() -> None:
    first, second = new_client_secret(), new_client_secret()
    assert first != second
    assert len(first) >= 43


def test_client_secret_verifies_against_its_hash() -> None:
    secret = new_client_secret()
    stored = hash_client_secret(secret, pepper=PEPPER)
    assert stored.startswith("hmac-sha256$")
    assert secret not in stored
    assert verify_client_secret(secret, stored, pepper=PEPPER)


def test_wrong_client_secret_is_refused() -> None:
    stored = hash_client_secret(new_client_secret(), pepper=PEPPER)
    assert not verify_client_secret(new_client_secret(), stored, pepper=PEPPER)


def test_client_secret_with_another_pepper_is_refused() -> None:
    secret = new_client_secret()
    stored = hash_client_secret(secret, pepper=PEPPER)
    assert not verify_client_secret(secret, stored, pepper=MASTER)


def test_garbage_stored_hash_is_refused_not_raised() -> None:
    assert not verify_client_secret("s", "hmac-sha256$é", pepper=PEPPER)


def test_short_pepper_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        hash_client_secret("s", pepper=b"short")


def test_recipient_lookup_hmac_is_keyed_hex() -> None:
    key = derive_subkey(MASTER, purpose=SubkeyPurpose.RECIPIENT_LOOKUP_HMAC)
    value = recipient_lookup_hmac("ana@example.org", key=key)
    assert value == hmac.new(key, b"ana@example.org", hashlib.sha256).hexdigest()
    assert value != hashlib.sha256(b"ana@example.org").hexdigest()
    assert recipient_lookup_hmac("ana@example.org", key=PEPPER) != value
