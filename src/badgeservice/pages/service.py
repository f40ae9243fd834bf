"""What the public pages show, read from the database: an award with its label version and
issuer, a label, an issuer with its labels. No HTTP here; the router renders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from badgeservice.awards.models import Award
from badgeservice.awards.service import award_status
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.models import BadgeClass, BadgeClassStatus, BadgeClassVersion
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.i18n import Text
from badgeservice.issuers import service as issuers
from badgeservice.issuers.models import Issuer
from badgeservice.problems import NotFoundError
from badgeservice.verification.checks import Report
from badgeservice.verification.service import VerificationContext, verify_stored_award

# An issuer page lists its active labels; the network has a handful per issuer.
_LABELS_PER_PAGE = 100
_MAX_LABELS = 1_000


@dataclass(frozen=True)
class AwardPage:
    award: Award
    badge_class: BadgeClass
    # The version the award was issued under: the page says what the award says.
    version: BadgeClassVersion
    issuer: Issuer
    status: str  # valid, expired or revoked, at ``now``
    # The award verified as a third party would, through our public documents.
    report: Report


@dataclass(frozen=True)
class BadgeClassPage:
    badge_class: BadgeClass
    version: BadgeClassVersion
    issuer: Issuer


@dataclass(frozen=True)
class IssuerPage:
    issuer: Issuer
    labels: list[BadgeClassView]


def _award_not_found(award_id: uuid.UUID) -> NotFoundError:
    return NotFoundError(Text("award_not_found", {"award": str(award_id)}))


def require_award(session: Session, *, award_id: uuid.UUID) -> None:
    """NotFoundError unless the award exists (without loading its documents)."""
    if session.scalars(select(Award.id).where(Award.id == award_id)).first() is None:
        raise _award_not_found(award_id)


def get_award_page(
    session: Session, *, award_id: uuid.UUID, now: datetime, verification: VerificationContext
) -> AwardPage:
    """The award, the label version it was issued under, its issuer, its status at ``now``
    and its verification report (the checks a third party would run, documents read locally)."""
    award = session.get(Award, award_id)
    if award is None:
        raise _award_not_found(award_id)
    version = session.get(BadgeClassVersion, award.badge_class_version_id)
    badge_class = session.get(BadgeClass, award.badge_class_id)
    if version is None or badge_class is None:  # pragma: no cover - foreign keys forbid it
        raise _award_not_found(award_id)
    issuer = issuers.get_issuer(session, issuer_id=award.issuer_id)
    return AwardPage(
        award=award,
        badge_class=badge_class,
        version=version,
        issuer=issuer,
        status=award_status(award, now),
        report=verify_stored_award(session, award_id=award.id, context=verification),
    )


def get_badge_class_page(session: Session, *, badge_class_id: uuid.UUID) -> BadgeClassPage:
    view = badge_classes.get_badge_class(session, badge_class_id=badge_class_id)
    issuer = issuers.get_issuer(session, issuer_id=view.badge_class.issuer_id)
    return BadgeClassPage(badge_class=view.badge_class, version=view.version, issuer=issuer)


def get_issuer_page(session: Session, *, issuer_ref: str) -> IssuerPage:
    """An issuer by id or slug, with its active labels, oldest first."""
    issuer = issuers.resolve(session, issuer_ref)
    labels: list[BadgeClassView] = []
    cursor: str | None = None
    while len(labels) < _MAX_LABELS:
        page = badge_classes.list_badge_classes(
            session,
            actor=None,
            issuer_id=issuer.id,
            status=BadgeClassStatus.ACTIVE,
            tag=None,
            cursor=cursor,
            limit=_LABELS_PER_PAGE,
        )
        labels.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return IssuerPage(issuer=issuer, labels=labels)
