"""An award is checked against every requirement of its label at once."""

from __future__ import annotations

from badgeservice.badge_classes.criteria import AwardFacts, EvidenceFacts, unmet_requirements
from badgeservice.badge_classes.requirements import RecipientType, Requirements
from badgeservice.i18n import Lang

STRICT = Requirements.model_validate(
    {
        "recipient_types": ["email", "did"],
        "min_evidence": 1,
        "evidence_kinds": ["video", "report"],
        "narrative_required": True,
        "claims_schema": {
            "type": "object",
            "required": ["charte"],
            "properties": {"charte": {"const": True}, "territoire": {"type": "string"}},
        },
    }
)


def _facts(**overrides: object) -> AwardFacts:
    values: dict[str, object] = {
        "recipient_type": RecipientType.EMAIL,
        "narrative": "A mené l'atelier.",
        "evidence": [EvidenceFacts(genre="video")],
        "claims": {"charte": True},
    }
    values.update(overrides)
    return AwardFacts(**values)  # type: ignore[arg-type]  # test overrides are typed loosely


def test_award_meeting_every_requirement_passes() -> None:
    assert unmet_requirements(STRICT, _facts()) == []


def test_every_unmet_requirement_is_reported_with_its_pointer() -> None:
    errors = unmet_requirements(
        STRICT,
        _facts(
            recipient_type=RecipientType.URL,
            narrative="   ",
            evidence=[EvidenceFacts(genre="photo")],
            claims={"charte": False, "territoire": 12},
        ),
    )
    pointers = [e.pointer for e in errors]
    assert pointers[:3] == ["/recipient/type", "/narrative", "/evidence"]
    assert set(pointers[3:]) == {"/claims/charte", "/claims/territoire"}


def test_missing_claims_are_checked_against_the_schema() -> None:
    errors = unmet_requirements(STRICT, _facts(claims=None))
    assert [e.pointer for e in errors] == ["/claims/charte"]


def test_evidence_without_kinds_counts_every_item() -> None:
    requirements = Requirements.model_validate({"min_evidence": 2})
    assert unmet_requirements(requirements, _facts(evidence=[EvidenceFacts(genre=None)] * 2)) == []
    short = unmet_requirements(requirements, _facts(evidence=[EvidenceFacts(genre=None)]))
    assert [e.pointer for e in short] == ["/evidence"]


def test_messages_are_localised() -> None:
    [error] = unmet_requirements(
        Requirements.model_validate({"narrative_required": True}), _facts(narrative=None)
    )
    assert (
        error.text.render(Lang.EN)
        == "This label requires a narrative describing why it is awarded."
    )
    assert (
        error.text.render(Lang.FR) == "Ce label exige un récit expliquant pourquoi il est décerné."
    )
