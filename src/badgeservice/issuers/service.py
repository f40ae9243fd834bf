"""Issuers: create, read, update and list, with audit events."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from badgeservice.audit import service as audit
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import Principal
from badgeservice.i18n import Text
from badgeservice.images.models import StoredImage
from badgeservice.issuers import repository
from badgeservice.issuers.models import Issuer
from badgeservice.issuers.schemas import IssuerCreate, IssuerUpdate
from badgeservice.keys import service as keys
from badgeservice.keys.ring import KeyRing
from badgeservice.problems import ConflictError, FieldError, NotFoundError


def resolve(session: Session, ref: str) -> Issuer:
    """An issuer by id or by slug (the CLI names issuers by slug)."""
    try:
        stmt = repository.get_by_id(uuid.UUID(ref))
    except ValueError:
        stmt = repository.get_by_slug(ref)
    issuer = session.scalars(stmt).one_or_none()
    if issuer is None:
        raise NotFoundError(Text("issuer_not_found", {"issuer": ref}))
    return issuer


def get_issuer(session: Session, *, issuer_id: uuid.UUID, actor: Principal | None = None) -> Issuer:
    issuer = session.scalars(repository.get_by_id(issuer_id)).one_or_none()
    if issuer is None:
        raise NotFoundError(Text("issuer_not_found", {"issuer": str(issuer_id)}))
    if actor is not None:
        actor.require_issuer(issuer.id)
    return issuer


def get_by_slug(session: Session, *, slug: str) -> Issuer:
    issuer = session.scalars(repository.get_by_slug(slug)).one_or_none()
    if issuer is None:
        raise NotFoundError(Text("issuer_not_found", {"issuer": slug}))
    return issuer


def list_issuers(session: Session, *, actor: Principal) -> list[Issuer]:
    return list(session.scalars(repository.list_visible(actor.issuer_ids)).all())


def create_issuer(
    session: Session, *, data: IssuerCreate, ring: KeyRing, actor: Principal, now: datetime
) -> Issuer:
    """Create an issuer with its signing keys (Ed25519, RSA, and P-256 for ES256 VC-JWT)."""
    actor.require_scope(Scope.ISSUERS_WRITE)
    actor.require_unrestricted()
    if session.scalars(repository.get_by_slug(data.slug)).one_or_none() is not None:
        raise ConflictError(
            Text("issuer_slug_taken", {"slug": data.slug}),
            errors=[FieldError("/slug", Text("issuer_slug_taken", {"slug": data.slug}))],
        )
    issuer = Issuer(
        slug=data.slug,
        name=data.name.model_dump(),
        description=data.description.model_dump(),
        url=data.url,
        email=data.email,
        telephone=data.telephone,
        image_id=None,
        created_at=now,
        updated_at=now,
    )
    session.add(issuer)
    session.flush()
    _audit(session, actor, "issuer.create", issuer, None, now)
    keys.ensure_issuer_keys(session, ring=ring, issuer=issuer, actor=actor, now=now)
    return issuer


def update_issuer(
    session: Session, *, issuer_id: uuid.UUID, data: IssuerUpdate, actor: Principal, now: datetime
) -> Issuer:
    actor.require_scope(Scope.ISSUERS_WRITE)
    actor.require_issuer(issuer_id)
    issuer = session.scalars(repository.get_by_id(issuer_id).with_for_update()).one_or_none()
    if issuer is None:
        raise NotFoundError(Text("issuer_not_found", {"issuer": str(issuer_id)}))
    before = snapshot(issuer)
    changes = data.model_dump(exclude_unset=True)
    for field_name in ("name", "description"):
        if changes.get(field_name) is not None:
            setattr(issuer, field_name, dict(changes[field_name]))
    for field_name in ("url", "email"):
        if changes.get(field_name) is not None:
            setattr(issuer, field_name, changes[field_name])
    if "telephone" in changes:
        issuer.telephone = changes["telephone"]
    issuer.updated_at = now
    session.flush()
    _audit(session, actor, "issuer.update", issuer, before, now)
    return issuer


def set_image(
    session: Session, *, issuer_id: uuid.UUID, image: StoredImage, actor: Principal, now: datetime
) -> Issuer:
    actor.require_scope(Scope.ISSUERS_WRITE)
    actor.require_issuer(issuer_id)
    issuer = session.scalars(repository.get_by_id(issuer_id).with_for_update()).one_or_none()
    if issuer is None:
        raise NotFoundError(Text("issuer_not_found", {"issuer": str(issuer_id)}))
    before = snapshot(issuer)
    issuer.image_id = image.id
    issuer.updated_at = now
    session.flush()
    _audit(session, actor, "issuer.image", issuer, before, now)
    return issuer


def snapshot(issuer: Issuer) -> dict[str, object]:
    return {
        "slug": issuer.slug,
        "name": dict(issuer.name),
        "description": dict(issuer.description),
        "url": issuer.url,
        "email": issuer.email,
        "telephone": issuer.telephone,
        "image_id": None if issuer.image_id is None else str(issuer.image_id),
    }


def _audit(
    session: Session,
    actor: Principal,
    action: str,
    issuer: Issuer,
    before: dict[str, object] | None,
    now: datetime,
) -> None:
    audit.record(
        session,
        actor=actor.actor,
        action=action,
        target_type="issuer",
        target_id=str(issuer.id),
        before=before,
        after=snapshot(issuer),
        now=now,
    )
