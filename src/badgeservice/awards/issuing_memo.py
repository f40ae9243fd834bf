"""What awarding one label after another reads again and again, kept across requests.

Every award needs its label's current version (with its parsed requirements), its issuer and
the issuer's active signing keys, decrypted. Reading and decrypting them costs more than
storing the award. Each transaction still reads, with one small statement, what can change
(the label's status and current version, the issuer's revision, the ids of its active keys);
what those point at is kept here:

* a label version never changes once written (an edit writes a new version), so it is kept by
  its id;
* the signing material is kept under the issuer's revision and the ids of its active keys: a
  key rotated or revoked on any replica, or an issuer edited, changes what the statement reads,
  and the memo is bypassed (then refreshed) in the very transaction that sees the change;
* the status list the issuer's last award took its index from is only a guess: the award's
  increment of the list's count, guarded by the list's room, confirms it or sends the award to
  the list ``status.open_list`` gives.

Nothing is served from here that the transaction did not just confirm, so every replica stays
exactly as current as without the memo. What is kept are copies that belong to no session
(``db.detached_copy``): a rollback cannot expire them, and threads can read them together.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Table, and_, bindparam, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnClause

from badgeservice.awards.documents import SigningMaterial
from badgeservice.awards.signing import signing_material
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.models import BadgeClass, BadgeClassStatus, BadgeClassVersion
from badgeservice.badge_classes.requirements import Requirements
from badgeservice.db import detached_copy
from badgeservice.i18n import Text
from badgeservice.issuers.models import Issuer
from badgeservice.keys.models import KeyStatus, SigningKey
from badgeservice.keys.ring import KeyRing
from badgeservice.prepared import Prepared
from badgeservice.problems import NotFoundError
from badgeservice.status.service import OpenList
from badgeservice.urls import Urls

K = TypeVar("K")
V = TypeVar("V")

# Bounded: a handful of labels and issuers in practice; a few kilobytes each.
_MAX_ENTRIES = 512

_labels = cast("Table", BadgeClass.__table__)
_versions = cast("Table", BadgeClassVersion.__table__)
_issuers = cast("Table", Issuer.__table__)
_keys = cast("Table", SigningKey.__table__)

# The active status is written into the SQL, not bound: compared with a parameter, SQLite
# cannot know the partial index of active keys applies until the value is bound, and compiles
# the statement again on every run (about four times the cost of running it).
_ACTIVE: ColumnClause[str] = literal_column(f"'{KeyStatus.ACTIVE.value}'")

# Built once, on the tables: SQLAlchemy takes longer to build a statement, or to load ORM
# objects, than SQLite takes to run it. One statement reads everything that can change: the
# label's issuer, status and current version, the issuer's revision (``Issuer.revision``,
# raised at every update of its row), and its active keys (a row each; none is read as one
# row with a null key id).
_state = (
    select(
        _labels.c.issuer_id,
        _labels.c.status,
        _versions.c.id,
        _issuers.c.revision,
        _keys.c.id.label("active_key_id"),
    )
    .join(
        _versions,
        and_(
            _versions.c.badge_class_id == _labels.c.id,
            _versions.c.version == _labels.c.current_version,
        ),
    )
    .join(_issuers, _issuers.c.id == _labels.c.issuer_id)
    .outerjoin(
        _keys,
        and_(_keys.c.issuer_id == _issuers.c.id, _keys.c.status == _ACTIVE),
    )
    .where(_labels.c.id == bindparam("badge_class_id"))
    .order_by(_keys.c.id)
)

_STATE = Prepared(_state)


@dataclass(frozen=True)
class LabelState:
    """A label as an award sees it: who issues it, whether it is awardable, its current
    version with that version's requirements, and the state its issuer was read in (for
    ``IssuingMemo.signing``)."""

    badge_class_id: uuid.UUID
    issuer_id: uuid.UUID
    status: BadgeClassStatus
    version: BadgeClassVersion
    requirements: Requirements
    issuer_state: tuple[Any, ...]


class IssuingMemo:
    """One per app (``app.state.issuing_memo``), shared by its requests; thread-safe."""

    def __init__(self, max_entries: int = _MAX_ENTRIES) -> None:
        self._max_entries = max_entries
        self._versions: OrderedDict[uuid.UUID, tuple[BadgeClassVersion, Requirements]] = (
            OrderedDict()
        )
        # issuer id -> (the state it was read in, the issuer, its signing material)
        self._signing: OrderedDict[uuid.UUID, tuple[Any, Issuer, SigningMaterial]] = OrderedDict()
        # issuer id -> the status list its last award took an index from
        self._open_lists: OrderedDict[uuid.UUID, OpenList] = OrderedDict()
        self._lock = threading.Lock()

    def label(self, session: Session, badge_class_id: uuid.UUID) -> LabelState:
        """The label's state, read in ``session``; its current version from the memo."""
        rows = _STATE.all(session.connection(), {"badge_class_id": badge_class_id})
        if not rows:
            raise NotFoundError(Text("badge_class_not_found", {"badge_class": str(badge_class_id)}))
        issuer_id, status, version_id, issuer_revision, _key_id = rows[0]
        kept = self._get(self._versions, version_id)
        if kept is None:
            version = session.get_one(BadgeClassVersion, version_id)
            kept = (detached_copy(version), badge_classes.requirements_of(version))
            self._put(self._versions, version_id, kept)
        version, requirements = kept
        return LabelState(
            badge_class_id=badge_class_id,
            issuer_id=issuer_id,
            status=BadgeClassStatus(status),
            version=version,
            requirements=requirements,
            issuer_state=(issuer_revision, tuple(row[-1] for row in rows)),
        )

    def signing(
        self, session: Session, *, ring: KeyRing, urls: Urls, label: LabelState
    ) -> tuple[Issuer, SigningMaterial]:
        """The label's issuer and its active keys as ``label`` was read, decrypted once for
        each state of theirs."""
        state = (label.issuer_state, ring.vc_jwt_algorithm)
        kept = self._get(self._signing, label.issuer_id)
        if kept is None or kept[0] != state:
            material = signing_material(session, ring=ring, urls=urls, issuer_id=label.issuer_id)
            issuer = detached_copy(session.get_one(Issuer, label.issuer_id))
            kept = (state, issuer, material)
            self._put(self._signing, label.issuer_id, kept)
        return kept[1], kept[2]

    def open_list(self, issuer_id: uuid.UUID) -> OpenList | None:
        """The status list the issuer's last award here took an index from: a guess, which
        ``status.list_for_award`` confirms (room left) with the increment it makes anyway."""
        return self._get(self._open_lists, issuer_id)

    def remember_open_list(self, issuer_id: uuid.UUID, status_list: OpenList) -> None:
        self._put(self._open_lists, issuer_id, status_list)

    def _get(self, entries: OrderedDict[K, V], key: K) -> V | None:
        with self._lock:
            value = entries.get(key)
            if value is not None:
                entries.move_to_end(key)
            return value

    def _put(self, entries: OrderedDict[K, V], key: K, value: V) -> None:
        with self._lock:
            entries[key] = value
            entries.move_to_end(key)
            while len(entries) > self._max_entries:
                entries.popitem(last=False)
