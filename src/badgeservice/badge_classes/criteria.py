"""Checking an award against its label's requirements (DESIGN.md "Criteria").

Every unmet requirement is reported at once, each with a JSON Pointer into the award request,
so the ERO platform can show its users everything to fix in one round trip. The one rule that
needs the database (one live award per recipient) is checked by the awards service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from badgeservice.badge_classes.requirements import RecipientType, Requirements
from badgeservice.formats.json_schemas import validate_claims
from badgeservice.i18n import Text
from badgeservice.problems import FieldError


@dataclass(frozen=True)
class EvidenceFacts:
    genre: str | None


@dataclass(frozen=True)
class AwardFacts:
    """What the requirements look at in an award request."""

    recipient_type: RecipientType
    narrative: str | None
    evidence: Sequence[EvidenceFacts]
    claims: dict[str, object] | None


def unmet_requirements(requirements: Requirements, award: AwardFacts) -> list[FieldError]:
    errors: list[FieldError] = []
    if award.recipient_type not in requirements.recipient_types:
        allowed = ", ".join(t.value for t in requirements.recipient_types)
        errors.append(
            FieldError(
                "/recipient/type",
                Text(
                    "criteria_recipient_type",
                    {"type": award.recipient_type.value, "allowed": allowed},
                ),
            )
        )
    if requirements.narrative_required and not (award.narrative and award.narrative.strip()):
        errors.append(FieldError("/narrative", Text("criteria_narrative_required")))
    errors.extend(_evidence_errors(requirements, award.evidence))
    if requirements.claims_schema is not None:
        claims: object = award.claims if award.claims is not None else {}
        for problem in validate_claims(requirements.claims_schema, claims):
            errors.append(
                FieldError(
                    "/claims" + problem.pointer,
                    Text("criteria_claims", {"reason": problem.message}),
                )
            )
    return errors


def _evidence_errors(
    requirements: Requirements, evidence: Sequence[EvidenceFacts]
) -> list[FieldError]:
    if requirements.min_evidence == 0:
        return []
    kinds = requirements.evidence_kinds
    counted = [e for e in evidence if kinds is None or (e.genre or "") in kinds]
    if len(counted) >= requirements.min_evidence:
        return []
    if kinds is None:
        text = Text(
            "criteria_min_evidence", {"min": requirements.min_evidence, "count": len(counted)}
        )
    else:
        text = Text(
            "criteria_min_evidence_kinds",
            {"min": requirements.min_evidence, "count": len(counted), "kinds": ", ".join(kinds)},
        )
    return [FieldError("/evidence", text)]
