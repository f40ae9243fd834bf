"""Badge classes (labels): definition, versioning on change, archiving, listing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from badgeservice.audit import service as audit
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import Principal
from badgeservice.badge_classes import repository
from badgeservice.badge_classes.errors import BadgeClassArchivedError, InvalidClaimsSchemaError
from badgeservice.badge_classes.models import BadgeClass, BadgeClassStatus, BadgeClassVersion
from badgeservice.badge_classes.requirements import Requirements
from badgeservice.badge_classes.schemas import BadgeClassCreate, BadgeClassUpdate
from badgeservice.badge_classes.slugs import slugify
from badgeservice.formats.json_schemas import check_claims_schema
from badgeservice.i18n import Text
from badgeservice.images import service as images
from badgeservice.images.models import StoredImage
from badgeservice.issuers import service as issuers
from badgeservice.pagination import Page, decode_cursor, encode_cursor
from badgeservice.problems import ConflictError, FieldError, NotFoundError

# Fields of a version that make up what the label publishes.
_VERSIONED = (
    "name",
    "description",
    "criteria_narrative",
    "requirements",
    "achievement_type",
    "tags",
    "alignments",
    "validity",
    "image_id",
)


@dataclass(frozen=True)
class BadgeClassView:
    badge_class: BadgeClass
    version: BadgeClassVersion


def create_badge_class(
    session: Session, *, data: BadgeClassCreate, actor: Principal, now: datetime
) -> BadgeClassView:
    actor.require_scope(Scope.BADGE_CLASSES_WRITE)
    actor.require_issuer(data.issuer_id)
    issuer = issuers.get_issuer(session, issuer_id=data.issuer_id)
    _check_requirements(data.criteria.requirements, pointer="/criteria/requirements")
    slug = data.slug or _free_slug(session, issuer.id, slugify(data.name.fr))
    if session.scalars(repository.get_by_slug(issuer.id, slug)).one_or_none() is not None:
        text = Text("badge_class_slug_taken", {"slug": slug})
        raise ConflictError(text, errors=[FieldError("/slug", text)])
    image = images.generate_label_image(
        session, name=data.name.fr, subtitle=issuer.name.get("fr"), seed=slug, now=now
    )
    badge_class = BadgeClass(
        issuer_id=issuer.id,
        slug=slug,
        status=BadgeClassStatus.ACTIVE,
        current_version=1,
        created_at=now,
        updated_at=now,
        archived_at=None,
    )
    session.add(badge_class)
    session.flush()
    version = BadgeClassVersion(
        badge_class_id=badge_class.id,
        version=1,
        name=data.name.model_dump(),
        description=data.description.model_dump(),
        criteria_narrative=data.criteria.narrative.model_dump(),
        requirements=data.criteria.requirements.model_dump(mode="json"),
        achievement_type=data.achievement_type,
        tags=list(data.tags),
        alignments=[a.model_dump(exclude_none=True) for a in data.alignments],
        validity=data.validity,
        image_id=image.id,
        created_at=now,
        created_by=actor.actor,
    )
    session.add(version)
    session.flush()
    _audit(session, actor, "badge_class.create", badge_class, None, version, now)
    return BadgeClassView(badge_class, version)


def update_badge_class(
    session: Session,
    *,
    badge_class_id: uuid.UUID,
    data: BadgeClassUpdate,
    actor: Principal,
    now: datetime,
) -> BadgeClassView:
    actor.require_scope(Scope.BADGE_CLASSES_WRITE)
    badge_class, current = _locked(session, badge_class_id, actor)
    if data.criteria is not None:
        _check_requirements(data.criteria.requirements, pointer="/criteria/requirements")
    changes: dict[str, object] = {}
    if data.name is not None:
        changes["name"] = data.name.model_dump()
    if data.description is not None:
        changes["description"] = data.description.model_dump()
    if data.criteria is not None:
        changes["criteria_narrative"] = data.criteria.narrative.model_dump()
        changes["requirements"] = data.criteria.requirements.model_dump(mode="json")
    if data.achievement_type is not None:
        changes["achievement_type"] = data.achievement_type
    if data.tags is not None:
        changes["tags"] = list(data.tags)
    if data.alignments is not None:
        changes["alignments"] = [a.model_dump(exclude_none=True) for a in data.alignments]
    if "validity" in data.model_fields_set:
        changes["validity"] = data.validity
    return _new_version_if_changed(session, badge_class, current, changes, actor, now)


def set_image(
    session: Session,
    *,
    badge_class_id: uuid.UUID,
    image: StoredImage,
    actor: Principal,
    now: datetime,
) -> BadgeClassView:
    actor.require_scope(Scope.BADGE_CLASSES_WRITE)
    badge_class, current = _locked(session, badge_class_id, actor)
    return _new_version_if_changed(
        session, badge_class, current, {"image_id": image.id}, actor, now
    )


def archive_badge_class(
    session: Session, *, badge_class_id: uuid.UUID, actor: Principal, now: datetime
) -> BadgeClassView:
    actor.require_scope(Scope.BADGE_CLASSES_WRITE)
    badge_class, current = _locked(session, badge_class_id, actor, allow_archived=True)
    if badge_class.status is BadgeClassStatus.ARCHIVED:
        return BadgeClassView(badge_class, current)
    before = snapshot(badge_class, current)
    badge_class.status = BadgeClassStatus.ARCHIVED
    badge_class.archived_at = now
    badge_class.updated_at = now
    session.flush()
    _audit(session, actor, "badge_class.archive", badge_class, before, current, now)
    return BadgeClassView(badge_class, current)


def get_badge_class(
    session: Session, *, badge_class_id: uuid.UUID, actor: Principal | None = None
) -> BadgeClassView:
    badge_class = session.scalars(repository.get_by_id(badge_class_id)).one_or_none()
    if badge_class is None:
        raise NotFoundError(Text("badge_class_not_found", {"badge_class": str(badge_class_id)}))
    if actor is not None:
        actor.require_issuer(badge_class.issuer_id)
    return BadgeClassView(badge_class, _version(session, badge_class, badge_class.current_version))


def get_version(session: Session, *, badge_class_id: uuid.UUID, version: int) -> BadgeClassView:
    badge_class = session.scalars(repository.get_by_id(badge_class_id)).one_or_none()
    if badge_class is None:
        raise NotFoundError(Text("badge_class_not_found", {"badge_class": str(badge_class_id)}))
    return BadgeClassView(badge_class, _version(session, badge_class, version))


def list_badge_classes(
    session: Session,
    *,
    actor: Principal | None,
    issuer_id: uuid.UUID | None,
    status: BadgeClassStatus | None,
    tag: str | None,
    cursor: str | None,
    limit: int,
) -> Page[BadgeClassView]:
    allowed = None if actor is None else actor.issuer_ids
    issuer_ids: set[uuid.UUID] | None = None
    if issuer_id is not None:
        issuer_ids = {issuer_id} if allowed is None or issuer_id in allowed else set()
    elif allowed is not None:
        issuer_ids = set(allowed)
    stmt = repository.list_with_current_version(
        issuer_ids=issuer_ids, status=status, tag=tag, after=decode_cursor(cursor), limit=limit
    )
    rows: list[BadgeClassView] = []
    for badge_class, version in session.execute(stmt):
        if tag is not None and tag not in version.tags:
            continue
        rows.append(BadgeClassView(badge_class, version))
        if len(rows) > limit:
            break
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1].badge_class
        next_cursor = encode_cursor(last.created_at, last.id)
    return Page(items=items, next_cursor=next_cursor)


def requirements_of(version: BadgeClassVersion) -> Requirements:
    return Requirements.model_validate(version.requirements)


def snapshot(badge_class: BadgeClass, version: BadgeClassVersion) -> dict[str, object]:
    state: dict[str, object] = {
        "slug": badge_class.slug,
        "status": badge_class.status.value,
        "version": version.version,
    }
    for field_name in _VERSIONED:
        value = getattr(version, field_name)
        state[field_name] = str(value) if isinstance(value, uuid.UUID) else value
    return state


def _check_requirements(requirements: Requirements, *, pointer: str) -> None:
    if requirements.claims_schema is None:
        return
    problems = check_claims_schema(requirements.claims_schema)
    if problems:
        base = pointer + "/claims_schema"
        raise InvalidClaimsSchemaError(
            Text("invalid_claims_schema"),
            errors=[
                FieldError(base + err.pointer, Text("claims_schema_error", {"reason": err.message}))
                for err in problems
            ],
        )


def _locked(
    session: Session, badge_class_id: uuid.UUID, actor: Principal, *, allow_archived: bool = False
) -> tuple[BadgeClass, BadgeClassVersion]:
    badge_class = session.scalars(
        repository.get_by_id(badge_class_id).with_for_update()
    ).one_or_none()
    if badge_class is None:
        raise NotFoundError(Text("badge_class_not_found", {"badge_class": str(badge_class_id)}))
    actor.require_issuer(badge_class.issuer_id)
    if badge_class.status is BadgeClassStatus.ARCHIVED and not allow_archived:
        raise BadgeClassArchivedError(
            Text("badge_class_archived", {"badge_class": str(badge_class_id)})
        )
    return badge_class, _version(session, badge_class, badge_class.current_version)


def _version(session: Session, badge_class: BadgeClass, number: int) -> BadgeClassVersion:
    version = session.scalars(repository.get_version(badge_class.id, number)).one_or_none()
    if version is None:
        raise NotFoundError(
            Text(
                "badge_class_version_not_found",
                {"badge_class": str(badge_class.id), "version": number},
            )
        )
    return version


def _new_version_if_changed(
    session: Session,
    badge_class: BadgeClass,
    current: BadgeClassVersion,
    changes: dict[str, object],
    actor: Principal,
    now: datetime,
) -> BadgeClassView:
    values = {name: getattr(current, name) for name in _VERSIONED}
    updated = {**values, **changes}
    if updated == values:
        return BadgeClassView(badge_class, current)
    before = snapshot(badge_class, current)
    version = BadgeClassVersion(
        badge_class_id=badge_class.id,
        version=current.version + 1,
        created_at=now,
        created_by=actor.actor,
        **updated,
    )
    session.add(version)
    badge_class.current_version = version.version
    badge_class.updated_at = now
    session.flush()
    _audit(session, actor, "badge_class.update", badge_class, before, version, now)
    return BadgeClassView(badge_class, version)


def _free_slug(session: Session, issuer_id: uuid.UUID, base: str) -> str:
    candidate, n = base, 2
    while session.scalars(repository.get_by_slug(issuer_id, candidate)).one_or_none() is not None:
        candidate, n = f"{base[:56]}-{n}", n + 1
    return candidate


def _audit(
    session: Session,
    actor: Principal,
    action: str,
    badge_class: BadgeClass,
    before: dict[str, object] | None,
    version: BadgeClassVersion,
    now: datetime,
) -> None:
    audit.record(
        session,
        actor=actor.actor,
        action=action,
        target_type="badge_class",
        target_id=str(badge_class.id),
        before=before,
        after=snapshot(badge_class, version),
        now=now,
    )
