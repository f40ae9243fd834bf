"""A second implementation: jsonld.js + rdf-canonize (safe mode) and Digital Bazaar's
eddsa-rdfc-2022 verifier, the stack most verifiers and wallets run (FACTS.md §4 gotcha 13).

Whatever badgeservice agrees to sign must canonicalize to the same bytes there, and proofs we
make must verify there. Needs node and `npm ci` in tests/interop; skips otherwise.
"""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badgeservice.crypto.keypairs import ed25519_public_multibase
from badgeservice.formats.data_integrity import add_proof
from badgeservice.formats.json_guard import find_unsafe_values
from badgeservice.formats.jsonld import JsonLdError, expand_strict
from badgeservice.formats.rdfc import NonPortableOrderError, canonicalize
from tests.interop.documents import (
    ISSUER,
    OB_3_0_3,
    VC_V2,
    VERIFICATION_METHOD,
    random_credential,
    rich_credential,
    run_node,
    status_list_credential,
    vector_credential,
)

RANDOM_DOCUMENTS = 200
CREATED = datetime(2026, 6, 1, 10, 0, 0, tzinfo=UTC)


def jsonld_js_canonical(documents: list[dict[str, object]]) -> list[dict[str, object]]:
    return run_node("canonize.mjs", {"documents": documents})


def test_jsonld_js_gives_our_canonical_form_for_what_we_issue() -> None:
    proof_config: dict[str, object] = {
        "@context": [VC_V2, OB_3_0_3],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-06-01T10:00:00Z",
        "verificationMethod": VERIFICATION_METHOD,
        "proofPurpose": "assertionMethod",
    }
    documents = [vector_credential(), rich_credential(), status_list_credential(), proof_config]
    results = jsonld_js_canonical(documents)
    assert [result.get("nquads") for result in results] == [canonicalize(d) for d in documents]


def test_random_texts_we_accept_canonicalize_identically_in_jsonld_js() -> None:
    rng = random.Random(20260601)  # fixed seed: the same documents on every run
    documents = [random_credential(rng) for _ in range(RANDOM_DOCUMENTS)]
    ours: list[str | None] = []
    for document in documents:
        try:
            refused = bool(find_unsafe_values(document))
            ours.append(None if refused else canonicalize(document))
        except NonPortableOrderError:
            ours.append(None)
    theirs = jsonld_js_canonical(documents)
    accepted = [(mine, other) for mine, other in zip(ours, theirs, strict=True) if mine]
    assert len(accepted) > RANDOM_DOCUMENTS // 4, "the generator should yield signable documents"
    assert all(mine == other.get("nquads") for mine, other in accepted)


def _with(document: dict[str, object], path: tuple[str, ...], value: object) -> dict[str, object]:
    changed = copy.deepcopy(document)
    target = changed
    for name in path[:-1]:
        child = target[name]
        assert isinstance(child, dict)
        target = child
    target[path[-1]] = value
    return changed


NAME = ("name",)
CREDITS = ("credentialSubject", "achievement", "creditsAvailable")
TAGS = ("credentialSubject", "achievement", "tag")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (NAME, "bell\x07"),
        (NAME, "form\x0cfeed"),
        (NAME, "delete\x7f"),
        (CREDITS, 2**53 + 1),
        (CREDITS, 1e-7),
    ],
)
def test_values_the_guard_refuses_really_canonicalize_differently(
    path: tuple[str, ...], value: object
) -> None:
    document = _with(rich_credential(), path, value)
    assert find_unsafe_values(document)
    (theirs,) = jsonld_js_canonical([document])
    assert theirs.get("nquads") != canonicalize(document)


def test_order_we_refuse_really_differs_in_jsonld_js() -> None:
    document = _with(rich_credential(), TAGS, ["x😀", "x！"])
    with pytest.raises(NonPortableOrderError):
        canonicalize(document)
    (theirs,) = jsonld_js_canonical([document])
    assert theirs.get("nquads") != canonicalize(document, require_portable_order=False)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("nickname",), "undefined term"),
        (("type",), ["VerifiableCredential", "OpenBadgeCredential", "FancyBadge"]),
        (("id",), "credentials/42"),
        (("id",), "https://example.com/a b"),
        (("credentialSubject", "id"), None),
        (NAME, {"@value": "x", "@language": "ar", "@direction": "rtl"}),
        (NAME, {"@value": "x", "@language": "not a tag"}),
        (("@note",), "reserved"),
    ],
)
def test_what_strict_expansion_refuses_jsonld_js_safe_mode_refuses_too(
    path: tuple[str, ...], value: object
) -> None:
    document = _with(rich_credential(), path, value)
    with pytest.raises(JsonLdError):
        expand_strict(document)
    (theirs,) = jsonld_js_canonical([document])
    assert "nquads" not in theirs, theirs


def test_extension_types_without_the_extensions_context_fail_in_both() -> None:
    document = _with(rich_credential(), ("@context",), [VC_V2, OB_3_0_3])
    with pytest.raises(JsonLdError):
        expand_strict(document)
    (theirs,) = jsonld_js_canonical([document])
    assert "nquads" not in theirs


# --- Data Integrity proofs verified by Digital Bazaar's verifier ---------------------------


def _resources(public_multibase: str) -> list[dict[str, object]]:
    method: dict[str, object] = {
        "id": VERIFICATION_METHOD,
        "type": "Multikey",
        "controller": ISSUER,
        "publicKeyMultibase": public_multibase,
    }
    controller: dict[str, object] = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": ISSUER,
        "verificationMethod": [method],
        "assertionMethod": [VERIFICATION_METHOD],
    }
    return [{"@context": "https://w3id.org/security/multikey/v1", **method}, controller]


def test_our_proofs_verify_with_digital_bazaar_and_tampering_is_caught() -> None:
    key = Ed25519PrivateKey.generate()
    signed = [
        add_proof(d, private_key=key, verification_method=VERIFICATION_METHOD, created=CREATED)
        for d in (rich_credential(), status_list_credential())
    ]
    tampered = _with(signed[0], NAME, "Autre badge")
    wrong_key = add_proof(
        rich_credential(),
        private_key=Ed25519PrivateKey.generate(),
        verification_method=VERIFICATION_METHOD,
        created=CREATED,
    )
    results = run_node(
        "verify.mjs",
        {
            "documents": [*signed, tampered, wrong_key],
            "resources": _resources(ed25519_public_multibase(key.public_key())),
        },
    )
    assert [result["verified"] for result in results] == [True, True, False, False]
