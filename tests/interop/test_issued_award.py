"""An award issued through the real API, checked by implementations that share no code with
ours, with nothing but what our public endpoints serve (the credential, its VC-JWT, the status
list credential and the issuer's did.json):

* Digital Bazaar's eddsa-rdfc-2022 verifier (verify.mjs) on the credential's and the status
  list's Data Integrity proofs, the key taken from did.json;
* panva's jose (verify_jwt.mjs) on the VC-JWT, with the ``publicKeyJwk`` that did.json lists for
  the header ``kid``, and the JWT claims against the credential (FACTS §2.9 A);
* jsonld.js (canonize.mjs): the same RDFC-1.0 bytes as ``formats.rdfc.canonicalize``.

Needs node and ``npm ci`` in tests/interop: skips without them, fails under
BADGESERVICE_REQUIRE_INTEROP=1 (CI).
"""

from __future__ import annotations

import base64
import copy
import json
from dataclasses import dataclass
from datetime import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.crypto.keypairs import ed25519_public_multibase, public_jwk
from badgeservice.formats.did import did_web_to_url, find_verification_method
from badgeservice.formats.rdfc import canonicalize
from badgeservice.formats.status_list import (
    MIN_ENTRIES,
    decode_list,
    encode_list,
    set_bit,
)
from tests.conftest import T0, TokenFactory
from tests.interop.documents import INTEROP_DIR, require_node, run_node
from tests.support.awards import award_body, awardable
from tests.support.resolve import fetch_json, local_path
from tests.support.tools import missing_tool

JWT_CLAIMS = ("iss", "jti", "nbf", "sub", "exp")
SIGNATURE_FAILED = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"


@dataclass(frozen=True)
class Published:
    """What a verifier can fetch about one award, as served."""

    credential: dict[str, object]
    vc_jwt: str
    status_list: dict[str, object]
    did_document: dict[str, object]


@pytest.fixture
def published(client: TestClient, session: Session, auth_headers: TokenFactory) -> Published:
    require_node()  # skip before issuing anything
    _, label = awardable(session)
    response = client.post(
        "/api/v1/awards",
        json=award_body(str(label.badge_class.id)),
        headers={**auth_headers(Scope.AWARDS_WRITE), "Idempotency-Key": "interop-issued-1"},
    )
    assert response.status_code == 201, response.text
    links = response.json()["links"]
    credential = fetch_json(client, links["ob3"])
    jwt_response = client.get(local_path(links["ob3_jwt"]))
    assert jwt_response.status_code == 200
    status_entry = _object(credential["credentialStatus"])
    return Published(
        credential=credential,
        vc_jwt=jwt_response.text,
        status_list=fetch_json(client, str(status_entry["statusListCredential"])),
        did_document=fetch_json(client, did_web_to_url(_issuer_id(credential))),
    )


# --- Data Integrity: Digital Bazaar ---------------------------------------------------------


def test_digital_bazaar_verifies_the_credential_and_status_list_proofs(
    published: Published,
) -> None:
    method = _proof_method(published.credential)
    assert _proof_method(published.status_list) == method
    results = run_node(
        "verify.mjs",
        {
            "documents": [published.credential, published.status_list],
            "resources": _resources(published.did_document, method),
        },
    )
    assert results == [{"verified": True}, {"verified": True}]


def test_digital_bazaar_refuses_a_tampered_credential_and_status_list(
    published: Published,
) -> None:
    credential = copy.deepcopy(published.credential)
    _object(credential["credentialSubject"])["narrative"] = "Un autre récit."
    # The forgery that matters for a status list: the award shown as revoked.
    status_list = copy.deepcopy(published.status_list)
    subject = _object(status_list["credentialSubject"])
    bits = bytearray(decode_list(str(subject["encodedList"]), max_decompressed_bytes=MIN_ENTRIES))
    set_bit(bits, int(str(_object(published.credential["credentialStatus"])["statusListIndex"])))
    subject["encodedList"] = encode_list(bits)
    results = run_node(
        "verify.mjs",
        {
            "documents": [credential, status_list],
            "resources": _resources(published.did_document, _proof_method(credential)),
        },
    )
    assert [result["verified"] for result in results] == [False, False]
    assert all("Invalid signature" in str(result["error"]) for result in results), results


def test_digital_bazaar_refuses_proofs_when_did_json_holds_another_key(
    published: Published,
) -> None:
    method = _proof_method(published.credential)
    swapped = copy.deepcopy(published.did_document)
    stranger = ed25519.Ed25519PrivateKey.generate().public_key()
    methods = swapped["verificationMethod"]
    assert isinstance(methods, list)
    for entry in methods:
        if entry["id"] == method:
            entry["publicKeyMultibase"] = ed25519_public_multibase(stranger)
    results = run_node(
        "verify.mjs",
        {
            "documents": [published.credential, published.status_list],
            "resources": _resources(swapped, method),
        },
    )
    assert [result["verified"] for result in results] == [False, False]
    assert all("Invalid signature" in str(result["error"]) for result in results), results


# --- VC-JWT: jose ---------------------------------------------------------------------------


def test_jose_verifies_the_vc_jwt_and_its_claims_match_the_credential(
    published: Published,
) -> None:
    kid = str(_segment(published.vc_jwt, 0)["kid"])
    (result,) = _jose([(published.vc_jwt, _did_jwk(published.did_document, kid))])
    assert result["verified"] is True, result
    # OB 3.0 §8.2: only alg, kid, jwk and typ; typ, if present, is "JWT".
    assert result["header"] == {"alg": "RS256", "kid": kid, "typ": "JWT"}
    payload = _object(result["payload"])
    credential = published.credential
    subject = _object(credential["credentialSubject"])
    assert payload["iss"] == _issuer_id(credential)
    assert payload["jti"] == credential["id"]
    assert payload["sub"] == subject["id"]
    assert payload["nbf"] == _numeric_date(credential["validFrom"])
    assert "validUntil" in credential
    assert payload["exp"] == _numeric_date(credential["validUntil"])
    assert {k: v for k, v in payload.items() if k not in JWT_CLAIMS} == credential


def test_jose_refuses_a_vc_jwt_with_a_tampered_payload(published: Published) -> None:
    head, payload, signature = published.vc_jwt.split(".")
    forged = _segment(published.vc_jwt, 1)
    forged["name"] = "Autre badge"
    forged_payload = _b64url(json.dumps(forged).encode("utf-8"))
    assert forged_payload != payload
    kid = str(_segment(published.vc_jwt, 0)["kid"])
    (result,) = _jose(
        [(f"{head}.{forged_payload}.{signature}", _did_jwk(published.did_document, kid))]
    )
    assert result["verified"] is False
    assert result["code"] == SIGNATURE_FAILED, result


def test_jose_refuses_a_vc_jwt_checked_with_another_rsa_key(published: Published) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    (result,) = _jose([(published.vc_jwt, public_jwk(stranger))])
    assert result["verified"] is False
    assert result["code"] == SIGNATURE_FAILED, result


# --- RDFC-1.0: jsonld.js --------------------------------------------------------------------


def test_jsonld_js_canonicalizes_what_we_signed_to_our_bytes(published: Published) -> None:
    """Both inputs of each proof's hash: the document without its proof, and the proof
    configuration (the proof without proofValue, with the document's @context)."""
    documents: list[dict[str, object]] = []
    for signed in (published.credential, published.status_list):
        (proof,) = _proofs(signed)
        documents.append({k: v for k, v in signed.items() if k != "proof"})
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        documents.append({**config, "@context": signed["@context"]})
    results = run_node("canonize.mjs", {"documents": documents})
    ours = [canonicalize(document) for document in documents]
    assert [result.get("nquads") for result in results] == ours
    assert str(published.credential["id"]) in ours[0]


# --- Helpers --------------------------------------------------------------------------------


def _object(value: object) -> dict[str, object]:
    assert isinstance(value, dict)
    return value


def _issuer_id(credential: dict[str, object]) -> str:
    return str(_object(credential["issuer"])["id"])


def _proofs(document: dict[str, object]) -> list[dict[str, object]]:
    proofs = document["proof"]
    assert isinstance(proofs, list)
    return [_object(proof) for proof in proofs]


def _proof_method(document: dict[str, object]) -> str:
    (proof,) = _proofs(document)
    return str(proof["verificationMethod"])


def _resources(did_document: dict[str, object], method_id: str) -> list[dict[str, object]]:
    """What verify.mjs's document loader serves: the verification method under its full DID URL
    (the proof's ``verificationMethod``), and the DID document under the DID, where the
    verifier checks that the method is listed in ``assertionMethod``."""
    method = find_verification_method(did_document, method_id)
    assert method is not None, f"{method_id} is not an assertion method of did.json"
    return [did_document, method]


def _did_jwk(did_document: dict[str, object], kid: str) -> dict[str, object]:
    method = find_verification_method(did_document, kid)
    assert method is not None, f"{kid} is not an assertion method of did.json"
    return _object(method["publicKeyJwk"])


def _jose(tokens: list[tuple[str, dict[str, object]]]) -> list[dict[str, object]]:
    require_node()
    if not (INTEROP_DIR / "node_modules" / "jose").is_dir():
        missing_tool("Node package jose missing: run `make interop-tools`")
    # Time claims are checked at the test clock's instant, not the machine's.
    items = [{"token": token, "jwk": jwk, "at": T0.isoformat()} for token, jwk in tokens]
    return run_node("verify_jwt.mjs", {"items": items})


def _segment(token: str, index: int) -> dict[str, object]:
    part = token.split(".")[index]
    return _object(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _numeric_date(value: object) -> int:
    return int(datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp())
