"""Revoking an award: irreversible, in every format at once (DESIGN.md "Revocation").

OB 2.0: the hosted assertion answers 410 and the signed assertion's id joins the issuer's
RevocationList. OB 3.0: the award's bit is set in its status list, whose credential is
re-signed in the same transaction, so the change is public as soon as it commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from badgeservice.audit import service as audit
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import Principal
from badgeservice.awards.documents import signed_assertion_id
from badgeservice.awards.models import Award
from badgeservice.awards.signing import status_list_signer
from badgeservice.formats.status_list import set_bit
from badgeservice.i18n import Text
from badgeservice.issuers import service as issuers
from badgeservice.keys.ring import KeyRing
from badgeservice.problems import ConflictError, NotFoundError
from badgeservice.status import service as status
from badgeservice.status.models import StatusList
from badgeservice.urls import Urls


@dataclass(frozen=True)
class RevocationContext:
    ring: KeyRing
    urls: Urls
    actor: Principal
    now: datetime


def revoke_award(
    session: Session, *, award_id: uuid.UUID, reason: str, context: RevocationContext
) -> Award:
    actor, now = context.actor, context.now
    actor.require_scope(Scope.AWARDS_REVOKE)
    award = session.scalars(
        select(Award).where(Award.id == award_id).with_for_update()
    ).one_or_none()
    if award is None:
        raise NotFoundError(Text("award_not_found", {"award": str(award_id)}))
    actor.require_issuer(award.issuer_id)
    if award.revoked_at is not None:
        raise ConflictError(Text("award_already_revoked", {"award": str(award_id)}))
    before = _snapshot(award)
    award.revoked_at = now
    award.revocation_reason = reason

    status_list = session.scalars(
        select(StatusList).where(StatusList.id == award.status_list_id).with_for_update()
    ).one()
    bits = bytearray(status_list.bits)
    set_bit(bits, award.status_list_index)
    status_list.bits = bytes(bits)
    issuer = issuers.get_issuer(session, issuer_id=award.issuer_id)
    signer = status_list_signer(session, ring=context.ring, urls=context.urls, issuer_id=issuer.id)
    status.sign_list(status_list, issuer=issuer, urls=context.urls, signer=signer, now=now)
    session.flush()
    audit.record(
        session,
        actor=actor.actor,
        action="award.revoke",
        target_type="award",
        target_id=str(award.id),
        before=before,
        after=_snapshot(award),
        now=now,
    )
    return award


def revoked_signed_assertions(
    session: Session, *, issuer_id: uuid.UUID
) -> list[tuple[str, str | None]]:
    """The ids of the issuer's revoked signed assertions, with reasons (OB 2.0 RevocationList)."""
    rows = session.execute(
        select(Award.id, Award.revocation_reason)
        .where(Award.issuer_id == issuer_id, Award.revoked_at.is_not(None))
        .order_by(Award.revoked_at, Award.id)
    ).all()
    return [(signed_assertion_id(award_id), reason) for award_id, reason in rows]


def _snapshot(award: Award) -> dict[str, object]:
    return {
        "status_list_id": str(award.status_list_id),
        "status_list_index": award.status_list_index,
        "revoked_at": None if award.revoked_at is None else award.revoked_at.isoformat(),
        "revocation_reason": award.revocation_reason,
    }
