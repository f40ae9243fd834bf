"""Open Badges 2.0 assertions of another issuer on the fake web: hosted (fetched from its id,
inside the issuer's verification scope) and signed (RS256 with the key its issuer lists)."""

from __future__ import annotations

import orjson
from sqlalchemy.orm import Session

from badgeservice.formats.ob2_documents import IssuerVerificationPolicy, hosted_assertion
from badgeservice.verification.checks import CheckId, CheckStatus
from badgeservice.verification.service import VerificationContext
from tests.verification import foreign
from tests.verification.conftest import RemoteWeb
from tests.verification.support import (
    assert_only_failure,
    assert_verified,
    check,
    reason,
    token_payload,
    unsigned_token,
)


def serve_assertion(remote: RemoteWeb, url: str = foreign.ASSERTION_URL) -> dict[str, object]:
    assertion = foreign.ob2_hosted(url)
    remote.serve(url, orjson.dumps(assertion), "application/ld+json")
    return assertion


def test_a_foreign_hosted_assertion_verifies(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    serve_assertion(remote)
    report = check(session, context, url=foreign.ASSERTION_URL, recipient=("email", foreign.EMAIL))
    assert_verified(report)
    assert report.check(CheckId.RECIPIENT).status is CheckStatus.PASSED
    assert report.summary.issuer.name == "Issuer Example"


def test_a_hosted_assertion_answering_410_is_revoked(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    gone = {"@context": "https://w3id.org/openbadges/v2", "id": foreign.ASSERTION_URL,
            "revoked": True, "revocationReason": "fraude"}  # fmt: skip
    remote.serve(foreign.ASSERTION_URL, orjson.dumps(gone), "application/ld+json", status=410)
    report = check(session, context, url=foreign.ASSERTION_URL)
    assert_only_failure(report, CheckId.REVOCATION)
    assert (report.summary.revoked, report.summary.revocation_reason) == (True, "fraude")


def test_a_hosted_assertion_outside_its_issuers_origin_fails(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    serve_assertion(remote, "https://evil.example/ob2/assertions/1")
    report = check(session, context, url="https://evil.example/ob2/assertions/1")
    assert_only_failure(report, CheckId.ISSUER_ORIGIN)
    assert reason(report, CheckId.ISSUER_ORIGIN) == "origin_outside"


def test_a_host_that_merely_starts_like_the_prefix_is_outside_the_scope(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    # A string prefix test would admit https://issuer.example.evil.example/...
    foreign.publish_ob2(
        remote, policy=IssuerVerificationPolicy(starts_with="https://issuer.example")
    )
    lookalike = "https://issuer.example.evil.example/ob2/assertions/1"
    serve_assertion(remote, lookalike)
    report = check(session, context, url=lookalike)
    assert_only_failure(report, CheckId.ISSUER_ORIGIN)


def test_an_origin_the_issuer_allows_is_in_scope(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    policy = IssuerVerificationPolicy(allowed_origins=("cdn.issuer.example",))
    foreign.publish_ob2(remote, policy=policy)
    serve_assertion(remote, "https://cdn.issuer.example/a/1")
    report = check(session, context, url="https://cdn.issuer.example/a/1")
    assert_verified(report)
    assert reason(report, CheckId.ISSUER_ORIGIN) == "origin_allowed_origins"


def test_the_userinfo_trick_is_never_fetched(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    tricky = hosted_assertion(
        foreign.ob2_assertion_input("https://issuer.example@evil.example/a/1")
    )
    report = check(session, context, credential=tricky)
    assert reason(report, CheckId.SIGNATURE) == "signature_hosted_unavailable/fetch_userinfo"
    assert not report.verified
    assert remote.requests == []


def test_an_expired_hosted_assertion_fails_its_dates(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    expired = hosted_assertion(
        foreign.ob2_assertion_input(foreign.ASSERTION_URL, expires=foreign.later(10))
    )
    remote.serve(foreign.ASSERTION_URL, orjson.dumps(expired), "application/ld+json")
    report = check(session, context, url=foreign.ASSERTION_URL)
    assert_only_failure(report, CheckId.DATES)


def test_a_foreign_signed_assertion_verifies(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    report = check(session, context, jwt=foreign.ob2_signed())
    assert_verified(report)
    assert report.format.value == "ob2-signed"


def test_a_signed_assertion_with_another_key_fails_its_signature(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    report = check(session, context, jwt=foreign.ob2_signed(key=foreign.rsa_key("attacker")))
    assert_only_failure(report, CheckId.SIGNATURE)


def test_a_signed_assertion_with_alg_none_fails_its_signature(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    token = unsigned_token({"alg": "none"}, token_payload(foreign.ob2_signed()))
    report = check(session, context, jwt=token)
    assert_only_failure(report, CheckId.SIGNATURE)


def test_a_key_owned_by_someone_else_fails_the_binding(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote, owner="https://evil.example/issuer")
    report = check(session, context, jwt=foreign.ob2_signed())
    assert_only_failure(report, CheckId.ISSUER_KEY_BINDING)
    assert reason(report, CheckId.ISSUER_KEY_BINDING) == "binding_owner"


def test_a_key_the_issuer_does_not_list_fails_the_binding(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote, public_keys=())
    report = check(session, context, jwt=foreign.ob2_signed())
    assert_only_failure(report, CheckId.ISSUER_KEY_BINDING)
    assert reason(report, CheckId.ISSUER_KEY_BINDING) == "binding_not_listed"


def test_a_signed_assertion_in_the_revocation_list_is_revoked(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote, revoked=(foreign.SIGNED_ID,))
    report = check(session, context, jwt=foreign.ob2_signed())
    assert_only_failure(report, CheckId.REVOCATION)
    assert report.summary.revocation_reason == "fraude"


def test_a_withdrawn_key_fails_the_key_status(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    foreign.publish_ob2(remote)
    remote.serve(foreign.KEY_URL, b'{"revoked": true}', "application/ld+json", status=410)
    report = check(session, context, jwt=foreign.ob2_signed())
    assert reason(report, CheckId.KEY_STATUS) == "key_status_unavailable/key_gone"
    assert report.check(CheckId.SIGNATURE).status is CheckStatus.FAILED
    assert not report.verified
