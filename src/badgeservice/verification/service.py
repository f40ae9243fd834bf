"""Verifying badges: the entry points (DESIGN.md, "POST /verify").

``verify`` takes what a caller submits (a URL, a credential, a token or a file), detects its
format and runs that format's checks; ``verify_stored_award`` runs the same checks on one of
our awards (its OB 3.0 credential with its Data Integrity proof), for the badge pages.

Both need a :class:`VerificationContext`, built once per app by ``create_app`` (``app.state.
verification``; ``badgeservice.verification.dependencies.VerificationContextDep`` in routes):
the URLs of this deployment (to recognise our own documents, resolved from the database without
HTTP), the clock (dates are checked against it), the one outbound client for other issuers'
documents, and the caches verifications share (verified status lists, JSON-LD verdicts).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

import orjson
from sqlalchemy.orm import Session

from badgeservice.awards import public_service
from badgeservice.clock import Clock
from badgeservice.fetch import Fetcher
from badgeservice.urls import Urls
from badgeservice.verification.checks import Format, Report
from badgeservice.verification.detect import Candidate, Submission, detect
from badgeservice.verification.documents import Documents
from badgeservice.verification.keys import KeyResolver
from badgeservice.verification.local import LocalDocuments
from badgeservice.verification.ob2 import verify_ob2
from badgeservice.verification.ob3 import verify_ob3
from badgeservice.verification.recipient import RecipientClaim
from badgeservice.verification.run import Run, VerificationCaches


@dataclass(frozen=True)
class VerificationContext:
    """What verifying needs from the application, shared by every verification.

    ``urls``: this deployment's public URLs (ours are resolved locally); ``clock``: the time
    dates are checked against; ``fetcher``: the one SSRF-safe outbound client; ``caches``:
    per-process caches of verified status lists and JSON-LD verdicts.
    """

    urls: Urls
    clock: Clock
    fetcher: Fetcher
    caches: VerificationCaches = field(default_factory=VerificationCaches)


def verify(
    session: Session | None,
    *,
    submission: Submission,
    context: VerificationContext,
    recipient: RecipientClaim | None = None,
) -> Report:
    """Verify a submitted badge of any issuer. ``session`` reads our own documents (None: every
    document is fetched). Raises ``UnreadableCredentialError`` when nothing in the submission
    is a credential; every other finding is a check in the report."""
    run = _run(session, context)
    candidate = detect(submission, run.documents)
    return _verify_candidate(candidate, run, recipient)


def verify_stored_award(
    session: Session,
    *,
    award_id: uuid.UUID,
    context: VerificationContext,
    recipient: RecipientClaim | None = None,
) -> Report:
    """Verify one of our awards as a third party would its OB 3.0 credential (Data Integrity
    proof, did:web key, signed status list), every document read locally. NotFoundError for an
    unknown award. A revoked award's reason is in the summary."""
    award = public_service.get_published(session, award_id=award_id)
    run = _run(session, context)
    candidate = detect(Submission(credential=orjson.loads(award.ob3_json)), run.documents)
    report = _verify_candidate(candidate, run, recipient)
    if award.revoked_at is not None:
        summary = replace(report.summary, revoked=True, revocation_reason=award.revocation_reason)
        report = replace(report, summary=summary)
    return report


def _verify_candidate(candidate: Candidate, run: Run, recipient: RecipientClaim | None) -> Report:
    if candidate.format in (Format.OB3_DATA_INTEGRITY, Format.OB3_JWT):
        return verify_ob3(candidate, run, recipient)
    return verify_ob2(candidate, run, recipient)


def _run(session: Session | None, context: VerificationContext) -> Run:
    local = LocalDocuments(session, context.urls) if session is not None else None
    documents = Documents(context.fetcher, local)
    return Run(
        documents=documents,
        keys=KeyResolver(documents, context.urls, session),
        caches=context.caches,
        now=context.clock.now(),
    )
