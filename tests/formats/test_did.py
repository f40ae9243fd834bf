"""did:web identifiers and documents; did:key keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from pyld import jsonld

from badgeservice.crypto.keypairs import (
    ed25519_public_multibase,
    public_jwk,
    public_key_from_jwk,
)
from badgeservice.formats.did import (
    DID_DOCUMENT_CONTEXT,
    DidError,
    VerificationMethodInput,
    did_document,
    did_key_for,
    did_key_public_key,
    did_web_for,
    did_web_to_url,
    find_verification_method,
    split_did_url,
    verification_method_id,
)

SPEC_CONTEXTS = Path(__file__).resolve().parents[3] / "shared" / "spec" / "contexts"
CONTEXT_FILES = {
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://w3id.org/security/jwk/v1": "jwk-v1.jsonld",
}
DID = "did:web:127.0.0.1%3A8000:issuers:isopolis"
# 1EdTech OB 3.0 test-vector key (FACTS §2.11).
VECTOR_MULTIBASE = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"


@pytest.fixture(scope="module")
def keys() -> tuple[ed25519.Ed25519PublicKey, rsa.RSAPublicKey, ec.EllipticCurvePublicKey]:
    return (
        ed25519.Ed25519PrivateKey.generate().public_key(),
        rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key(),
        ec.generate_private_key(ec.SECP256R1()).public_key(),
    )


@pytest.fixture(scope="module")
def document(
    keys: tuple[ed25519.Ed25519PublicKey, rsa.RSAPublicKey, ec.EllipticCurvePublicKey],
) -> dict[str, object]:
    ed, rsa_public, ec_public = keys
    return did_document(
        DID,
        [
            VerificationMethodInput(key_id="ed1", public_key=ed),
            VerificationMethodInput(key_id="rsa1", public_key=rsa_public),
            VerificationMethodInput(key_id="ec1", public_key=ec_public),
        ],
    )


def test_did_web_percent_encodes_the_port() -> None:
    assert did_web_for("http://127.0.0.1:8000", ["issuers", "isopolis"]) == DID


@pytest.mark.parametrize(
    ("base_url", "segments", "did"),
    [
        ("https://w3c-ccg.github.io", ["user", "alice"], "did:web:w3c-ccg.github.io:user:alice"),
        ("https://Example.COM/", [], "did:web:example.com"),
        ("https://example.com/badges/", ["issuers", "x"], "did:web:example.com:badges:issuers:x"),
        ("https://example.com", ["a:b", "é~"], "did:web:example.com:a%3Ab:%C3%A9%7E"),
    ],
)
def test_did_web_for_builds_the_method_specific_id(
    base_url: str, segments: list[str], did: str
) -> None:
    assert did_web_for(base_url, segments) == did


@pytest.mark.parametrize(
    ("did", "scheme", "url"),
    [
        ("did:web:w3c-ccg.github.io", "https", "https://w3c-ccg.github.io/.well-known/did.json"),
        (
            "did:web:w3c-ccg.github.io:user:alice",
            "https",
            "https://w3c-ccg.github.io/user/alice/did.json",
        ),
        (
            "did:web:example.com%3A3000:user:alice",
            "https",
            "https://example.com:3000/user/alice/did.json",
        ),
        (DID, "http", "http://127.0.0.1:8000/issuers/isopolis/did.json"),
    ],
)
def test_did_web_to_url_follows_the_read_algorithm(did: str, scheme: str, url: str) -> None:
    assert did_web_to_url(did, scheme=scheme) == url  # type: ignore[arg-type]  # str from the table


def test_did_web_round_trips_to_the_document_url_below_the_base() -> None:
    did = did_web_for("https://badges.example.org:8443/app", ["issuers", "isopolis"])
    assert did_web_to_url(did) == "https://badges.example.org:8443/app/issuers/isopolis/did.json"


@pytest.mark.parametrize(
    "did",
    [
        "did:key:z6Mk",
        "did:web:",
        "did:web:exa mple.com",
        "did:web:example.com#key-1",
        "did:web:example.com/path",
        "did:web:example.com:",
        "did:web:example.com%3A99999",
        "did:web:user@example.com",
    ],
)
def test_did_web_to_url_refuses_malformed_dids(did: str) -> None:
    with pytest.raises(DidError):
        did_web_to_url(did)


@pytest.mark.parametrize(
    ("base_url", "segments"),
    [
        ("ftp://example.com", []),
        ("https://example.com?x=1", []),
        ("https://user@example.com", []),
        ("https://[::1]:8000", []),
        ("https://example.com", [""]),
    ],
)
def test_did_web_for_refuses_unusable_base_urls(base_url: str, segments: list[str]) -> None:
    with pytest.raises(DidError):
        did_web_for(base_url, segments)


def test_document_ids_and_assertion_method_are_full_did_urls(
    document: dict[str, object],
) -> None:
    expected_ids = [f"{DID}#key-ed1", f"{DID}#key-rsa1", f"{DID}#key-ec1"]
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
        "https://w3id.org/security/jwk/v1",
    ]
    assert document["id"] == DID
    assert document["assertionMethod"] == expected_ids
    methods = document["verificationMethod"]
    assert isinstance(methods, list)
    assert [vm["id"] for vm in methods] == expected_ids
    assert all(vm["controller"] == DID for vm in methods)


def test_ed25519_is_a_multikey_and_others_are_json_web_keys(
    document: dict[str, object],
    keys: tuple[ed25519.Ed25519PublicKey, rsa.RSAPublicKey, ec.EllipticCurvePublicKey],
) -> None:
    methods = document["verificationMethod"]
    assert isinstance(methods, list)
    ed_vm, rsa_vm, ec_vm = methods
    assert ed_vm["type"] == "Multikey"
    assert ed_vm["publicKeyMultibase"] == ed25519_public_multibase(keys[0])
    assert set(ed_vm) == {"id", "type", "controller", "publicKeyMultibase"}
    for vm, key in ((rsa_vm, keys[1]), (ec_vm, keys[2])):
        assert vm["type"] == "JsonWebKey"
        assert vm["publicKeyJwk"] == public_jwk(key)
        assert "d" not in vm["publicKeyJwk"]
        assert public_key_from_jwk(vm["publicKeyJwk"]) == key


def _offline_loader(url: str, options: object) -> dict[str, object]:
    document = json.loads((SPEC_CONTEXTS / CONTEXT_FILES[url]).read_text("utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def _refuse_drop(term: str | None) -> None:
    raise AssertionError(f"JSON-LD dropped the undefined term {term!r}")


def test_document_terms_are_all_defined_by_its_contexts(document: dict[str, object]) -> None:
    assert tuple(CONTEXT_FILES) == DID_DOCUMENT_CONTEXT
    expanded = jsonld.expand(
        document, {"documentLoader": _offline_loader}, on_property_dropped=_refuse_drop
    )
    methods = expanded[0]["https://w3id.org/security#verificationMethod"]
    assert [m["@type"] for m in methods] == [
        ["https://w3id.org/security#Multikey"],
        ["https://w3id.org/security#JsonWebKey"],
        ["https://w3id.org/security#JsonWebKey"],
    ]
    assert "https://w3id.org/security#publicKeyMultibase" in methods[0]
    assert "https://w3id.org/security#publicKeyJwk" in methods[1]


def test_a_term_outside_the_contexts_is_detected(document: dict[str, object]) -> None:
    with pytest.raises(AssertionError, match="undefinedTerm"):
        jsonld.expand(
            {**document, "undefinedTerm": "x"},
            {"documentLoader": _offline_loader},
            on_property_dropped=_refuse_drop,
        )


def test_duplicate_key_ids_are_refused(
    keys: tuple[ed25519.Ed25519PublicKey, rsa.RSAPublicKey, ec.EllipticCurvePublicKey],
) -> None:
    method = VerificationMethodInput(key_id="same", public_key=keys[0])
    with pytest.raises(DidError, match="unique"):
        did_document(DID, [method, method])


def test_document_id_must_be_a_did_without_fragment() -> None:
    with pytest.raises(DidError):
        did_document(f"{DID}#key-1", [])
    with pytest.raises(DidError):
        did_document("https://example.org", [])


def test_key_ids_must_be_fragment_characters() -> None:
    assert verification_method_id(DID, "a-1") == f"{DID}#key-a-1"
    with pytest.raises(DidError):
        verification_method_id(DID, "a#b")


def test_find_verification_method_returns_an_assertion_method(
    document: dict[str, object],
) -> None:
    found = find_verification_method(document, f"{DID}#key-rsa1")
    assert found is not None
    assert found["type"] == "JsonWebKey"
    relative = find_verification_method(document, "#key-ed1")
    assert relative is not None
    assert relative["type"] == "Multikey"


def test_find_verification_method_ignores_methods_not_in_assertion_method(
    document: dict[str, object],
) -> None:
    vm_id = f"{DID}#key-ec1"
    narrowed = {**document, "assertionMethod": [f"{DID}#key-ed1"]}
    assert find_verification_method(narrowed, vm_id) is None
    assert find_verification_method({**document, "assertionMethod": vm_id}, vm_id) is None
    assert find_verification_method(document, f"{DID}#key-unknown") is None


def test_find_verification_method_refuses_another_dids_key(document: dict[str, object]) -> None:
    foreign = "did:web:evil.example#key-ed1"
    methods = document["verificationMethod"]
    assert isinstance(methods, list)
    planted = {
        **document,
        "verificationMethod": [*methods, {**methods[0], "id": foreign}],
        "assertionMethod": [foreign],
    }
    assert find_verification_method(planted, foreign) is None


def test_find_verification_method_accepts_relative_and_embedded_references(
    document: dict[str, object],
) -> None:
    methods = document["verificationMethod"]
    assert isinstance(methods, list)
    relative_doc = {
        **document,
        "verificationMethod": [{**methods[0], "id": "#key-ed1"}],
        "assertionMethod": ["#key-ed1"],
    }
    assert find_verification_method(relative_doc, f"{DID}#key-ed1") is not None
    embedded_doc = {**document, "verificationMethod": [], "assertionMethod": [methods[1]]}
    assert find_verification_method(embedded_doc, f"{DID}#key-rsa1") == methods[1]


def test_did_key_decodes_the_test_vector_key() -> None:
    did = f"did:key:{VECTOR_MULTIBASE}"
    key = did_key_public_key(f"{did}#{VECTOR_MULTIBASE}")
    assert ed25519_public_multibase(key) == VECTOR_MULTIBASE
    assert did_key_public_key(did) == key
    assert did_key_for(key) == did


@pytest.mark.parametrize(
    "did_url",
    [
        f"did:web:example.com#{VECTOR_MULTIBASE}",
        f"did:key:{VECTOR_MULTIBASE}#z6MkOther",
        "did:key:zQmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
        "https://example.com#key",
    ],
)
def test_did_key_refuses_other_methods_fragments_and_codecs(did_url: str) -> None:
    with pytest.raises(DidError):
        did_key_public_key(did_url)


def test_split_did_url_separates_the_fragment() -> None:
    assert split_did_url(f"{DID}#key-1") == (DID, "key-1")
    assert split_did_url(DID) == (DID, None)
