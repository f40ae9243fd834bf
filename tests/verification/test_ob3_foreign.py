"""Open Badges 3.0 credentials of another issuer (did:web:issuer.example on the fake web):
each check passes for a sound credential and fails, alone, in its negative twin."""

from __future__ import annotations

import base64
import gzip
import json

import orjson
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy.orm import Session

from badgeservice.crypto import jws
from badgeservice.crypto.keypairs import public_jwk, public_pem
from badgeservice.formats.did import did_key_for
from badgeservice.verification.checks import CheckId, CheckStatus
from badgeservice.verification.service import VerificationContext
from tests.verification import foreign
from tests.verification.conftest import RemoteWeb
from tests.verification.support import (
    assert_only_failure,
    assert_verified,
    check,
    hmac_token,
    reason,
    rs256_token,
    token_payload,
    unsigned_token,
)


def test_a_foreign_data_integrity_credential_verifies(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    report = check(session, context, credential=foreign.signed(foreign.credential()))
    assert_verified(report)
    assert report.format.value == "ob3-data-integrity"
    assert remote.requests == [foreign.DID_DOCUMENT_URL, foreign.STATUS_LIST_URL]
    assert report.summary.issuer.id == foreign.DID
    assert report.summary.badge_class.name == "Jardinier"
    assert report.summary.recipient.hashed


def test_a_tampered_credential_fails_its_signature(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    tampered = {**foreign.signed(foreign.credential()), "name": "Maître jardinier"}
    report = check(session, context, credential=tampered)
    assert_only_failure(report, CheckId.SIGNATURE)
    assert reason(report, CheckId.SIGNATURE) == "signature_failed/proof_signature_mismatch"


def test_a_credential_signed_with_another_key_fails_its_signature(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    forged = foreign.signed(foreign.credential(), key=ed25519.Ed25519PrivateKey.generate())
    report = check(session, context, credential=forged)
    assert_only_failure(report, CheckId.SIGNATURE)


def test_a_key_the_did_document_no_longer_lists_fails(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote, document=foreign.did_doc(listed=False))
    report = check(session, context, credential=foreign.signed(foreign.credential()))
    assert report.check(CheckId.KEY_STATUS).status is CheckStatus.FAILED
    assert reason(report, CheckId.KEY_STATUS) == "key_status_unavailable/key_not_listed"
    assert report.check(CheckId.SIGNATURE).status is CheckStatus.FAILED
    assert not report.verified


def test_a_key_controlled_by_someone_else_than_the_issuer_fails_the_binding(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote, statuses=foreign.status_list(issuer_id="did:web:other.example"))
    credential = foreign.credential(issuer_id="did:web:other.example")
    report = check(session, context, credential=foreign.signed(credential))
    assert report.check(CheckId.ISSUER_KEY_BINDING).status is CheckStatus.FAILED
    assert reason(report, CheckId.ISSUER_KEY_BINDING) == "binding_other_controller"
    assert report.check(CheckId.SIGNATURE).status is CheckStatus.PASSED
    assert not report.verified


def test_a_revoked_credential_fails_revocation(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote, statuses=foreign.status_list(revoked=[foreign.INDEX]))
    report = check(session, context, credential=foreign.signed(foreign.credential()))
    assert_only_failure(report, CheckId.REVOCATION)
    assert reason(report, CheckId.REVOCATION) == "revocation_revoked"
    assert report.summary.revoked


def test_another_bit_revoked_leaves_the_credential_valid(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote, statuses=foreign.status_list(revoked=[foreign.INDEX + 1]))
    assert_verified(check(session, context, credential=foreign.signed(foreign.credential())))


def test_a_status_list_whose_own_proof_is_broken_fails_revocation(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    # The list served claims nothing is revoked, but its proof was made over another list.
    revoked_list = foreign.status_list(revoked=[foreign.INDEX])
    clean_subject = foreign.status_list()["credentialSubject"]
    forged = {**revoked_list, "credentialSubject": clean_subject}
    foreign.publish(remote, statuses=forged)
    report = check(session, context, credential=foreign.signed(foreign.credential()))
    assert_only_failure(report, CheckId.REVOCATION)
    assert reason(report, CheckId.REVOCATION) == "revocation_list_proof/proof_signature_mismatch"


def test_a_status_list_signed_by_another_issuer_fails_revocation(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    stranger = ed25519.Ed25519PrivateKey.generate()
    foreign.publish(remote, statuses=foreign.status_list(key=stranger))
    report = check(session, context, credential=foreign.signed(foreign.credential()))
    assert_only_failure(report, CheckId.REVOCATION)


def test_an_expired_credential_fails_its_dates(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    expired = foreign.credential(valid_until=foreign.later(30))
    report = check(session, context, credential=foreign.signed(expired))
    assert_only_failure(report, CheckId.DATES)
    assert reason(report, CheckId.DATES) == "dates_expired"


def test_a_credential_not_yet_valid_fails_its_dates(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    future = foreign.credential(valid_from=foreign.later(400))
    report = check(session, context, credential=foreign.signed(future))
    assert_only_failure(report, CheckId.DATES)
    assert reason(report, CheckId.DATES) == "dates_not_yet_valid"


def test_an_unknown_context_fails_the_contexts_check(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    proved = foreign.signed(foreign.credential())
    contexts = proved["@context"]
    assert isinstance(contexts, list)
    extended = {**proved, "@context": [*contexts, "https://example.org/unknown/v1"]}
    report = check(session, context, credential=extended)
    assert report.check(CheckId.CONTEXTS).status is CheckStatus.FAILED
    assert reason(report, CheckId.CONTEXTS) == "contexts_failed/contexts_unknown"
    assert not report.verified


def test_an_undefined_term_fails_the_contexts_check(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    # A term no context defines would be dropped by a lax JSON-LD processor, and so go unsigned.
    foreign.publish(remote)
    undefined = {**foreign.signed(foreign.credential()), "nickname": "Ana"}
    report = check(session, context, credential=undefined)
    assert reason(report, CheckId.CONTEXTS) == "contexts_failed/contexts_invalid"
    assert reason(report, CheckId.SIGNATURE) == "signature_failed/proof_invalid_json_ld"
    assert not report.verified


def test_a_recipient_is_matched_through_the_salted_hash(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    credential = foreign.signed(foreign.credential())
    right = check(session, context, credential=credential, recipient=("email", "Ana@Example.org"))
    assert right.check(CheckId.RECIPIENT).status is CheckStatus.PASSED
    wrong = check(session, context, credential=credential, recipient=("email", "eve@example.org"))
    assert_only_failure(wrong, CheckId.RECIPIENT)
    by_url = check(
        session, context, credential=credential, recipient=("url", "https://ana.example/")
    )
    assert by_url.check(CheckId.RECIPIENT).status is CheckStatus.PASSED


def test_a_did_key_credential_verifies_without_fetching_a_key(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    did = did_key_for(key.public_key())
    method = f"{did}#{did.removeprefix('did:key:')}"
    credential = foreign.credential(issuer_id=did, status_url=None)
    report = check(session, context, credential=foreign.signed(credential, key=key, method=method))
    assert report.verified, report
    assert report.check(CheckId.REVOCATION).status is CheckStatus.SKIPPED
    assert remote.requests == []


# --- VC-JWT ----------------------------------------------------------------------------------


def test_a_foreign_vc_jwt_verifies(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    report = check(session, context, jwt=foreign.vc_jwt(foreign.credential()))
    assert_verified(report)
    assert report.format.value == "ob3-jwt"


def test_a_vc_jwt_with_alg_none_is_refused(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    payload = token_payload(foreign.vc_jwt(foreign.credential()))
    token = unsigned_token({"alg": "none", "kid": foreign.RSA_METHOD}, payload)
    report = check(session, context, jwt=token)
    assert report.check(CheckId.SIGNATURE).status is CheckStatus.FAILED
    assert reason(report, CheckId.SIGNATURE) == "signature_alg_refused"
    assert not report.verified


def test_a_vc_jwt_hmac_signed_with_the_public_key_is_refused(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    payload = token_payload(foreign.vc_jwt(foreign.credential()))
    secret = public_pem(foreign.rsa_key().public_key()).encode("ascii")
    token = hmac_token({"alg": "HS256", "kid": foreign.RSA_METHOD, "typ": "JWT"}, payload, secret)
    report = check(session, context, jwt=token)
    assert reason(report, CheckId.SIGNATURE) == "signature_alg_refused"
    assert not report.verified


def test_a_vc_jwt_whose_claims_disagree_with_the_credential_fails(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    payload = token_payload(foreign.vc_jwt(foreign.credential()))
    payload["jti"] = "https://issuer.example/credentials/other"
    token = jws.sign_compact(
        json.dumps(payload).encode(),
        private_key=foreign.rsa_key(),
        alg="RS256",
        kid=foreign.RSA_METHOD,
    )
    report = check(session, context, jwt=token)
    assert_only_failure(report, CheckId.SIGNATURE)
    assert reason(report, CheckId.SIGNATURE) == "signature_jwt_claims"


def test_a_vc_jwt_kid_on_a_foreign_host_fails_the_binding(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    # An attacker signs with its own key and points kid at its own host.
    foreign.publish(remote)
    attacker = foreign.rsa_key("attacker")
    remote.serve("https://evil.example/jwk", orjson.dumps(public_jwk(attacker.public_key())))
    token = foreign.vc_jwt(foreign.credential(), kid="https://evil.example/jwk", key=attacker)
    report = check(session, context, jwt=token)
    assert report.check(CheckId.SIGNATURE).status is CheckStatus.PASSED
    assert_only_failure(report, CheckId.ISSUER_KEY_BINDING)
    assert reason(report, CheckId.ISSUER_KEY_BINDING) == "binding_foreign_host"


def test_a_vc_jwt_with_an_embedded_key_is_not_bound_to_the_issuer(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    payload = token_payload(foreign.vc_jwt(foreign.credential()))
    header: dict[str, object] = {
        "alg": "RS256",
        "typ": "JWT",
        "jwk": public_jwk(foreign.rsa_key().public_key()),
    }
    token = rs256_token(header, payload, foreign.rsa_key())
    report = check(session, context, jwt=token)
    assert report.check(CheckId.SIGNATURE).status is CheckStatus.PASSED
    assert report.check(CheckId.KEY_STATUS).status is CheckStatus.WARNING
    assert_only_failure(report, CheckId.ISSUER_KEY_BINDING)


def test_an_expired_vc_jwt_verifies_its_signature_and_fails_its_dates(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    token = foreign.vc_jwt(foreign.credential(valid_until=foreign.later(30)))
    report = check(session, context, jwt=token)
    assert report.check(CheckId.SIGNATURE).status is CheckStatus.PASSED
    assert_only_failure(report, CheckId.DATES)


# --- the outbound client's rules, seen from a verification -------------------------------------


def test_a_did_resolving_to_a_private_address_is_not_fetched(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    remote.addresses[foreign.HOST] = ["10.0.0.1"]
    report = check(session, context, credential=foreign.signed(foreign.credential()))
    assert reason(report, CheckId.SIGNATURE) == "signature_failed/fetch_address"
    assert remote.requests == []
    assert not report.verified


def test_a_status_list_redirecting_to_cloud_metadata_is_not_followed(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish(remote)
    remote.redirect(foreign.STATUS_LIST_URL, "https://169.254.169.254/latest/meta-data/")
    report = check(session, context, credential=foreign.signed(foreign.credential()))
    assert_only_failure(report, CheckId.REVOCATION)
    assert reason(report, CheckId.REVOCATION) == "revocation_list_unavailable/fetch_address"
    assert "169.254.169.254" not in " ".join(remote.requests)


def test_a_status_list_shorter_than_the_minimum_fails_revocation(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    short = foreign.status_list()
    subject = short["credentialSubject"]
    assert isinstance(subject, dict)
    compressed = gzip.compress(bytes(1024), mtime=0)
    subject["encodedList"] = "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")
    unsigned = {k: v for k, v in short.items() if k != "proof"}
    foreign.publish(remote, statuses=foreign.signed(unsigned))
    report = check(session, context, credential=foreign.signed(foreign.credential()))
    assert_only_failure(report, CheckId.REVOCATION)
    assert report.check(CheckId.REVOCATION).text.params == {"error": "STATUS_LIST_LENGTH_ERROR"}
