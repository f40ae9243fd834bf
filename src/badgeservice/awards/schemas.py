"""Award API request models (DESIGN.md "API sketch")."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from badgeservice.api_types import HttpUrlStr, LongText, ShortText, StrictModel
from badgeservice.badge_classes.requirements import RecipientType

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_DID = re.compile(r"^did:[a-z0-9]+:[A-Za-z0-9._:%-]+(?:[?#].*)?$")
_URL = re.compile(r"^https?://[^\s/?#@]+(?:[/?#][^\s]*)?$")

Genre = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=64)]


class RecipientIn(StrictModel):
    type: RecipientType
    identity: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048)
    ]

    @model_validator(mode="after")
    def _identity_matches_type(self) -> RecipientIn:
        checks = {
            RecipientType.EMAIL: (_EMAIL, "an email address"),
            RecipientType.TELEPHONE: (_E164, "a telephone number in E.164 form, e.g. +33123456789"),
            RecipientType.URL: (_URL, "an absolute http(s) URL without credentials"),
            RecipientType.DID: (_DID, "a DID such as did:web:example.org"),
        }
        pattern, what = checks[self.type]
        if not pattern.match(self.identity):
            raise ValueError(f"identity must be {what} for type {self.type.value}")
        return self


class EvidenceIn(StrictModel):
    url: HttpUrlStr | None = None
    name: ShortText | None = None
    narrative: LongText | None = None
    description: LongText | None = None
    genre: Genre | None = Field(default=None, description="Kind of evidence, e.g. video, report.")

    @model_validator(mode="after")
    def _not_empty(self) -> EvidenceIn:
        if not (self.url or self.narrative or self.name or self.description):
            raise ValueError("evidence needs at least a url, a name, a narrative or a description")
        return self


class AwardCreate(StrictModel):
    badge_class_id: uuid.UUID
    recipient: RecipientIn
    recipient_name: ShortText | None = None
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=50)
    narrative: LongText | None = None
    claims: dict[str, object] | None = None
    issued_on: AwareDatetime | None = Field(
        default=None, description="Defaults to now; whole seconds are kept."
    )
    expires: AwareDatetime | None = Field(
        default=None, description="Defaults to the issue date plus the label's validity."
    )

    @model_validator(mode="after")
    def _expires_after_issue(self) -> AwardCreate:
        if self.issued_on and self.expires and self.expires <= self.issued_on:
            raise ValueError("expires must be after issued_on")
        return self


def whole_seconds(value: datetime) -> datetime:
    return value.replace(microsecond=0)


class BatchItem(AwardCreate):
    idempotency_key: Annotated[str, StringConstraints(min_length=1, max_length=255)]


class AwardBatch(StrictModel):
    items: list[BatchItem] = Field(min_length=1, max_length=1000)


class RevocationRequest(StrictModel):
    reason: Annotated[LongText, StringConstraints(min_length=1, max_length=1000)] = Field(
        description="Why the award is revoked; published in the OB 2.0 documents."
    )
