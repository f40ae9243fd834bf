"""Awards: checked against their label's requirements, signed once in every format, stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.auth.principal import Principal
from badgeservice.awards import recipients
from badgeservice.awards.documents import AwardData, EvidenceData, build_award_documents
from badgeservice.awards.errors import BadgeClassNotAwardableError, CriteriaNotMetError
from badgeservice.awards.models import Award
from badgeservice.awards.schemas import AwardCreate, whole_seconds
from badgeservice.awards.signing import signing_material
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.criteria import AwardFacts, EvidenceFacts, unmet_requirements
from badgeservice.badge_classes.models import BadgeClassStatus
from badgeservice.badge_classes.repository import get_by_id as badge_class_by_id
from badgeservice.badge_classes.validity import parse_validity
from badgeservice.db import new_id
from badgeservice.formats.json_guard import find_unsafe_values
from badgeservice.i18n import Text
from badgeservice.issuers import service as issuers
from badgeservice.keys.ring import KeyRing
from badgeservice.pagination import Page, decode_cursor, encode_cursor
from badgeservice.problems import FieldError, InvalidRequestError, NotFoundError
from badgeservice.status import service as status
from badgeservice.status.service import StatusListSigner
from badgeservice.urls import Urls

_INSERT_ATTEMPTS = 3


@dataclass(frozen=True)
class AwardContext:
    """What award creation needs besides the request: keys, URLs and the caller."""

    ring: KeyRing
    recipient_lookup_key: bytes
    urls: Urls
    actor: Principal
    now: datetime


def create_award(
    session: Session, *, data: AwardCreate, context: AwardContext, idempotency_key: str | None
) -> Award:
    actor, now = context.actor, context.now
    actor.require_scope(Scope.AWARDS_WRITE)
    view = badge_classes.get_badge_class(session, badge_class_id=data.badge_class_id)
    actor.require_issuer(view.badge_class.issuer_id)
    if view.badge_class.status is not BadgeClassStatus.ACTIVE:
        raise BadgeClassNotAwardableError(
            Text("badge_class_archived", {"badge_class": str(view.badge_class.id)})
        )
    _refuse_unsafe_values(data)
    requirements = badge_classes.requirements_of(view.version)
    recipient = recipients.prepare(
        data.recipient.type, data.recipient.identity, key=context.recipient_lookup_key
    )
    errors = unmet_requirements(
        requirements,
        AwardFacts(
            recipient_type=data.recipient.type,
            narrative=data.narrative,
            evidence=[EvidenceFacts(genre=e.genre) for e in data.evidence],
            claims=data.claims,
        ),
    )
    issued_on = whole_seconds(data.issued_on or now)
    expires = whole_seconds(data.expires) if data.expires else None
    if expires is None and view.version.validity:
        expires = parse_validity(view.version.validity).after(issued_on)
    if requirements.one_live_award_per_recipient:
        # Serialises awards of this label so two concurrent requests cannot both pass.
        session.scalars(badge_class_by_id(view.badge_class.id).with_for_update()).one()
        if _has_live_award(session, view.badge_class.id, recipient.lookup, now):
            errors.append(FieldError("/recipient", Text("criteria_one_live_award")))
    if errors:
        raise CriteriaNotMetError(Text("criteria_not_met", {"count": len(errors)}), errors=errors)

    issuer = issuers.get_issuer(session, issuer_id=view.badge_class.issuer_id)
    keys = signing_material(session, ring=context.ring, urls=context.urls, issuer_id=issuer.id)
    signer = StatusListSigner(keys.ed25519, keys.ed25519_method)
    status_list = status.open_list(
        session, issuer=issuer, urls=context.urls, signer=signer, now=now
    )
    evidence = [
        EvidenceData(
            url=e.url, name=e.name, narrative=e.narrative, description=e.description, genre=e.genre
        )
        for e in data.evidence
    ]
    award_id = new_id()
    for attempt in range(_INSERT_ATTEMPTS):
        index = status.free_index(session, status_list=status_list)
        documents = build_award_documents(
            urls=context.urls,
            issuer=issuer,
            version=view.version,
            award=AwardData(
                award_id=award_id,
                recipient=recipient.data,
                evidence=evidence,
                narrative=data.narrative,
                issued_on=issued_on,
                expires=expires,
                status_list_url=context.urls.ob3_status_list(status_list.id),
                status_list_index=index,
            ),
            keys=keys,
            now=now,
        )
        award = Award(
            id=award_id,
            issuer_id=issuer.id,
            badge_class_id=view.badge_class.id,
            badge_class_version_id=view.version.id,
            badge_class_version=view.version.version,
            recipient_type=data.recipient.type.value,
            recipient_lookup=recipient.lookup,
            recipient_salt=recipient.data.salt,
            recipient_hash=recipient.published_hash,
            recipient_public_identity=recipient.public_identity,
            subject_id=recipient.data.subject_id,
            recipient_name=data.recipient_name,
            evidence=[e.model_dump(exclude_none=True) for e in data.evidence],
            narrative=data.narrative,
            claims=data.claims,
            issued_on=issued_on,
            expires=expires,
            client_id=actor.client_id,
            idempotency_key=idempotency_key,
            status_list_id=status_list.id,
            status_list_index=index,
            ob2_hosted=documents.ob2_hosted,
            ob2_signed=documents.ob2_signed,
            ob3_json=documents.ob3_json,
            ob3_jwt=documents.ob3_jwt,
            signed_with=list(keys.kids),
            revoked_at=None,
            revocation_reason=None,
            created_at=now,
        )
        try:
            # A savepoint: a replica that took the same random index an instant earlier
            # costs one retry with another index, not the request.
            with session.begin_nested():
                session.add(award)
                session.flush()
        except IntegrityError:
            if attempt == _INSERT_ATTEMPTS - 1:
                raise
            continue
        status.count_allocation(session, status_list_id=status_list.id)
        return award
    raise AssertionError("unreachable")  # pragma: no cover


def get_award(session: Session, *, award_id: uuid.UUID, actor: Principal | None = None) -> Award:
    award = session.get(Award, award_id)
    if award is None:
        raise NotFoundError(Text("award_not_found", {"award": str(award_id)}))
    if actor is not None:
        if not (actor.has_scope(Scope.AWARDS_READ) or actor.has_scope(Scope.AWARDS_WRITE)):
            actor.require_scope(Scope.AWARDS_READ)
        actor.require_issuer(award.issuer_id)
    return award


@dataclass(frozen=True)
class AwardFilters:
    badge_class_id: uuid.UUID | None = None
    issuer_id: uuid.UUID | None = None
    recipient: str | None = None
    issued_since: datetime | None = None
    include_revoked: bool = False
    include_expired: bool = False


def list_awards(
    session: Session,
    *,
    filters: AwardFilters,
    actor: Principal,
    recipient_lookup_key: bytes,
    now: datetime,
    cursor: str | None,
    limit: int,
) -> Page[Award]:
    if not (actor.has_scope(Scope.AWARDS_READ) or actor.has_scope(Scope.AWARDS_WRITE)):
        actor.require_scope(Scope.AWARDS_READ)
    stmt: Select[Award] = select(Award).order_by(Award.created_at, Award.id)
    if actor.issuer_ids is not None:
        stmt = stmt.where(Award.issuer_id.in_(list(actor.issuer_ids)))
    if filters.badge_class_id is not None:
        stmt = stmt.where(Award.badge_class_id == filters.badge_class_id)
    if filters.issuer_id is not None:
        stmt = stmt.where(Award.issuer_id == filters.issuer_id)
    if filters.recipient is not None:
        kind = recipients.infer_type(filters.recipient)
        lookup = recipients.lookup_key(kind, filters.recipient, key=recipient_lookup_key)
        stmt = stmt.where(Award.recipient_lookup == lookup)
    if filters.issued_since is not None:
        stmt = stmt.where(Award.issued_on >= filters.issued_since)
    if not filters.include_revoked:
        stmt = stmt.where(Award.revoked_at.is_(None))
    if not filters.include_expired:
        stmt = stmt.where(or_(Award.expires.is_(None), Award.expires > now))
    after = decode_cursor(cursor)
    if after is not None:
        at, last_id = after
        stmt = stmt.where(
            or_(Award.created_at > at, and_(Award.created_at == at, Award.id > last_id))
        )
    rows = list(session.scalars(stmt.limit(limit + 1)).all())
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(items[-1].created_at, items[-1].id)
    return Page(items=items, next_cursor=next_cursor)


def award_status(award: Award, now: datetime) -> str:
    if award.revoked_at is not None:
        return "revoked"
    if award.expires is not None and award.expires <= now:
        return "expired"
    return "valid"


def _has_live_award(
    session: Session, badge_class_id: uuid.UUID, lookup: str, now: datetime
) -> bool:
    stmt = select(Award.id).where(
        Award.badge_class_id == badge_class_id,
        Award.recipient_lookup == lookup,
        Award.revoked_at.is_(None),
        or_(Award.expires.is_(None), Award.expires > now),
    )
    return session.scalars(stmt.limit(1)).first() is not None


def _refuse_unsafe_values(data: AwardCreate) -> None:
    """Values jsonld.js would canonicalise differently (FACTS.md gotcha 13) are refused here,
    at the boundary, so that no proof we sign fails in another implementation."""
    unsafe = find_unsafe_values(data.model_dump(mode="json", exclude_none=True))
    if unsafe:
        errors = [
            FieldError(u.pointer, Text("invalid_field", {"reason": u.detail})) for u in unsafe
        ]
        raise InvalidRequestError(Text("invalid_request", {"count": len(errors)}), errors=errors)
