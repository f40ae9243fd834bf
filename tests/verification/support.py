"""Helpers for verification tests: run a verification, read its checks, forge tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from sqlalchemy.orm import Session

from badgeservice.i18n import Lang
from badgeservice.verification.checks import CheckId, CheckStatus, Report
from badgeservice.verification.detect import Submission
from badgeservice.verification.recipient import IdentityType, RecipientClaim
from badgeservice.verification.service import VerificationContext, verify


def check(
    session: Session,
    context: VerificationContext,
    *,
    recipient: tuple[str, str] | None = None,
    **submission: object,
) -> Report:
    claim = None if recipient is None else RecipientClaim(IdentityType(recipient[0]), recipient[1])
    return verify(
        session,
        submission=Submission(**submission),  # type: ignore[arg-type]  # one keyword per test
        context=context,
        recipient=claim,
    )


def statuses(report: Report) -> dict[str, str]:
    return {c.id.value: c.status.value for c in report.checks}


def assert_only_failure(report: Report, *failed: CheckId) -> None:
    """The checks named failed, and no other did: a negative twin fails for its reason."""
    actual = {c.id for c in report.checks if c.status is CheckStatus.FAILED}
    assert actual == set(failed), describe(report)
    assert report.verified is (not failed)


def assert_verified(report: Report) -> None:
    assert report.verified, describe(report)
    assert all(
        c.status is CheckStatus.PASSED for c in report.checks if c.id is not CheckId.RECIPIENT
    ), describe(report)


def reason(report: Report, check_id: CheckId) -> str:
    """The message keys of a check (its text and, if any, why), for precise assertions."""
    found = report.check(check_id)
    return found.text.key if found.because is None else f"{found.text.key}/{found.because.key}"


def describe(report: Report) -> str:
    return "\n".join(
        f"{c.id.value:<20} {c.status.value:<8} {c.message(Lang.EN)}" for c in report.checks
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unsigned_token(header: dict[str, object], payload: dict[str, object]) -> str:
    """``alg: none``: header and payload, an empty signature."""
    return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}."


def hmac_token(header: dict[str, object], payload: dict[str, object], secret: bytes) -> str:
    """An HS256 token keyed with ``secret`` (the algorithm-confusion attack uses the issuer's
    public key, as PEM text, as the secret)."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}"
    signature = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def rs256_token(
    header: dict[str, object], payload: dict[str, object], key: rsa.RSAPrivateKey
) -> str:
    """A token signed RS256 with any header (PyJWT would add or drop members)."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}"
    signature = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


def token_payload(token: str) -> dict[str, object]:
    segment = token.split(".")[1]
    payload: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return payload
