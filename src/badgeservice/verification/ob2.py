"""Verifying an Open Badges 2.0 assertion, hosted or signed (OB 2.0 §Verification; FACTS §1.3).

Hosted: the assertion is fetched from its id (410 Gone, or ``revoked: true``, means revoked),
then its BadgeClass and Issuer Profile; the id must lie in the issuer's verification scope (the
issuer profile's origin, or its ``verification.allowedOrigins``/``startsWith``), compared as
parsed URLs, never as string prefixes. Signed: a JWS, RS256 only, verified with the
CryptographicKey named by ``verification.creator``, whose ``owner`` is the issuer and which the
issuer lists in ``publicKey``; revocation through the issuer's ``revocationList``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from badgeservice.formats.ob2_signed import (
    SignedAssertionError,
    unverified_assertion,
    verify_signed_assertion,
)
from badgeservice.i18n import Text
from badgeservice.verification.checks import (
    OB2_HOSTED_CHECKS,
    OB2_SIGNED_CHECKS,
    CheckId,
    Checks,
    Format,
    Party,
    RecipientSummary,
    Report,
    Summary,
)
from badgeservice.verification.contexts import ob2_context_problem
from badgeservice.verification.dates import check_dates
from badgeservice.verification.detect import Candidate
from badgeservice.verification.documents import DocumentUnavailableError
from badgeservice.verification.keys import KeyState, KeyUnavailableError, ResolvedKey
from badgeservice.verification.local import origin_of
from badgeservice.verification.recipient import RecipientClaim, match_ob2
from badgeservice.verification.run import Run

_ASSERTION_FIELDS = ("id", "type", "recipient", "badge", "verification", "issuedOn")
_BADGE_CLASS_FIELDS = ("id", "type", "name", "description", "image", "criteria", "issuer")
_ISSUER_FIELDS = ("id", "type", "name", "url", "email")
_OB2_ACCEPT = ("application/ld+json", "application/json")


@dataclass
class _Linked:
    """The BadgeClass and Issuer Profile an assertion points to."""

    badge_class: Mapping[str, object]
    issuer: Mapping[str, object]


def verify_ob2(candidate: Candidate, run: Run, claim: RecipientClaim | None) -> Report:
    if candidate.format is Format.OB2_SIGNED:
        return _signed(candidate, run, claim)
    return _hosted(candidate, run, claim)


# --- hosted ------------------------------------------------------------------------------------


def _hosted(candidate: Candidate, run: Run, claim: RecipientClaim | None) -> Report:
    checks = Checks(OB2_HOSTED_CHECKS)
    url = candidate.hosted_url
    if url is None:
        checks.failed(CheckId.PARSE, "parse_ob2_no_id")
        return _report(candidate, checks, Summary())
    hosted, status = _hosted_document(candidate, url, run, checks)
    if hosted is None:
        return _report(candidate, checks, Summary())
    if status == 410 or hosted.get("revoked") is True:
        reason = hosted.get("revocationReason")
        checks.passed(CheckId.PARSE, "parse_ob2_hosted")
        checks.failed(CheckId.REVOCATION, "revocation_revoked_reason", reason=str(reason or "-"))
        summary = Summary(
            revoked=True, revocation_reason=reason if isinstance(reason, str) else None
        )
        return _report(candidate, checks, summary)
    if not _parse_assertion(hosted, checks, "parse_ob2_hosted"):
        return _report(candidate, checks, Summary())
    if hosted.get("id") != url:
        checks.failed(CheckId.SIGNATURE, "signature_hosted_id_mismatch")
    elif (
        candidate.document is not None
        and candidate.hosted_status is None
        and (candidate.document != hosted)
    ):
        checks.failed(CheckId.SIGNATURE, "signature_hosted_differs")
    else:
        checks.passed(CheckId.SIGNATURE, "signature_hosted")
    linked = _linked(hosted, run, checks)
    _contexts(hosted, run, checks)
    if linked is not None:
        _origin(url, linked.issuer, checks)
    _dates(hosted, run, checks)
    checks.passed(CheckId.REVOCATION, "revocation_hosted_live")
    outcome = match_ob2(hosted.get("recipient"), claim)
    checks.set(CheckId.RECIPIENT, outcome.status, outcome.text)
    return _report(candidate, checks, _summary(hosted, linked))


def _hosted_document(
    candidate: Candidate, url: str, run: Run, checks: Checks
) -> tuple[dict[str, object] | None, int | None]:
    if candidate.hosted_status is not None and candidate.document is not None:
        return candidate.document, candidate.hosted_status
    try:
        fetched, document = run.documents.get_json(
            url, accept=_OB2_ACCEPT, statuses=frozenset({200, 410})
        )
    except DocumentUnavailableError as exc:
        checks.failed(CheckId.SIGNATURE, "signature_hosted_unavailable", because=exc.text)
        return None, None
    return document, fetched.status


def _origin(assertion_url: str, issuer: Mapping[str, object], checks: Checks) -> None:
    """OB 2.0 §HostedBadge: the assertion id is in the issuer's verification scope."""
    origin = origin_of(assertion_url)
    policy = issuer.get("verification")
    policy = policy if isinstance(policy, Mapping) else {}
    allowed = policy.get("allowedOrigins")
    starts = policy.get("startsWith")
    if origin is None:
        checks.failed(CheckId.ISSUER_ORIGIN, "origin_invalid")
    elif allowed is not None:
        hosts = allowed if isinstance(allowed, list) else [allowed]
        host = origin[1] if origin[2] in (80, 443) else f"{origin[1]}:{origin[2]}"
        if host in [str(h).lower() for h in hosts]:
            checks.passed(CheckId.ISSUER_ORIGIN, "origin_allowed_origins")
        else:
            checks.failed(CheckId.ISSUER_ORIGIN, "origin_outside", host=origin[1])
    elif starts is not None:
        prefixes = starts if isinstance(starts, list) else [starts]
        if any(_under(assertion_url, str(prefix)) for prefix in prefixes):
            checks.passed(CheckId.ISSUER_ORIGIN, "origin_starts_with")
        else:
            checks.failed(CheckId.ISSUER_ORIGIN, "origin_outside", host=origin[1])
    elif origin == origin_of(str(issuer.get("id", ""))):
        checks.passed(CheckId.ISSUER_ORIGIN, "origin_same")
    else:
        checks.failed(CheckId.ISSUER_ORIGIN, "origin_outside", host=origin[1])


def _under(url: str, prefix: str) -> bool:
    # startsWith, read as a URL: same parsed origin, and a path below the prefix's path.
    prefix_origin = origin_of(prefix)
    return (
        prefix_origin is not None
        and origin_of(url) == prefix_origin
        and urlsplit(url).path.startswith(urlsplit(prefix).path)
    )


# --- signed ------------------------------------------------------------------------------------


def _signed(candidate: Candidate, run: Run, claim: RecipientClaim | None) -> Report:
    checks = Checks(OB2_SIGNED_CHECKS)
    if candidate.token is None:
        checks.passed(CheckId.PARSE, "parse_ob2_signed")
        checks.failed(CheckId.SIGNATURE, "signature_signed_json_only")
        return _report(candidate, checks, Summary())
    try:
        assertion = unverified_assertion(candidate.token)
    except SignedAssertionError:
        checks.failed(CheckId.PARSE, "parse_jwt_malformed")
        return _report(candidate, checks, Summary())
    if not _parse_assertion(assertion, checks, "parse_ob2_signed"):
        return _report(candidate, checks, Summary())
    key, key_problem = _creator_key(assertion, run)
    _signature(candidate.token, key, key_problem, checks)
    linked = _linked(assertion, run, checks)
    _contexts(assertion, run, checks)
    _key_status(key, key_problem, checks)
    if linked is not None:
        _ownership(key, str(_creator(assertion)), linked.issuer, checks)
    _dates(assertion, run, checks)
    revoked_reason = _signed_revocation(assertion, linked, run, checks)
    outcome = match_ob2(assertion.get("recipient"), claim)
    checks.set(CheckId.RECIPIENT, outcome.status, outcome.text)
    summary = _summary(assertion, linked, revoked=revoked_reason is not None)
    if revoked_reason:
        summary = replace(summary, revocation_reason=revoked_reason)
    return _report(candidate, checks, summary)


def _creator(assertion: Mapping[str, object]) -> object:
    verification = assertion.get("verification") or assertion.get("verify")
    return verification.get("creator") if isinstance(verification, Mapping) else None


def _creator_key(
    assertion: Mapping[str, object], run: Run
) -> tuple[ResolvedKey | None, Text | None]:
    creator = _creator(assertion)
    if not isinstance(creator, str):
        return None, Text("key_no_creator")
    try:
        return run.keys.ob2_key(creator), None
    except KeyUnavailableError as exc:
        return None, exc.text


def _signature(token: str, key: ResolvedKey | None, problem: Text | None, checks: Checks) -> None:
    if key is None:
        checks.failed(CheckId.SIGNATURE, "signature_failed", because=problem)
        return
    if not isinstance(key.public_key, RSAPublicKey):
        checks.failed(
            CheckId.SIGNATURE,
            "signature_failed",
            because=Text("key_type_mismatch", {"alg": "RS256"}),
        )
        return
    try:
        verify_signed_assertion(token, public_key=key.public_key)
    except SignedAssertionError:
        checks.failed(CheckId.SIGNATURE, "signature_ob2_failed")
        return
    checks.passed(CheckId.SIGNATURE, "signature_ob2")


def _key_status(key: ResolvedKey | None, problem: Text | None, checks: Checks) -> None:
    if key is None:
        checks.failed(CheckId.KEY_STATUS, "key_status_unavailable", because=problem)
    elif key.state is KeyState.REVOKED:
        checks.failed(CheckId.KEY_STATUS, "key_status_revoked", reason=key.revocation_reason or "-")
    elif key.state is KeyState.RETIRED:
        checks.passed(CheckId.KEY_STATUS, "key_status_retired")
    elif key.state is KeyState.ACTIVE:
        checks.passed(CheckId.KEY_STATUS, "key_status_active")
    else:
        checks.passed(CheckId.KEY_STATUS, "key_status_published")


def _ownership(
    key: ResolvedKey | None, creator: str, issuer: Mapping[str, object], checks: Checks
) -> None:
    """OB 2.0 §CryptographicKey: the key's owner and the issuer's publicKey point at each
    other."""
    if key is None:
        checks.skipped(CheckId.ISSUER_KEY_BINDING, "binding_no_key")
        return
    public_keys = issuer.get("publicKey")
    listed = public_keys if isinstance(public_keys, list) else [public_keys]
    listed_ids = [k.get("id") if isinstance(k, Mapping) else k for k in listed]
    if key.controller != issuer.get("id"):
        checks.failed(CheckId.ISSUER_KEY_BINDING, "binding_owner", owner=key.controller or "-")
    elif creator not in listed_ids:
        checks.failed(CheckId.ISSUER_KEY_BINDING, "binding_not_listed")
    else:
        checks.passed(CheckId.ISSUER_KEY_BINDING, "binding_ob2")


def _signed_revocation(
    assertion: Mapping[str, object], linked: _Linked | None, run: Run, checks: Checks
) -> str | None:
    """The revocation reason when the issuer's RevocationList names the assertion."""
    url = linked.issuer.get("revocationList") if linked is not None else None
    if not isinstance(url, str):
        checks.skipped(CheckId.REVOCATION, "revocation_no_list")
        return None
    try:
        _, document = run.documents.get_json(url, accept=_OB2_ACCEPT)
    except DocumentUnavailableError as exc:
        checks.failed(CheckId.REVOCATION, "revocation_list_unavailable", because=exc.text)
        return None
    entries = document.get("revokedAssertions")
    for entry in entries if isinstance(entries, list) else []:
        entry_id = entry.get("id") if isinstance(entry, Mapping) else entry
        if entry_id == assertion.get("id"):
            reason = entry.get("revocationReason") if isinstance(entry, Mapping) else None
            text = str(reason) if reason else "-"
            checks.failed(CheckId.REVOCATION, "revocation_revoked_reason", reason=text)
            return text
    checks.passed(CheckId.REVOCATION, "revocation_not_listed")
    return None


# --- shared ------------------------------------------------------------------------------------


def _parse_assertion(assertion: Mapping[str, object], checks: Checks, passed_key: str) -> bool:
    missing = [name for name in _ASSERTION_FIELDS if name not in assertion]
    if "verification" in missing and "verify" in assertion:
        missing.remove("verification")
    if missing:
        checks.failed(CheckId.PARSE, "parse_ob2_missing", fields=", ".join(missing))
        return False
    checks.passed(CheckId.PARSE, passed_key)
    return True


def _linked(assertion: Mapping[str, object], run: Run, checks: Checks) -> _Linked | None:
    try:
        badge_class = _embedded_or_fetched(assertion.get("badge"), run)
        issuer = _embedded_or_fetched(badge_class.get("issuer"), run)
    except DocumentUnavailableError as exc:
        checks.failed(CheckId.SCHEMA, "schema_ob2_unavailable", because=exc.text)
        return None
    missing = [f"BadgeClass.{n}" for n in _BADGE_CLASS_FIELDS if n not in badge_class]
    missing += [f"Issuer.{n}" for n in _ISSUER_FIELDS if n not in issuer]
    if missing:
        checks.failed(CheckId.SCHEMA, "schema_ob2_missing", fields=", ".join(missing))
    else:
        checks.passed(CheckId.SCHEMA, "schema_ob2_passed")
    return _Linked(badge_class, issuer)


def _embedded_or_fetched(value: object, run: Run) -> Mapping[str, object]:
    if isinstance(value, Mapping):
        return value
    if not isinstance(value, str):
        raise DocumentUnavailableError(Text("document_missing"))
    return run.documents.get_json(value, accept=_OB2_ACCEPT)[1]


def _contexts(assertion: Mapping[str, object], run: Run, checks: Checks) -> None:
    problem = run.caches.expansions.problem(assertion, precheck=ob2_context_problem)
    if problem is None:
        checks.passed(CheckId.CONTEXTS, "contexts_passed")
    else:
        checks.failed(CheckId.CONTEXTS, "contexts_failed", because=problem)


def _dates(assertion: Mapping[str, object], run: Run, checks: Checks) -> None:
    outcome = check_dates(
        start=assertion.get("issuedOn"),
        end=assertion.get("expires"),
        now=run.now,
        start_name="issuedOn",
        end_name="expires",
    )
    checks.set(CheckId.DATES, outcome.status, outcome.text)


def _summary(
    assertion: Mapping[str, object], linked: _Linked | None, *, revoked: bool = False
) -> Summary:
    badge = linked.badge_class if linked is not None else {}
    issuer = linked.issuer if linked is not None else {}
    recipient = assertion.get("recipient")
    recipient = recipient if isinstance(recipient, Mapping) else {}
    hashed = recipient.get("hashed") is True
    return Summary(
        issuer=Party(
            id=_text(issuer.get("id")), name=_text(issuer.get("name")), url=_text(issuer.get("url"))
        ),
        badge_class=Party(
            id=_text(badge.get("id")),
            name=_text(badge.get("name")),
            description=_text(badge.get("description")),
            image=_image(badge.get("image")),
        ),
        recipient=RecipientSummary(
            type=_text(recipient.get("type")),
            identity=None if hashed else _text(recipient.get("identity")),
            hashed=hashed,
        ),
        issued_on=_text(assertion.get("issuedOn")),
        expires=_text(assertion.get("expires")),
        revoked=revoked,
    )


def _report(candidate: Candidate, checks: Checks, summary: Summary) -> Report:
    return Report(candidate.format, checks.result(), summary, candidate.baked)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _image(value: object) -> str | None:
    if isinstance(value, Mapping):
        return _text(value.get("id"))
    return _text(value)
