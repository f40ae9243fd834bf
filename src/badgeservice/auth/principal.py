"""Who is calling: an authenticated API client with its scopes and issuer restriction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from badgeservice.auth.models import Scope
from badgeservice.i18n import Text
from badgeservice.problems import ForbiddenError


@dataclass(frozen=True)
class Principal:
    client_id: str
    scopes: frozenset[Scope]
    # None: unrestricted; otherwise the only issuers this client may act for.
    issuer_ids: frozenset[uuid.UUID] | None

    @property
    def actor(self) -> str:
        return f"client:{self.client_id}"

    def has_scope(self, scope: Scope) -> bool:
        return Scope.ADMIN in self.scopes or scope in self.scopes

    def require_scope(self, scope: Scope) -> None:
        if not self.has_scope(scope):
            raise ForbiddenError(Text("forbidden_scope", {"scope": scope.value}))

    def may_act_for(self, issuer_id: uuid.UUID) -> bool:
        return self.issuer_ids is None or issuer_id in self.issuer_ids

    def require_issuer(self, issuer_id: uuid.UUID) -> None:
        if not self.may_act_for(issuer_id):
            raise ForbiddenError(Text("forbidden_issuer", {"issuer": str(issuer_id)}))

    def require_unrestricted(self) -> None:
        if self.issuer_ids is not None:
            raise ForbiddenError(Text("forbidden_unrestricted_only"))


SYSTEM = Principal(client_id="cli", scopes=frozenset({Scope.ADMIN}), issuer_ids=None)
"""The operator at the command line (CLI, seeding): every right, audited as ``client:cli``."""
