"""The verification report: one entry per check, a verdict and a summary (DESIGN.md, "POST
/verify").

Check ids are stable: clients, pages and tests key on them. A badge is verified when no check
failed; warnings and skipped checks do not fail it. Messages are ``Text``s, rendered in the
language of the response.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, TypeAlias

from badgeservice.i18n import Lang, Text


class CheckId(StrEnum):
    PARSE = "parse"
    CONTEXTS = "contexts"
    SCHEMA = "schema"
    SIGNATURE = "signature"
    KEY_STATUS = "key_status"
    ISSUER_KEY_BINDING = "issuer_key_binding"
    ISSUER_ORIGIN = "issuer_origin"
    DATES = "dates"
    REVOCATION = "revocation"
    RECIPIENT = "recipient"


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    SKIPPED = "skipped"


class Format(StrEnum):
    OB2_HOSTED = "ob2-hosted"
    OB2_SIGNED = "ob2-signed"
    OB3_DATA_INTEGRITY = "ob3-data-integrity"
    OB3_JWT = "ob3-jwt"


Baked: TypeAlias = Literal["png", "svg"]

# The checks each format reports, in order (a check that cannot run is reported ``skipped``).
OB3_CHECKS = (
    CheckId.PARSE,
    CheckId.CONTEXTS,
    CheckId.SCHEMA,
    CheckId.SIGNATURE,
    CheckId.KEY_STATUS,
    CheckId.ISSUER_KEY_BINDING,
    CheckId.DATES,
    CheckId.REVOCATION,
    CheckId.RECIPIENT,
)
OB2_HOSTED_CHECKS = (
    CheckId.PARSE,
    CheckId.CONTEXTS,
    CheckId.SCHEMA,
    CheckId.SIGNATURE,
    CheckId.ISSUER_ORIGIN,
    CheckId.DATES,
    CheckId.REVOCATION,
    CheckId.RECIPIENT,
)
OB2_SIGNED_CHECKS = (
    CheckId.PARSE,
    CheckId.CONTEXTS,
    CheckId.SCHEMA,
    CheckId.SIGNATURE,
    CheckId.KEY_STATUS,
    CheckId.ISSUER_KEY_BINDING,
    CheckId.DATES,
    CheckId.REVOCATION,
    CheckId.RECIPIENT,
)
CHECKS_BY_FORMAT: dict[Format, tuple[CheckId, ...]] = {
    Format.OB2_HOSTED: OB2_HOSTED_CHECKS,
    Format.OB2_SIGNED: OB2_SIGNED_CHECKS,
    Format.OB3_DATA_INTEGRITY: OB3_CHECKS,
    Format.OB3_JWT: OB3_CHECKS,
}


@dataclass(frozen=True)
class Check:
    """One check's outcome: ``text`` says what was found, ``because`` (if any) why."""

    id: CheckId
    status: CheckStatus
    text: Text
    because: Text | None = None

    def message(self, lang: Lang) -> str:
        if self.because is None:
            return self.text.render(lang)
        return f"{self.text.render(lang)} {self.because.render(lang)}"


@dataclass(frozen=True)
class Party:
    """An issuer or a badge class as the credential names it."""

    id: str | None = None
    name: str | None = None
    url: str | None = None
    description: str | None = None
    image: str | None = None


@dataclass(frozen=True)
class RecipientSummary:
    """Who holds the badge, as far as the credential says it publicly: a plaintext identity
    (a URL or a DID) or only that it is a hashed email or telephone number."""

    type: str | None = None
    identity: str | None = None
    hashed: bool = False
    name: str | None = None


@dataclass(frozen=True)
class Summary:
    issuer: Party = field(default_factory=Party)
    badge_class: Party = field(default_factory=Party)
    recipient: RecipientSummary = field(default_factory=RecipientSummary)
    issued_on: str | None = None
    expires: str | None = None
    revoked: bool = False
    revocation_reason: str | None = None


@dataclass(frozen=True)
class Report:
    format: Format
    checks: tuple[Check, ...]
    summary: Summary
    baked: Baked | None = None

    @property
    def verified(self) -> bool:
        return all(check.status is not CheckStatus.FAILED for check in self.checks)

    def check(self, check_id: CheckId) -> Check:
        return next(check for check in self.checks if check.id is check_id)


class Checks:
    """Collects check outcomes while a pipeline runs; unset checks end up ``skipped``."""

    def __init__(self, expected: tuple[CheckId, ...]) -> None:
        self._expected = expected
        self._results: dict[CheckId, Check] = {}

    def passed(self, check_id: CheckId, key: str, **params: object) -> None:
        self.set(check_id, CheckStatus.PASSED, Text(key, params))

    def failed(
        self, check_id: CheckId, key: str, *, because: Text | None = None, **params: object
    ) -> None:
        self.set(check_id, CheckStatus.FAILED, Text(key, params), because)

    def warning(
        self, check_id: CheckId, key: str, *, because: Text | None = None, **params: object
    ) -> None:
        self.set(check_id, CheckStatus.WARNING, Text(key, params), because)

    def skipped(self, check_id: CheckId, key: str, **params: object) -> None:
        self.set(check_id, CheckStatus.SKIPPED, Text(key, params))

    def set(
        self, check_id: CheckId, status: CheckStatus, text: Text, because: Text | None = None
    ) -> None:
        if check_id not in self._expected:
            raise ValueError(f"{check_id} is not a check of this format")
        current = self._results.get(check_id)
        # A check is as bad as its worst finding: a later pass never hides an earlier failure.
        if current is not None and _RANK[current.status] >= _RANK[status]:
            return
        self._results[check_id] = Check(check_id, status, text, because)

    def result(self) -> tuple[Check, ...]:
        return tuple(
            self._results.get(check_id)
            or Check(check_id, CheckStatus.SKIPPED, Text("check_not_run"))
            for check_id in self._expected
        )


_RANK = {
    CheckStatus.SKIPPED: 0,
    CheckStatus.PASSED: 1,
    CheckStatus.WARNING: 2,
    CheckStatus.FAILED: 3,
}
