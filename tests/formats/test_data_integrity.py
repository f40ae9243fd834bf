"""Data Integrity eddsa-rdfc-2022: the 1EdTech OB 3.0 test vector, byte for byte, and the
ways a proof must fail."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from badgeservice.crypto.keypairs import ed25519_public_multibase
from badgeservice.formats.data_integrity import (
    ProofCheck,
    ProofFailure,
    add_proof,
    format_created,
    hash_data,
    verify_proof,
)
from badgeservice.formats.jsonld import UndefinedTermError
from badgeservice.formats.rdfc import canonicalize

VECTOR_DIR = (
    Path(__file__).resolve().parents[2] / ".." / "shared/spec/test-vectors/ob-v3p0-eddsa-rdfc-2022"
)
VECTOR = json.loads((VECTOR_DIR / "vector.json").read_text(encoding="utf-8"))
# Spec test vector key (labelled, public): its "private key" is seed ‖ public key.
VECTOR_KEY = Ed25519PrivateKey.from_private_bytes(
    bytes.fromhex(VECTOR["keyPair"]["privateKeyHex_seedThenPublic_64bytes"])[:32]
)
VECTOR_METHOD = VECTOR["proofOptions"]["verificationMethod"]
VECTOR_CREATED = datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)
OTHER_METHOD = "did:web:badges.example.org:issuers:isopolis#key-1"


def unsigned() -> dict[str, object]:
    document: dict[str, object] = copy.deepcopy(VECTOR["unsignedCredential"])
    return document


def signed() -> dict[str, object]:
    document: dict[str, object] = copy.deepcopy(VECTOR["signedCredential"])
    return document


def proof_of(document: dict[str, object]) -> dict[str, object]:
    proof = document["proof"]
    if isinstance(proof, list):
        proof = proof[0]
    assert isinstance(proof, dict)
    return proof


def vector_key(method: str) -> Ed25519PublicKey:
    if method != VECTOR_METHOD:
        raise LookupError(method)
    return VECTOR_KEY.public_key()


def verify(document: object, key: Ed25519PublicKey | None = None) -> ProofCheck:
    if key is None:
        return verify_proof(document, public_key_for=vector_key)
    return verify_proof(document, public_key_for=lambda _method: key)


# --- the official test vector -------------------------------------------------------------


def test_vector_key_pair_is_the_published_one() -> None:
    public = VECTOR_KEY.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert raw.hex() == VECTOR["keyPair"]["publicKeyHex"]
    assert ed25519_public_multibase(public) == VECTOR["keyPair"]["publicKeyMultibase"]


def test_vector_canonical_document_and_hash() -> None:
    canonical = canonicalize(unsigned())
    assert canonical == (VECTOR_DIR / "document-canon.nq").read_text(encoding="utf-8")
    assert hashlib.sha256(canonical.encode()).hexdigest() == VECTOR["documentHashHex"]


def test_vector_canonical_proof_configuration_and_hash() -> None:
    proof_config = {**VECTOR["proofOptions"], "@context": unsigned()["@context"]}
    canonical = canonicalize(proof_config)
    assert canonical == (VECTOR_DIR / "proof-canon.nq").read_text(encoding="utf-8")
    assert hashlib.sha256(canonical.encode()).hexdigest() == VECTOR["proofConfigHashHex"]


def test_vector_hash_data_puts_the_proof_configuration_first() -> None:
    data = hash_data(unsigned(), VECTOR["proofOptions"])
    assert data.hex() == VECTOR["dataToSignHex_proofConfigHash_then_documentHash"]


def test_add_proof_reproduces_the_vector_signature_and_proof_value() -> None:
    document = add_proof(
        unsigned(),
        private_key=VECTOR_KEY,
        verification_method=VECTOR_METHOD,
        created=VECTOR_CREATED,
    )
    proof = proof_of(document)
    assert proof["proofValue"] == VECTOR["proofValue"]
    signature = base58.b58decode(str(proof["proofValue"])[1:])
    assert signature.hex() == VECTOR["signatureHex"]
    assert proof == VECTOR["signedCredential"]["proof"]


def test_add_proof_writes_proof_as_an_array_and_leaves_the_input_alone() -> None:
    original = unsigned()
    document = add_proof(
        original, private_key=VECTOR_KEY, verification_method=VECTOR_METHOD, created=VECTOR_CREATED
    )
    assert isinstance(document["proof"], list)
    assert len(document["proof"]) == 1
    assert original == unsigned()
    assert list(document)[-1] == "proof"


def test_vector_signed_credential_verifies() -> None:
    check = verify(signed())
    assert check == ProofCheck(True, None, None, VECTOR_METHOD, "2010-01-01T19:23:24Z")


# --- negative twins -----------------------------------------------------------------------


def test_tampered_document_fails_with_signature_mismatch() -> None:
    document = signed()
    document["name"] = "Leadership Badge"
    assert verify(document).reason is ProofFailure.SIGNATURE_MISMATCH


def test_tampered_proof_created_fails_with_signature_mismatch() -> None:
    document = signed()
    proof_of(document)["created"] = "2010-01-01T19:23:25Z"
    assert verify(document).reason is ProofFailure.SIGNATURE_MISMATCH


def test_wrong_key_fails_with_signature_mismatch() -> None:
    check = verify(signed(), Ed25519PrivateKey.generate().public_key())
    assert not check.ok
    assert check.reason is ProofFailure.SIGNATURE_MISMATCH


def test_wrong_cryptosuite_is_refused() -> None:
    document = signed()
    proof_of(document)["cryptosuite"] = "eddsa-jcs-2022"
    assert verify(document).reason is ProofFailure.UNSUPPORTED_CRYPTOSUITE


def test_legacy_proof_type_is_refused() -> None:
    document = signed()
    proof_of(document)["type"] = "Ed25519Signature2020"
    assert verify(document).reason is ProofFailure.UNSUPPORTED_TYPE


def test_unknown_context_is_reported() -> None:
    document = signed()
    document["@context"] = [*VECTOR["signedCredential"]["@context"], "https://x.example/ctx"]
    check = verify(document)
    assert check.reason is ProofFailure.UNKNOWN_CONTEXT
    assert check.detail is not None
    assert "https://x.example/ctx" in check.detail


def test_undefined_term_is_reported_as_invalid_json_ld() -> None:
    document = signed()
    document["unsignedExtra"] = "would be dropped by a lax processor"
    assert verify(document).reason is ProofFailure.INVALID_JSON_LD


def test_unexpected_proof_purpose_is_refused() -> None:
    check = verify_proof(signed(), public_key_for=vector_key, expected_purpose="authentication")
    assert check.reason is ProofFailure.WRONG_PURPOSE


def test_proof_purpose_changed_in_the_proof_is_refused() -> None:
    document = signed()
    proof_of(document)["proofPurpose"] = "authentication"
    assert verify(document).reason is ProofFailure.WRONG_PURPOSE


@pytest.mark.parametrize(
    "created", ["2010-01-01", "2010-01-01T19:23:24", "2010-13-01T00:00:00Z", 7]
)
def test_created_that_is_not_a_date_time_stamp_is_refused(created: object) -> None:
    document = signed()
    proof_of(document)["created"] = created
    assert verify(document).reason is ProofFailure.INVALID_DATE


@pytest.mark.parametrize("value", ["u" + VECTOR["proofValue"][1:], "z0OIl", "zabc", 12])
def test_malformed_proof_value_is_refused(value: object) -> None:
    document = signed()
    proof_of(document)["proofValue"] = value
    assert verify(document).reason is ProofFailure.INVALID_PROOF_VALUE


def test_unresolvable_verification_method_is_reported() -> None:
    def no_key(method: str) -> Ed25519PublicKey:
        raise LookupError(f"{method} is not a key we know")

    check = verify_proof(signed(), public_key_for=no_key)
    assert check.reason is ProofFailure.KEY_UNAVAILABLE
    assert check.verification_method == VECTOR_METHOD


def test_proof_context_that_is_not_a_prefix_of_the_document_context_is_refused() -> None:
    document = signed()
    proof_of(document)["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    assert verify(document).reason is ProofFailure.CONTEXT_MISMATCH


def test_document_without_proof_is_reported() -> None:
    assert verify(unsigned()).reason is ProofFailure.NO_PROOF
    document = unsigned()
    document["proof"] = []
    assert verify(document).reason is ProofFailure.NO_PROOF


@pytest.mark.parametrize("document", [None, "text", [1, 2], {1: "x"}])
def test_non_object_input_is_reported_not_raised(document: object) -> None:
    assert verify(document).reason is ProofFailure.MALFORMED_DOCUMENT


def test_proof_that_is_not_an_object_is_reported() -> None:
    document = unsigned()
    document["proof"] = ["z123"]
    assert verify(document).reason is ProofFailure.MALFORMED_PROOF


def test_hostile_document_is_reported_not_raised() -> None:
    document = signed()
    document["name"] = "\ud800"
    assert verify(document).reason is ProofFailure.INVALID_JSON_LD


# --- signing our own documents ------------------------------------------------------------


def test_proof_made_with_a_fresh_key_verifies_with_that_key_only() -> None:
    key = Ed25519PrivateKey.generate()
    document = add_proof(
        unsigned(), private_key=key, verification_method=OTHER_METHOD, created=VECTOR_CREATED
    )
    assert verify(document, key.public_key()).ok
    assert verify(document, Ed25519PrivateKey.generate().public_key()).reason is (
        ProofFailure.SIGNATURE_MISMATCH
    )


def test_second_proof_makes_a_proof_set_in_which_each_proof_verifies() -> None:
    first = add_proof(
        unsigned(),
        private_key=VECTOR_KEY,
        verification_method=VECTOR_METHOD,
        created=VECTOR_CREATED,
    )
    other_key = Ed25519PrivateKey.generate()
    both = add_proof(
        first, private_key=other_key, verification_method=OTHER_METHOD, created=VECTOR_CREATED
    )
    proofs = both["proof"]
    assert isinstance(proofs, list)
    assert proofs[0] == proof_of(first)

    keys = {VECTOR_METHOD: VECTOR_KEY.public_key(), OTHER_METHOD: other_key.public_key()}
    assert verify_proof(both, public_key_for=keys.__getitem__).ok

    keys[OTHER_METHOD] = Ed25519PrivateKey.generate().public_key()
    check = verify_proof(both, public_key_for=keys.__getitem__)
    assert check.reason is ProofFailure.SIGNATURE_MISMATCH
    assert check.verification_method == OTHER_METHOD


def test_created_is_written_in_utc_with_whole_seconds_and_z() -> None:
    paris = timezone(timedelta(hours=2))
    assert format_created(datetime(2026, 6, 1, 12, 0, 5, 987_000, tzinfo=paris)) == (
        "2026-06-01T10:00:05Z"
    )


def test_naive_created_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        add_proof(
            unsigned(),
            private_key=VECTOR_KEY,
            verification_method=VECTOR_METHOD,
            created=datetime(2026, 6, 1),  # noqa: DTZ001 - the naive value under test
        )


def test_relative_verification_method_is_refused() -> None:
    with pytest.raises(ValueError, match="absolute IRI"):
        add_proof(
            unsigned(), private_key=VECTOR_KEY, verification_method="#key-1", created=VECTOR_CREATED
        )


def test_signing_a_document_with_an_undefined_term_is_refused() -> None:
    document = unsigned()
    document["internalNote"] = "never signed silently"
    with pytest.raises(UndefinedTermError):
        add_proof(
            document,
            private_key=VECTOR_KEY,
            verification_method=VECTOR_METHOD,
            created=VECTOR_CREATED,
        )
