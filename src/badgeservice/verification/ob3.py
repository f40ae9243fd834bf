"""Verifying an Open Badges 3.0 credential: Data Integrity (``eddsa-rdfc-2022``) or VC-JWT.

OB 3.0 §9 "Verification and Validation" and FACTS §2.9, §2.14, as 1EdTech's validator runs
them, each step reported as its own check: parse, contexts, schema, signature, key status,
issuer-key binding (the key's controller is the issuer; a VC-JWT ``kid`` on another host than
the issuer's is refused), dates, revocation (the status list and its own proof), recipient.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote, urlsplit

import orjson

from badgeservice.crypto import jws
from badgeservice.formats import vc_jwt
from badgeservice.formats.json_schemas import validate_achievement_credential
from badgeservice.i18n import Text
from badgeservice.verification.checks import (
    OB3_CHECKS,
    CheckId,
    Checks,
    Format,
    Party,
    RecipientSummary,
    Report,
    Summary,
)
from badgeservice.verification.contexts import ob3_context_problem
from badgeservice.verification.dates import check_dates
from badgeservice.verification.detect import Candidate
from badgeservice.verification.keys import KeyState, KeyUnavailableError, ResolvedKey
from badgeservice.verification.proofs import proof_failure_text, verify_data_integrity
from badgeservice.verification.recipient import RecipientClaim, match_ob3
from badgeservice.verification.run import Run
from badgeservice.verification.status_lists import check_revocation

_OB3_TYPES = ("OpenBadgeCredential", "AchievementCredential")
_JWT_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti")
# Decoding again past nbf/exp, once the dates are known to be wrong, to read the credential.
_ANY_TIME = timedelta(days=365 * 300)
_MAX_SCHEMA_ERRORS = 3


def verify_ob3(candidate: Candidate, run: Run, claim: RecipientClaim | None) -> Report:
    checks = Checks(OB3_CHECKS)
    if candidate.format is Format.OB3_JWT and candidate.token is not None:
        proved = _jwt(candidate.token, run, checks)
        kid = _header_kid(candidate.token)
    else:
        proved = _data_integrity(candidate.document, run, checks)
        kid = None
    credential, key, key_problem = proved.credential, proved.key, proved.key_problem
    if credential is None or not _parsed(credential, candidate.format, checks):
        return Report(candidate.format, checks.result(), Summary(), candidate.baked)
    _contexts(credential, run, checks, expanded=proved.expanded_strictly)
    _schema(credential, checks)
    issuer_id = issuer_id_of(credential)
    _key_status(key, key_problem, checks)
    _binding(key, issuer_id, kid, checks)
    dates = check_dates(
        start=credential.get("validFrom", credential.get("issuanceDate")),
        end=credential.get("validUntil", credential.get("expirationDate")),
        now=run.now,
        start_name="validFrom",
        end_name="validUntil",
    )
    checks.set(CheckId.DATES, dates.status, dates.text)
    revocation = check_revocation(
        credential,
        issuer_id=issuer_id,
        documents=run.documents,
        keys=run.keys,
        cache=run.caches.status_lists,
    )
    checks.set(CheckId.REVOCATION, revocation.status, revocation.text, revocation.because)
    recipient = match_ob3(credential.get("credentialSubject"), claim)
    checks.set(CheckId.RECIPIENT, recipient.status, recipient.text)
    summary = summary_of(credential, revoked=revocation.revoked)
    return Report(candidate.format, checks.result(), summary, candidate.baked)


# --- proofs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Proved:
    """The credential a proof covers, the key it names, and whether checking it already
    expanded the credential strictly (Data Integrity canonicalizes it)."""

    credential: dict[str, object] | None
    key: ResolvedKey | None = None
    key_problem: Text | None = None
    expanded_strictly: bool = False


def _data_integrity(document: dict[str, object] | None, run: Run, checks: Checks) -> _Proved:
    if document is None:
        checks.failed(CheckId.PARSE, "parse_not_open_badge")
        return _Proved(None)
    outcome = verify_data_integrity(document, run.keys)
    if outcome.check.ok:
        checks.passed(CheckId.SIGNATURE, "signature_data_integrity")
    else:
        because = outcome.key_problem or proof_failure_text(outcome.check)
        checks.failed(CheckId.SIGNATURE, "signature_failed", because=because)
    return _Proved(document, outcome.key, outcome.key_problem, outcome.expanded_strictly is True)


def _jwt(token: str, run: Run, checks: Checks) -> _Proved:
    try:
        header = jws.parse_header(token)
    except jws.JwsError:
        checks.failed(CheckId.PARSE, "parse_jwt_malformed")
        return _Proved(None)
    key: ResolvedKey | None = None
    key_problem: Text | None = None
    try:
        if header.kid is not None:
            key = run.keys.resolve(header.kid)
        elif header.jwk is not None:
            key = run.keys.embedded(header.jwk)
        else:
            key_problem = Text("key_none_in_header")
    except KeyUnavailableError as exc:
        key_problem = exc.text

    def key_for(_header: jws.JoseHeader) -> jws.VerificationKey:
        if key is None:
            raise jws.UnknownKeyError("no key")
        return key.public_key

    try:
        decoded = vc_jwt.decode_vc_jwt(token, key_for=key_for, now=run.now)
    except (vc_jwt.ExpiredError, vc_jwt.NotYetValidError):
        # Signature and claims verified before the dates: read the credential for the rest.
        decoded = vc_jwt.decode_vc_jwt(token, key_for=key_for, now=run.now, leeway=_ANY_TIME)
    except vc_jwt.VcJwtError as exc:
        _jwt_failure(exc, header, key_problem, checks)
        return _Proved(_unverified_credential(token), key, key_problem)
    checks.passed(CheckId.SIGNATURE, "signature_jwt", alg=header.alg)
    return _Proved(decoded.credential, key, key_problem)


def _jwt_failure(
    error: vc_jwt.VcJwtError, header: jws.JoseHeader, key_problem: Text | None, checks: Checks
) -> None:
    if isinstance(error, vc_jwt.AlgorithmRefusedError):
        checks.failed(CheckId.SIGNATURE, "signature_alg_refused", alg=header.alg)
    elif isinstance(error, vc_jwt.KeyRefusedError):
        because = key_problem or Text("key_type_mismatch", {"alg": header.alg})
        checks.failed(CheckId.SIGNATURE, "signature_failed", because=because)
    elif isinstance(error, vc_jwt.ClaimsMismatchError):
        checks.failed(CheckId.SIGNATURE, "signature_jwt_claims", claim=_claim_named(str(error)))
    elif isinstance(error, vc_jwt.BadSignatureError):
        checks.failed(
            CheckId.SIGNATURE, "signature_failed", because=Text("proof_signature_mismatch")
        )
    else:
        checks.failed(CheckId.PARSE, "parse_jwt_malformed")


def _claim_named(message: str) -> str:
    return message.split(" ", 1)[0] if message else "?"


def _unverified_credential(token: str) -> dict[str, object] | None:
    """The payload of a token whose proof failed, so the other checks still report on it."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(payload, dict):
        return None
    vc = payload.get("vc")
    if isinstance(vc, dict):
        return vc
    return {k: v for k, v in payload.items() if k not in _JWT_CLAIMS}


def _header_kid(token: str) -> str | None:
    try:
        return jws.parse_header(token).kid
    except jws.JwsError:
        return None


# --- the other checks ------------------------------------------------------------------------


def _parsed(credential: Mapping[str, object], fmt: Format, checks: Checks) -> bool:
    types = credential.get("type")
    type_list = types if isinstance(types, list) else [types]
    if "VerifiableCredential" not in type_list or not any(t in type_list for t in _OB3_TYPES):
        checks.failed(CheckId.PARSE, "parse_not_open_badge")
        return False
    if issuer_id_of(credential) is None or not isinstance(
        credential.get("credentialSubject"), dict
    ):
        checks.failed(CheckId.PARSE, "parse_ob3_incomplete")
        return False
    key = "parse_ob3_jwt" if fmt is Format.OB3_JWT else "parse_ob3_data_integrity"
    checks.passed(CheckId.PARSE, key)
    return True


def _contexts(credential: dict[str, object], run: Run, checks: Checks, *, expanded: bool) -> None:
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    problem = run.caches.expansions.problem(
        unsecured, precheck=ob3_context_problem, expanded=expanded
    )
    if problem is None:
        checks.passed(CheckId.CONTEXTS, "contexts_passed")
    else:
        checks.failed(CheckId.CONTEXTS, "contexts_failed", because=problem)


def _schema(credential: dict[str, object], checks: Checks) -> None:
    errors = validate_achievement_credential(credential)
    if not errors:
        checks.passed(CheckId.SCHEMA, "schema_passed")
        return
    listed = "; ".join(f"{e.pointer or '/'}: {e.message}" for e in errors[:_MAX_SCHEMA_ERRORS])
    checks.failed(CheckId.SCHEMA, "schema_failed", count=len(errors), errors=listed)


def _key_status(key: ResolvedKey | None, problem: Text | None, checks: Checks) -> None:
    if key is None:
        checks.failed(CheckId.KEY_STATUS, "key_status_unavailable", because=problem)
        return
    if key.state is KeyState.REVOKED:
        checks.failed(CheckId.KEY_STATUS, "key_status_revoked", reason=key.revocation_reason or "-")
    elif key.state is KeyState.RETIRED:
        checks.passed(CheckId.KEY_STATUS, "key_status_retired")
    elif key.state is KeyState.EMBEDDED:
        checks.warning(CheckId.KEY_STATUS, "key_status_embedded")
    elif key.state is KeyState.ACTIVE:
        checks.passed(CheckId.KEY_STATUS, "key_status_active")
    else:
        checks.passed(CheckId.KEY_STATUS, "key_status_published")


def _binding(
    key: ResolvedKey | None, issuer_id: str | None, kid: str | None, checks: Checks
) -> None:
    """The key's controller is the issuer (OB 3.0 §9: "the issuer id must equal the controller
    of the verification method"); a ``kid`` must be served from the issuer's own host."""
    if key is None or issuer_id is None:
        checks.skipped(CheckId.ISSUER_KEY_BINDING, "binding_no_key")
        return
    if (
        kid is not None
        and kid.startswith(("https://", "http://"))
        and (_host(kid) != _host(issuer_id))
    ):
        checks.failed(CheckId.ISSUER_KEY_BINDING, "binding_foreign_host", host=_host(kid) or "?")
        return
    if key.controller == issuer_id:
        checks.passed(CheckId.ISSUER_KEY_BINDING, "binding_passed")
    elif key.controller is None and kid is not None and _host(kid) == _host(issuer_id):
        # A bare JWK at the kid URL (what 1EdTech's validator expects) has no controller: the
        # issuer's own host serving it is what ties it to the issuer.
        checks.passed(CheckId.ISSUER_KEY_BINDING, "binding_same_host")
    elif key.state is KeyState.EMBEDDED:
        checks.failed(CheckId.ISSUER_KEY_BINDING, "binding_embedded")
    else:
        checks.failed(
            CheckId.ISSUER_KEY_BINDING, "binding_other_controller", controller=key.controller or "-"
        )


def _host(identifier: str) -> str | None:
    """The host an issuer id or key id lives on: an http(s) URL's, or a did:web's."""
    if identifier.startswith("did:web:"):
        return unquote(identifier[len("did:web:") :].split(":")[0].split("#")[0]).lower()
    try:
        parts = urlsplit(identifier)
        port = parts.port
    except ValueError:
        return None
    if "@" in parts.netloc or not parts.hostname:
        return None
    return parts.hostname.lower() + ("" if port is None else f":{port}")


# --- summary ---------------------------------------------------------------------------------


def issuer_id_of(credential: Mapping[str, object]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def summary_of(credential: Mapping[str, object], *, revoked: bool) -> Summary:
    issuer = credential.get("issuer")
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, Mapping) else {}
    return Summary(
        issuer=Party(
            id=issuer_id_of(credential),
            name=_text(issuer.get("name")) if isinstance(issuer, Mapping) else None,
            url=_text(issuer.get("url")) if isinstance(issuer, Mapping) else None,
        ),
        badge_class=Party(
            id=_text(achievement.get("id")),
            name=_text(achievement.get("name")),
            description=_text(achievement.get("description")),
            image=_image(achievement.get("image")),
        ),
        recipient=_recipient(subject),
        issued_on=_text(credential.get("awardedDate")) or _text(credential.get("validFrom")),
        expires=_text(credential.get("validUntil")),
        revoked=revoked,
    )


def _recipient(subject: Mapping[str, object]) -> RecipientSummary:
    subject_id = _text(subject.get("id"))
    identifiers = subject.get("identifier")
    for entry in identifiers if isinstance(identifiers, list) else []:
        if isinstance(entry, Mapping) and entry.get("hashed") is True:
            kind = {"emailAddress": "email", "ext:telephone": "telephone"}.get(
                str(entry.get("identityType")), str(entry.get("identityType"))
            )
            return RecipientSummary(type=kind, hashed=True)
    if subject_id is None or subject_id.startswith("urn:"):
        return RecipientSummary()
    kind = "did" if subject_id.startswith("did:") else "url"
    return RecipientSummary(type=kind, identity=subject_id)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _image(value: object) -> str | None:
    if isinstance(value, Mapping):
        return _text(value.get("id"))
    return _text(value)
