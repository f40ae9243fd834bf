"""Award domain errors."""

from __future__ import annotations

from badgeservice.problems import CONFLICT, CRITERIA_NOT_MET, DomainError


class CriteriaNotMetError(DomainError):
    kind = CRITERIA_NOT_MET


class BadgeClassNotAwardableError(DomainError):
    kind = CONFLICT
