"""Data Integrity proofs (``eddsa-rdfc-2022``) checked with keys found by the key resolver, for
credentials and for status list credentials alike."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badgeservice.formats.data_integrity import ProofCheck, ProofFailure, verify_proof
from badgeservice.i18n import Text
from badgeservice.verification.keys import KeyResolver, KeyUnavailableError, ResolvedKey

# Failures raised before the document was canonicalized: its strict expansion did not run.
NOT_CANONICALIZED = frozenset(
    {
        ProofFailure.MALFORMED_DOCUMENT,
        ProofFailure.NO_PROOF,
        ProofFailure.MALFORMED_PROOF,
        ProofFailure.UNSUPPORTED_TYPE,
        ProofFailure.UNSUPPORTED_CRYPTOSUITE,
        ProofFailure.WRONG_PURPOSE,
        ProofFailure.INVALID_DATE,
        ProofFailure.CONTEXT_MISMATCH,
        ProofFailure.INVALID_PROOF_VALUE,
    }
)
# Failures of canonicalization itself: the document (or the proof options) is not JSON-LD
# that expands strictly.
CANONICALIZATION_FAILED = frozenset({ProofFailure.UNKNOWN_CONTEXT, ProofFailure.INVALID_JSON_LD})


@dataclass(frozen=True)
class ProofOutcome:
    check: ProofCheck
    key: ResolvedKey | None
    key_problem: Text | None

    @property
    def expanded_strictly(self) -> bool | None:
        """True when canonicalization (a strict expansion) ran and succeeded; None when it
        did not run or failed, so the caller must expand on its own to say why."""
        reason = self.check.reason
        if reason is None or reason in (
            ProofFailure.KEY_UNAVAILABLE,
            ProofFailure.SIGNATURE_MISMATCH,
        ):
            return True
        return None


def verify_data_integrity(document: object, keys: KeyResolver) -> ProofOutcome:
    """VC-DI §4.4 with eddsa-rdfc-2022; the key of every proof comes from ``keys``."""
    resolved: list[ResolvedKey] = []
    problems: list[Text] = []

    def public_key_for(method: str) -> Ed25519PublicKey:
        try:
            key = keys.resolve(method)
        except KeyUnavailableError as exc:
            problems.append(exc.text)
            raise LookupError(exc.text.key) from exc
        resolved.append(key)
        if not isinstance(key.public_key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 key")
        return key.public_key

    check = verify_proof(document, public_key_for=public_key_for)
    return ProofOutcome(
        check=check,
        key=resolved[-1] if resolved else None,
        key_problem=problems[-1] if problems else None,
    )


def proof_failure_text(check: ProofCheck) -> Text:
    """Why a proof failed, localised by its stable reason code."""
    reason = check.reason or ProofFailure.SIGNATURE_MISMATCH
    return Text("proof_" + reason.value.replace("-", "_"))
