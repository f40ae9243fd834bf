"""The requirements a badge class enforces on every award (DESIGN.md "Criteria")."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from badgeservice.api_types import StrictModel


class RecipientType(StrEnum):
    EMAIL = "email"
    TELEPHONE = "telephone"
    URL = "url"
    DID = "did"


EvidenceKind = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z0-9][a-z0-9 _-]{0,63}$"),
]


class Requirements(StrictModel):
    """Machine-checkable requirements; an award that misses any of them is refused."""

    recipient_types: list[RecipientType] = Field(
        default_factory=lambda: list(RecipientType),
        min_length=1,
        description="Recipient identity types this label may be awarded to.",
    )
    min_evidence: int = Field(
        default=0, ge=0, le=50, description="Minimum number of evidence items."
    )
    evidence_kinds: list[EvidenceKind] | None = Field(
        default=None,
        description="When set, only evidence whose `genre` is one of these counts towards "
        "`min_evidence` (e.g. `video`, `report`).",
    )
    claims_schema: dict[str, object] | None = Field(
        default=None,
        description="JSON Schema (2019-09 by default) the award's `claims` must satisfy; only "
        "local `#` references are allowed.",
    )
    narrative_required: bool = Field(
        default=False, description="Whether each award must carry a narrative."
    )
    one_live_award_per_recipient: bool = Field(
        default=False,
        description="At most one live (not revoked, not expired) award per recipient.",
    )
