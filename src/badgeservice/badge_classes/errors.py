"""Badge class domain errors."""

from __future__ import annotations

from badgeservice.problems import CONFLICT, INVALID_CLAIMS_SCHEMA, DomainError


class InvalidClaimsSchemaError(DomainError):
    kind = INVALID_CLAIMS_SCHEMA


class BadgeClassArchivedError(DomainError):
    kind = CONFLICT
