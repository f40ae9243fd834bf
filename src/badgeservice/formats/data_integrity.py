"""W3C Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite.

Data Integrity EdDSA Cryptosuites v1.0 (W3C Recommendation, 15 May 2025),
https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022, with the proof model of Verifiable
Credential Data Integrity 1.0 (https://www.w3.org/TR/vc-data-integrity/), FACTS.md §2.9 B and
§2.10:

* proof configuration = the proof options without ``proofValue`` plus the document's
  ``@context`` (EDDSA §3.2.5);
* both canonicalized with RDFC-1.0 (§3.2.3); hash data = SHA-256(canonical proof
  configuration) ‖ SHA-256(canonical document), proof configuration first (§3.2.4);
* signature = pure Ed25519 over the 64 bytes; ``proofValue`` = ``"z"`` + base58btc (§3.2.6).

OB 3.0's JSON Schema requires ``proof`` to be an array, so ``add_proof`` always writes one; the
verifier also accepts a single proof object. Several proofs form a proof set (VC-DI §2.1.2):
each is made over the document without ``proof``, and each must verify.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from badgeservice.formats.jsonld import JsonLdError, UnknownContextError
from badgeservice.formats.rdfc import canonicalize

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
ASSERTION_METHOD = "assertionMethod"
_SIGNATURE_BYTES = 64
_BASE58_DIGITS = {
    char: value
    for value, char in enumerate("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
}
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]+\Z")
# XML Schema 1.1 dateTimeStamp: VC-DI §2.1 requires a time zone on ``created``/``expires``.
_DATE_TIME_STAMP = re.compile(
    r"-?(?P<year>[0-9]{4,})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.[0-9]+)?"
    r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))\Z"
)


class ProofFailure(StrEnum):
    """Why a proof did not verify: stable codes, for reports and tests."""

    MALFORMED_DOCUMENT = "malformed-document"
    NO_PROOF = "no-proof"
    MALFORMED_PROOF = "malformed-proof"
    UNSUPPORTED_TYPE = "unsupported-proof-type"
    UNSUPPORTED_CRYPTOSUITE = "unsupported-cryptosuite"
    WRONG_PURPOSE = "wrong-proof-purpose"
    INVALID_DATE = "invalid-date"
    CONTEXT_MISMATCH = "proof-context-mismatch"
    UNKNOWN_CONTEXT = "unknown-context"
    INVALID_JSON_LD = "invalid-json-ld"
    KEY_UNAVAILABLE = "key-unavailable"
    INVALID_PROOF_VALUE = "invalid-proof-value"
    SIGNATURE_MISMATCH = "signature-mismatch"


@dataclass(frozen=True, slots=True)
class ProofCheck:
    """The outcome of ``verify_proof``; ``detail`` is an English explanation for logs."""

    ok: bool
    reason: ProofFailure | None = None
    detail: str | None = None
    verification_method: str | None = None
    created: str | None = None


class _ProofRefusedError(Exception):
    def __init__(self, reason: ProofFailure, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def format_created(moment: datetime) -> str:
    """``created`` as an XML Schema dateTimeStamp in UTC, whole seconds, with ``Z``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("created must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_data(
    unsecured_document: Mapping[str, object],
    proof_options: Mapping[str, object],
    *,
    require_portable_order: bool = True,
) -> bytes:
    """EDDSA §3.2.3–3.2.5: transform, configure and hash; 64 bytes, proof configuration first.

    ``proofValue`` is left out of the proof options, and their ``@context`` is replaced by the
    document's (§3.2.5).
    """
    if "@context" not in unsecured_document:
        raise JsonLdError("the document has no @context")
    proof_config = {key: value for key, value in proof_options.items() if key != "proofValue"}
    proof_config["@context"] = unsecured_document["@context"]
    portable = require_portable_order
    canonical_config = canonicalize(proof_config, require_portable_order=portable)
    canonical_document = canonicalize(unsecured_document, require_portable_order=portable)
    return _sha256(canonical_config) + _sha256(canonical_document)


def _sha256(nquads: str) -> bytes:
    return hashlib.sha256(nquads.encode("utf-8")).digest()


def add_proof(
    document: Mapping[str, object],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    proof_purpose: str = ASSERTION_METHOD,
) -> dict[str, object]:
    """VC-DI §4.2 Add Proof with eddsa-rdfc-2022 (EDDSA §3.2.1 Create Proof).

    Returns a new document whose ``proof`` array ends with the new proof; an existing proof or
    proof array is kept (a proof set). Raises ``JsonLdError`` if the document (or the proof
    configuration) does not canonicalize strictly and portably.
    """
    if not _ABSOLUTE_IRI.match(verification_method):
        raise ValueError("verification_method must be an absolute IRI")
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof_options: dict[str, object] = {
        "type": PROOF_TYPE,
        "created": format_created(created),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(hash_data(unsecured, proof_options))
    proof = {**proof_options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}
    return {**unsecured, "proof": [*_existing_proofs(document), proof]}


def verify_proof(
    document: object,
    *,
    public_key_for: Callable[[str], Ed25519PublicKey],
    expected_purpose: str = ASSERTION_METHOD,
) -> ProofCheck:
    """VC-DI §4.4 Verify Proof with eddsa-rdfc-2022 (EDDSA §3.2.2); never raises on bad input.

    ``public_key_for(verification_method)`` returns the Ed25519 key of that verification method
    and raises ``LookupError`` or ``ValueError`` when it has none. Every proof of a proof set
    must verify; the first failure is reported.
    """
    if not isinstance(document, Mapping) or not all(isinstance(k, str) for k in document):
        return ProofCheck(False, ProofFailure.MALFORMED_DOCUMENT, "the document is not an object")
    raw_proofs = document.get("proof")
    proofs = raw_proofs if isinstance(raw_proofs, list) else [raw_proofs]
    if raw_proofs is None or not proofs:
        return ProofCheck(False, ProofFailure.NO_PROOF, "the document has no proof")
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    checks: list[ProofCheck] = []
    for proof in proofs:
        check = _verify_one(unsecured, proof, public_key_for, expected_purpose)
        if not check.ok:
            return check
        checks.append(check)
    return checks[0]


def _verify_one(
    unsecured: dict[str, object],
    proof: object,
    public_key_for: Callable[[str], Ed25519PublicKey],
    expected_purpose: str,
) -> ProofCheck:
    method = proof.get("verificationMethod") if isinstance(proof, Mapping) else None
    method = method if isinstance(method, str) else None
    created = proof.get("created") if isinstance(proof, Mapping) else None
    created = created if isinstance(created, str) else None
    try:
        options, signature = _checked_proof(proof, expected_purpose)
        document = _with_proof_context(unsecured, options)
        data = _verifier_hash_data(document, options)
        public_key = _public_key(public_key_for, str(options["verificationMethod"]))
        try:
            public_key.verify(signature, data)
        except InvalidSignature as exc:
            raise _ProofRefusedError(
                ProofFailure.SIGNATURE_MISMATCH, "the signature does not match the document"
            ) from exc
    except _ProofRefusedError as refused:
        return ProofCheck(False, refused.reason, refused.detail, method, created)
    return ProofCheck(True, None, None, method, created)


def _checked_proof(proof: object, expected_purpose: str) -> tuple[dict[str, object], bytes]:
    """The proof options (proof minus ``proofValue``) and the decoded signature."""
    if not isinstance(proof, Mapping) or not all(isinstance(k, str) for k in proof):
        raise _ProofRefusedError(ProofFailure.MALFORMED_PROOF, "a proof must be an object")
    if proof.get("type") != PROOF_TYPE:
        raise _ProofRefusedError(
            ProofFailure.UNSUPPORTED_TYPE, f"proof type {proof.get('type')!r} is not {PROOF_TYPE}"
        )
    if proof.get("cryptosuite") != CRYPTOSUITE:
        raise _ProofRefusedError(
            ProofFailure.UNSUPPORTED_CRYPTOSUITE,
            f"cryptosuite {proof.get('cryptosuite')!r} is not {CRYPTOSUITE}",
        )
    if proof.get("proofPurpose") != expected_purpose:
        raise _ProofRefusedError(
            ProofFailure.WRONG_PURPOSE,
            f"proofPurpose {proof.get('proofPurpose')!r} is not {expected_purpose!r}",
        )
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not _ABSOLUTE_IRI.match(method):
        raise _ProofRefusedError(
            ProofFailure.MALFORMED_PROOF, "verificationMethod must be an absolute IRI"
        )
    for name in ("created", "expires"):
        if name in proof and not _is_date_time_stamp(proof[name]):
            raise _ProofRefusedError(
                ProofFailure.INVALID_DATE, f"{name} is not an XML Schema dateTimeStamp"
            )
    return {k: v for k, v in proof.items() if k != "proofValue"}, _signature(proof)


def _signature(proof: Mapping[str, object]) -> bytes:
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise _ProofRefusedError(
            ProofFailure.INVALID_PROOF_VALUE, "proofValue must be a base58btc multibase ('z')"
        )
    try:
        signature = _b58decode(value[1:])
    except ValueError as exc:
        raise _ProofRefusedError(
            ProofFailure.INVALID_PROOF_VALUE, "proofValue is not valid base58btc"
        ) from exc
    if len(signature) != _SIGNATURE_BYTES:
        raise _ProofRefusedError(
            ProofFailure.INVALID_PROOF_VALUE, "an Ed25519 signature is 64 bytes"
        )
    return signature


def _b58decode(text: str) -> bytes:
    """base58btc to bytes, as ``base58.b58decode`` (trailing whitespace ignored, each leading
    ``1`` a zero byte, ValueError on another character), without its byte-by-byte divmod loop:
    every verification decodes a signature."""
    text = text.rstrip()
    number = 0
    for char in text:
        digit = _BASE58_DIGITS.get(char)
        if digit is None:
            raise ValueError(f"invalid base58 character {char!r}")
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def _with_proof_context(
    unsecured: dict[str, object], options: dict[str, object]
) -> dict[str, object]:
    """VC-DI §4.4: a proof ``@context`` must prefix the document's, and replaces it."""
    if "@context" not in options:
        return unsecured
    proof_context = _as_list(options["@context"])
    document_context = _as_list(unsecured.get("@context"))
    if document_context[: len(proof_context)] != proof_context:
        raise _ProofRefusedError(
            ProofFailure.CONTEXT_MISMATCH,
            "the proof @context is not a prefix of the document @context",
        )
    return {**unsecured, "@context": options["@context"]}


def _verifier_hash_data(document: dict[str, object], options: dict[str, object]) -> bytes:
    try:
        return hash_data(document, options, require_portable_order=False)
    except UnknownContextError as exc:
        raise _ProofRefusedError(ProofFailure.UNKNOWN_CONTEXT, str(exc)) from exc
    except JsonLdError as exc:
        raise _ProofRefusedError(ProofFailure.INVALID_JSON_LD, str(exc)) from exc
    except Exception as exc:
        # pyld is not hardened against hostile input
        # (deep nesting, lone surrogates, odd shapes): a verifier reports, it does not crash.
        raise _ProofRefusedError(
            ProofFailure.INVALID_JSON_LD,
            f"the document cannot be canonicalized ({type(exc).__name__})",
        ) from exc


def _public_key(
    public_key_for: Callable[[str], Ed25519PublicKey], verification_method: str
) -> Ed25519PublicKey:
    try:
        public_key = public_key_for(verification_method)
    except (LookupError, ValueError) as exc:
        raise _ProofRefusedError(
            ProofFailure.KEY_UNAVAILABLE, f"no key for {verification_method}: {exc}"
        ) from exc
    if not isinstance(public_key, Ed25519PublicKey):
        raise _ProofRefusedError(
            ProofFailure.KEY_UNAVAILABLE, f"{verification_method} is not an Ed25519 key"
        )
    return public_key


def _is_date_time_stamp(value: object) -> bool:
    if not isinstance(value, str):
        return False
    match = _DATE_TIME_STAMP.match(value)
    if match is None:
        return False
    parts = {name: int(match[name]) for name in ("year", "month", "day", "hour", "minute")}
    if parts["year"] > 9999 or value.startswith("-"):
        return 1 <= parts["month"] <= 12 and 1 <= parts["day"] <= 31  # beyond Python's range
    try:
        datetime(parts["year"], parts["month"], parts["day"], tzinfo=UTC)
    except ValueError:
        return False
    return parts["hour"] <= 23 and int(match["second"]) <= 59


def _existing_proofs(document: Mapping[str, object]) -> list[object]:
    existing = document.get("proof")
    if existing is None:
        return []
    return list(existing) if isinstance(existing, list) else [existing]


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else [value]
