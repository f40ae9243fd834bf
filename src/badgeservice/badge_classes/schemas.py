"""Badge class (label) API request and response models (DESIGN.md "API sketch")."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from badgeservice.api_types import (
    HttpUrlStr,
    LocalizedName,
    LocalizedText,
    ShortText,
    Slug,
    StrictModel,
)
from badgeservice.badge_classes.models import BadgeClassStatus
from badgeservice.badge_classes.requirements import Requirements
from badgeservice.badge_classes.validity import parse_validity

# 1EdTech OB 3.0 achievementType vocabulary (FACTS.md §2.4); anything else must be "ext:…".
ACHIEVEMENT_TYPES = frozenset(
    [
        "Achievement",
        "ApprenticeshipCertificate",
        "Assessment",
        "Assignment",
        "AssociateDegree",
        "Award",
        "Badge",
        "BachelorDegree",
        "Certificate",
        "CertificateOfCompletion",
        "Certification",
        "CommunityService",
        "Competency",
        "Course",
        "CoCurricular",
        "Degree",
        "Diploma",
        "DoctoralDegree",
        "Fieldwork",
        "GeneralEducationDevelopment",
        "JourneymanCertificate",
        "LearningProgram",
        "License",
        "Membership",
        "ProfessionalDoctorate",
        "QualityAssuranceCredential",
        "MasterCertificate",
        "MasterDegree",
        "MicroCredential",
        "ResearchDoctorate",
        "SecondarySchoolDiploma",
    ]
)
_EXT_TYPE = re.compile(r"^ext:[A-Za-z0-9.\-_]+$")


def _achievement_type(value: str) -> str:
    if value not in ACHIEVEMENT_TYPES and not _EXT_TYPE.match(value):
        raise ValueError("must be a 1EdTech achievement type (e.g. Badge) or start with ext:")
    return value


def _validity(value: str) -> str:
    parse_validity(value)
    return value


AchievementType = Annotated[str, AfterValidator(_achievement_type)]
ValidityText = Annotated[str, AfterValidator(_validity)]
Tag = Annotated[ShortText, Field(max_length=64)]


class Criteria(StrictModel):
    narrative: LocalizedText = LocalizedText()
    requirements: Requirements = Requirements()


class Alignment(StrictModel):
    target_name: ShortText
    target_url: HttpUrlStr
    target_description: ShortText | None = None
    target_framework: ShortText | None = None
    target_code: ShortText | None = None


class BadgeClassCreate(StrictModel):
    issuer_id: uuid.UUID
    slug: Slug | None = Field(default=None, description="Derived from the French name if absent.")
    name: LocalizedName
    description: LocalizedText
    criteria: Criteria
    achievement_type: AchievementType = "Badge"
    tags: list[Tag] = Field(default_factory=list, max_length=30)
    alignments: list[Alignment] = Field(default_factory=list, max_length=30)
    validity: ValidityText | None = Field(
        default=None, description="ISO 8601 duration after which awards expire, e.g. P2Y."
    )


class BadgeClassUpdate(StrictModel):
    """Fields to change. Any change to what the label publishes creates a new version; awards
    keep the version they were issued under."""

    name: LocalizedName | None = None
    description: LocalizedText | None = None
    criteria: Criteria | None = None
    achievement_type: AchievementType | None = None
    tags: list[Tag] | None = Field(default=None, max_length=30)
    alignments: list[Alignment] | None = Field(default=None, max_length=30)
    validity: ValidityText | None = None


class BadgeClassLinks(BaseModel):
    ob2: str
    ob2_version: str
    ob3: str
    image_png: str
    image: str


class BadgeClassOut(BaseModel):
    id: uuid.UUID
    issuer_id: uuid.UUID
    slug: str
    version: int
    status: BadgeClassStatus
    name: dict[str, str]
    description: dict[str, str]
    criteria: Criteria
    achievement_type: str
    tags: list[str]
    alignments: list[Alignment]
    validity: str | None
    image_id: uuid.UUID
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None
    links: BadgeClassLinks


class BadgeClassList(BaseModel):
    items: list[BadgeClassOut]
    next_cursor: str | None
