"""Our own badges verify in every format and every baked image, resolved from the database
without a single HTTP request; revocation, expiry, key revocation and tampering each fail
their own check, and a retired key keeps verifying what it signed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.clock import FixedClock
from badgeservice.verification.checks import CheckId, CheckStatus, Format
from badgeservice.verification.service import VerificationContext, verify_stored_award
from tests.conftest import TokenFactory
from tests.support.resolve import local_path
from tests.verification.conftest import IssueAward, RemoteWeb, links
from tests.verification.support import (
    assert_only_failure,
    assert_verified,
    check,
    reason,
)

FORMS = [
    ("ob3", "", Format.OB3_DATA_INTEGRITY, None),
    ("ob3_jwt", "", Format.OB3_JWT, None),
    ("ob2_hosted", "", Format.OB2_HOSTED, None),
    ("ob2_signed", "", Format.OB2_SIGNED, None),
    ("image_png", "", Format.OB3_DATA_INTEGRITY, "png"),
    ("image_png", "?format=ob3-jwt", Format.OB3_JWT, "png"),
    ("image_png", "?format=ob2", Format.OB2_HOSTED, "png"),
    ("image_png", "?format=ob2-signed", Format.OB2_SIGNED, "png"),
    ("image_svg", "", Format.OB3_DATA_INTEGRITY, "svg"),
    ("image_svg", "?format=ob3-jwt", Format.OB3_JWT, "svg"),
    ("image_svg", "?format=ob2", Format.OB2_HOSTED, "svg"),
    ("image_svg", "?format=ob2-signed", Format.OB2_SIGNED, "svg"),
]
FORM_IDS = [f"{name}{query}" for name, query, _, _ in FORMS]
DOCUMENTS = ["ob3", "ob3_jwt", "ob2_hosted", "ob2_signed"]


@pytest.fixture(autouse=True)
def no_outbound_requests(remote: RemoteWeb) -> None:
    """Every document of ours is resolved locally: any outbound request fails the test."""
    remote.forbid_all = True


@pytest.fixture
def revoker(auth_headers: TokenFactory) -> dict[str, str]:
    return auth_headers(Scope.AWARDS_REVOKE, Scope.AWARDS_READ)


@pytest.mark.parametrize(("name", "query", "expected", "baked"), FORMS, ids=FORM_IDS)
def test_our_badge_verifies_by_url_without_http(
    session: Session,
    context: VerificationContext,
    issue: IssueAward,
    name: str,
    query: str,
    expected: Format,
    baked: str | None,
) -> None:
    report = check(session, context, url=links(issue())[name] + query)
    assert_verified(report)
    assert (report.format, report.baked) == (expected, baked)


@pytest.mark.parametrize(("name", "query", "expected", "baked"), FORMS, ids=FORM_IDS)
def test_our_badge_verifies_as_an_uploaded_file(
    session: Session,
    context: VerificationContext,
    client: TestClient,
    issue: IssueAward,
    name: str,
    query: str,
    expected: Format,
    baked: str | None,
) -> None:
    content = client.get(local_path(links(issue())[name]) + query).content
    report = check(session, context, file=content)
    assert_verified(report)
    assert (report.format, report.baked) == (expected, baked)


def test_the_stored_award_verifies_with_every_check_passed(
    session: Session, context: VerificationContext, issue: IssueAward
) -> None:
    award = issue()
    report = verify_stored_award(session, award_id=uuid.UUID(str(award["id"])), context=context)
    assert_verified(report)
    assert report.check(CheckId.KEY_STATUS).text.key == "key_status_active"
    assert report.summary.recipient.hashed
    assert report.summary.recipient.identity is None


def test_the_recipient_is_matched_by_email_and_refused_for_another(
    session: Session, context: VerificationContext, issue: IssueAward
) -> None:
    award = issue(recipient={"type": "email", "identity": "Camille@Example.org"})
    for name in DOCUMENTS:
        url = links(award)[name]
        right = check(session, context, url=url, recipient=("email", "camille@example.org"))
        assert right.check(CheckId.RECIPIENT).status is CheckStatus.PASSED, name
        wrong = check(session, context, url=url, recipient=("email", "eve@example.org"))
        assert_only_failure(wrong, CheckId.RECIPIENT)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_revoked_award_fails_revocation_in_every_format(
    session: Session,
    context: VerificationContext,
    client: TestClient,
    issue: IssueAward,
    revoker: dict[str, str],
    name: str,
) -> None:
    award = issue()
    before = check(session, context, url=links(award)[name])
    assert_verified(before)
    revoked = client.post(
        f"/api/v1/awards/{award['id']}/revoke",
        json={"reason": "attribué par erreur"},
        headers=revoker,
    )
    assert revoked.status_code == 200, revoked.text
    after = check(session, context, url=links(award)[name])
    assert after.check(CheckId.REVOCATION).status is CheckStatus.FAILED
    assert not after.verified
    assert after.summary.revoked
    if name != "ob2_hosted":  # a revoked hosted assertion is gone: nothing else to check
        assert_only_failure(after, CheckId.REVOCATION)


def test_the_stored_award_shows_its_revocation_and_reason(
    session: Session,
    context: VerificationContext,
    client: TestClient,
    issue: IssueAward,
    revoker: dict[str, str],
) -> None:
    award = issue()
    client.post(
        f"/api/v1/awards/{award['id']}/revoke", json={"reason": "fraude"}, headers=revoker
    ).raise_for_status()
    report = verify_stored_award(session, award_id=uuid.UUID(str(award["id"])), context=context)
    assert_only_failure(report, CheckId.REVOCATION)
    assert (report.summary.revoked, report.summary.revocation_reason) == (True, "fraude")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_an_expired_award_fails_its_dates(
    session: Session, context: VerificationContext, clock: FixedClock, issue: IssueAward, name: str
) -> None:
    award = issue()
    clock.set(datetime(2029, 1, 1, tzinfo=UTC))  # the label is valid two years
    report = check(session, context, url=links(award)[name])
    assert_only_failure(report, CheckId.DATES)
    assert reason(report, CheckId.DATES) == "dates_expired"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_an_award_not_yet_valid_fails_its_dates(
    session: Session, context: VerificationContext, clock: FixedClock, issue: IssueAward, name: str
) -> None:
    award = issue()
    clock.set(datetime(2026, 1, 1, tzinfo=UTC))  # before its issued_on, 2026-05-31
    report = check(session, context, url=links(award)[name])
    assert_only_failure(report, CheckId.DATES)
    assert reason(report, CheckId.DATES) == "dates_not_yet_valid"


@pytest.mark.parametrize("name", ["ob3", "ob3_jwt", "ob2_signed"])
def test_a_retired_key_still_verifies_what_it_signed(
    session: Session,
    context: VerificationContext,
    client: TestClient,
    issue: IssueAward,
    admin_headers: dict[str, str],
    name: str,
) -> None:
    award = issue()
    rotated = client.post(
        f"/api/v1/issuers/{_issuer_id(client, award)}/keys/rotate", headers=admin_headers
    )
    assert rotated.status_code in (200, 201), rotated.text
    report = check(session, context, url=links(award)[name])
    assert_verified(report)
    assert report.check(CheckId.KEY_STATUS).text.key == "key_status_retired"


@pytest.mark.parametrize(
    ("name", "algorithm"), [("ob3", "Ed25519"), ("ob3_jwt", "RS256"), ("ob2_signed", "RS256")]
)
def test_a_revoked_key_fails_what_it_signed(
    session: Session,
    context: VerificationContext,
    client: TestClient,
    issue: IssueAward,
    admin_headers: dict[str, str],
    name: str,
    algorithm: str,
) -> None:
    award = issue()
    issuer_id = _issuer_id(client, award)
    keys = client.get(f"/api/v1/issuers/{issuer_id}/keys", headers=admin_headers).json()["items"]
    kid = next(k["kid"] for k in keys if k["algorithm"] == algorithm and k["status"] == "active")
    revoked = client.post(
        f"/api/v1/issuers/{issuer_id}/keys/{kid}/revoke",
        json={"reason": "ordinateur volé"},
        headers=admin_headers,
    )
    assert revoked.status_code == 200, revoked.text
    report = check(session, context, url=links(award)[name])
    assert report.check(CheckId.KEY_STATUS).status is CheckStatus.FAILED
    assert reason(report, CheckId.KEY_STATUS) == "key_status_revoked"
    assert report.check(CheckId.SIGNATURE).status is CheckStatus.PASSED
    assert not report.verified


def test_a_tampered_credential_of_ours_fails_its_signature(
    session: Session, context: VerificationContext, client: TestClient, issue: IssueAward
) -> None:
    credential = client.get(local_path(links(issue())["ob3"])).json()
    credential["name"] = "Autre chose"
    report = check(session, context, credential=credential)
    assert_only_failure(report, CheckId.SIGNATURE)


def test_a_tampered_hosted_assertion_differs_from_the_one_we_host(
    session: Session, context: VerificationContext, client: TestClient, issue: IssueAward
) -> None:
    assertion = client.get(local_path(links(issue())["ob2_hosted"])).json()
    assertion["issuedOn"] = "2020-01-01T00:00:00Z"
    report = check(session, context, credential=assertion)
    assert_only_failure(report, CheckId.SIGNATURE)
    assert reason(report, CheckId.SIGNATURE) == "signature_hosted_differs"


def _issuer_id(client: TestClient, award: dict[str, object]) -> str:
    badge_class = client.get(
        local_path(str(client.get(local_path(links(award)["ob2_hosted"])).json()["badge"]))
    )
    return str(badge_class.json()["issuer"]).rsplit("/", 1)[-1]
