"""Signing key domain errors."""

from __future__ import annotations

from badgeservice.problems import CONFLICT, GONE, NOT_FOUND, DomainError


class SigningKeyNotFoundError(DomainError):
    kind = NOT_FOUND


class SigningKeyRevokedError(DomainError):
    """A revoked key's public document is gone, so verifiers reject what it signed."""

    kind = GONE


class SigningKeyAlreadyRevokedError(DomainError):
    kind = CONFLICT


class NoActiveSigningKeyError(DomainError):
    """The issuer has no active key of the algorithm asked for (run ``keys rotate``)."""

    kind = CONFLICT
