"""Awards: checked against their label's requirements, signed once in every format, stored."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from sqlalchemy import Select, Table, bindparam, insert, or_, select, tuple_
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.auth.principal import Principal
from badgeservice.awards import recipients
from badgeservice.awards.documents import (
    AwardData,
    EvidenceData,
    SigningMaterial,
    build_award_documents,
)
from badgeservice.awards.errors import BadgeClassNotAwardableError, CriteriaNotMetError
from badgeservice.awards.issuing_memo import IssuingMemo, LabelState
from badgeservice.awards.models import Award
from badgeservice.awards.schemas import AwardCreate, whole_seconds
from badgeservice.badge_classes.criteria import AwardFacts, EvidenceFacts, unmet_requirements
from badgeservice.badge_classes.models import BadgeClass, BadgeClassStatus
from badgeservice.badge_classes.validity import parse_validity
from badgeservice.db import new_id
from badgeservice.formats.json_guard import find_unsafe_values
from badgeservice.i18n import Text
from badgeservice.issuers.models import Issuer
from badgeservice.keys.ring import KeyRing
from badgeservice.pagination import Page, decode_cursor, encode_cursor
from badgeservice.prepared import Prepared
from badgeservice.problems import FieldError, InvalidRequestError, NotFoundError
from badgeservice.query_hints import selective
from badgeservice.status import service as status
from badgeservice.status.service import OpenList, StatusListSigner
from badgeservice.urls import Urls

# Statements run for every award of a label that allows one live award per recipient, built
# once: SQLAlchemy takes longer to build them than SQLite takes to run them.
_lock_label = (
    select(BadgeClass.id).where(BadgeClass.id == bindparam("badge_class_id")).with_for_update()
)
_live_award = Prepared(
    select(Award.id)
    .where(
        Award.badge_class_id == bindparam("badge_class_id"),
        Award.recipient_lookup == bindparam("lookup"),
        Award.revoked_at.is_(None),
        or_(Award.expires.is_(None), Award.expires > bindparam("now")),
    )
    .limit(1)
)


# The statements every award runs are prepared (``badgeservice.prepared``): SQLAlchemy's
# execute path costs more than SQLite takes to run them. They go straight to the session's
# connection, and nothing is pending in the session that they would need flushed first (a new
# status list is flushed where it is created).
_insert_award = Prepared(insert(cast("Table", Award.__table__)))
_AWARD_COLUMNS = tuple(attr.key for attr in sa_inspect(Award).column_attrs)


@dataclass(frozen=True)
class AwardContext:
    """What award creation needs besides the request: keys, URLs and the caller."""

    ring: KeyRing
    recipient_lookup_key: bytes
    urls: Urls
    actor: Principal
    now: datetime
    # The app's, shared by its requests (``app.state.issuing_memo``); a new one is correct too,
    # only slower.
    memo: IssuingMemo = field(default_factory=IssuingMemo)


@dataclass
class IssuingCache:
    """What awards issued one after another share, read once: each label with its current
    version, each issuer with its signing keys, and the status list taking the issuer's new
    indexes. The label and issuer are read through the app's ``IssuingMemo``, which spares
    decrypting keys and loading versions again across requests.

    A batch keeps one for all its items, each still standing or falling alone (a transaction
    or a savepoint of its own), so that an item costs its own statements only: every item of a
    batch is issued against the label, issuer and keys as the batch first read them. After a
    failed item, ``forget`` (``awards.issuance`` does), so that the next one reads afresh what
    the failure may have rolled back (a status list it opened).
    """

    _labels: dict[uuid.UUID, LabelState] = field(default_factory=dict)
    _issuers: dict[uuid.UUID, tuple[Issuer, SigningMaterial]] = field(default_factory=dict)
    _status_lists: dict[uuid.UUID, OpenList] = field(default_factory=dict)

    def forget(self) -> None:
        self._labels.clear()
        self._issuers.clear()
        self._status_lists.clear()

    def label(
        self, session: Session, context: AwardContext, badge_class_id: uuid.UUID
    ) -> LabelState:
        """The label with its current version, and that version's requirements."""
        cached = self._labels.get(badge_class_id)
        if cached is None:
            cached = self._labels[badge_class_id] = context.memo.label(session, badge_class_id)
        return cached

    def issuer(
        self, session: Session, context: AwardContext, label: LabelState
    ) -> tuple[Issuer, SigningMaterial]:
        cached = self._issuers.get(label.issuer_id)
        if cached is None:
            cached = self._issuers[label.issuer_id] = context.memo.signing(
                session, ring=context.ring, urls=context.urls, label=label
            )
        return cached

    def status_list(
        self, session: Session, *, context: AwardContext, issuer: Issuer, keys: SigningMaterial
    ) -> OpenList:
        """The list the next award of ``issuer`` takes its index from, with the index counted
        (``status.list_for_award``)."""
        remembered = self._status_lists.get(issuer.id) or context.memo.open_list(issuer.id)
        signer = StatusListSigner(keys.ed25519, keys.ed25519_method)
        chosen = status.list_for_award(
            session,
            issuer=issuer,
            urls=context.urls,
            signer=signer,
            now=context.now,
            remembered=remembered,
        )
        self._status_lists[issuer.id] = chosen
        context.memo.remember_open_list(issuer.id, chosen)
        return chosen


def create_award(
    session: Session,
    *,
    data: AwardCreate,
    context: AwardContext,
    idempotency_key: str | None,
    cache: IssuingCache | None = None,
) -> Award:
    """Check, sign and store one award (flushed, not committed).

    The award takes a random free index in its issuer's status list. A replica that took the
    same index an instant earlier makes the flush fail on the unique constraint
    (``IntegrityError``): the caller retries its whole unit of work (``awards.issuance``).
    ``cache`` carries what the earlier awards of a batch read (see ``IssuingCache``).
    """
    cache = cache if cache is not None else IssuingCache()
    actor, now = context.actor, context.now
    actor.require_scope(Scope.AWARDS_WRITE)
    label = cache.label(session, context, data.badge_class_id)
    requirements = label.requirements
    actor.require_issuer(label.issuer_id)
    if label.status is not BadgeClassStatus.ACTIVE:
        raise BadgeClassNotAwardableError(
            Text("badge_class_archived", {"badge_class": str(label.badge_class_id)})
        )
    _refuse_unsafe_values(data)
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
    if expires is None and label.version.validity:
        expires = parse_validity(label.version.validity).after(issued_on)
    if requirements.one_live_award_per_recipient:
        _serialise_label(session, label.badge_class_id)
        if _has_live_award(session, label.badge_class_id, recipient.lookup, now):
            errors.append(FieldError("/recipient", Text("criteria_one_live_award")))
    if errors:
        raise CriteriaNotMetError(Text("criteria_not_met", {"count": len(errors)}), errors=errors)

    issuer, keys = cache.issuer(session, context, label)
    status_list = cache.status_list(session, context=context, issuer=issuer, keys=keys)
    evidence = [
        EvidenceData(
            url=e.url, name=e.name, narrative=e.narrative, description=e.description, genre=e.genre
        )
        for e in data.evidence
    ]
    award_id = new_id()
    index = status.free_index(session, status_list=status_list)
    documents = build_award_documents(
        urls=context.urls,
        issuer=issuer,
        version=label.version,
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
        badge_class_id=label.badge_class_id,
        badge_class_version_id=label.version.id,
        badge_class_version=label.version.version,
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
    # A Core INSERT of the object's values: the ORM's unit of work costs more than the
    # statement. The object returned belongs to no session.
    _insert_award.execute(
        session.connection(), {key: getattr(award, key) for key in _AWARD_COLUMNS}
    )
    return award


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
    lookup = None
    if filters.recipient is not None:
        kind = recipients.infer_type(filters.recipient)
        lookup = recipients.lookup_key(kind, filters.recipient, key=recipient_lookup_key)
    stmt = list_statement(
        filters,
        issuer_ids=actor.issuer_ids,
        recipient_lookup=lookup,
        now=now,
        after=decode_cursor(cursor),
        limit=limit + 1,
    )
    rows = list(session.scalars(stmt).all())
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(items[-1].created_at, items[-1].id)
    return Page(items=items, next_cursor=next_cursor)


def list_statement(
    filters: AwardFilters,
    *,
    issuer_ids: Collection[uuid.UUID] | None,
    recipient_lookup: str | None,
    now: datetime,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Select[Award]:
    """A page of awards in (created_at, id) order, after the cursor's award. The cursor is a
    row-value comparison, which both backends seek to in the order's indexes
    (``ix_awards_created_at_id``, and ``ix_awards_issuer_created_at_id`` for one issuer)."""
    stmt = select(Award).order_by(Award.created_at, Award.id)
    if issuer_ids is not None:
        stmt = stmt.where(Award.issuer_id.in_(list(issuer_ids)))
    if filters.badge_class_id is not None:
        stmt = stmt.where(Award.badge_class_id == filters.badge_class_id)
    if filters.issuer_id is not None:
        stmt = stmt.where(Award.issuer_id == filters.issuer_id)
    if recipient_lookup is not None:
        stmt = stmt.where(Award.recipient_lookup == recipient_lookup)
    if filters.issued_since is not None:
        stmt = stmt.where(selective(Award.issued_on >= filters.issued_since))
    if not filters.include_revoked:
        stmt = stmt.where(Award.revoked_at.is_(None))
    if not filters.include_expired:
        stmt = stmt.where(or_(Award.expires.is_(None), Award.expires > now))
    if after is not None:
        at, last_id = after
        stmt = stmt.where(
            tuple_(Award.created_at, Award.id)
            > tuple_(
                bindparam("after_at", at, type_=Award.created_at.type),
                bindparam("after_id", last_id, type_=Award.id.type),
            )
        )
    return stmt.limit(limit)


def award_status(award: Award, now: datetime) -> str:
    if award.revoked_at is not None:
        return "revoked"
    if award.expires is not None and award.expires <= now:
        return "expired"
    return "valid"


def _serialise_label(session: Session, badge_class_id: uuid.UUID) -> None:
    """Lock the label's row, so that two concurrent awards of it cannot both find no live
    award for a recipient. SQLite has no row locks (SQLAlchemy renders no FOR UPDATE there):
    its writers are serialised whole, from BEGIN IMMEDIATE (``db.unit_of_work``), and the
    statement would lock nothing."""
    if session.get_bind().dialect.name == "sqlite":
        return
    session.execute(_lock_label, {"badge_class_id": badge_class_id}).one()


def _has_live_award(
    session: Session, badge_class_id: uuid.UUID, lookup: str, now: datetime
) -> bool:
    params = {"badge_class_id": badge_class_id, "lookup": lookup, "now": now}
    return _live_award.scalar(session.connection(), params) is not None


def _refuse_unsafe_values(data: AwardCreate) -> None:
    """Values jsonld.js would canonicalise differently (FACTS.md gotcha 13) are refused here,
    at the boundary, so that no proof we sign fails in another implementation."""
    unsafe = find_unsafe_values(data.model_dump(mode="json", exclude_none=True))
    if unsafe:
        errors = [
            FieldError(u.pointer, Text("invalid_field", {"reason": u.detail})) for u in unsafe
        ]
        raise InvalidRequestError(Text("invalid_request", {"count": len(errors)}), errors=errors)
