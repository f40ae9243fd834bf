"""Revocation status lists: allocating each award a random, unique index in its issuer's
Bitstring Status List, and keeping the list's signed credential (W3C Bitstring Status List
v1.0 §2.1, §5: random allocation is a SHOULD, for herd privacy)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Table, bindparam, exists, select, update
from sqlalchemy.orm import Session

from badgeservice.awards.models import Award
from badgeservice.formats.data_integrity import add_proof
from badgeservice.formats.ob3 import build_status_list_credential
from badgeservice.formats.ob3_inputs import ProfileInput
from badgeservice.formats.status_list import MIN_ENTRIES, new_bitstring
from badgeservice.issuers.models import Issuer
from badgeservice.prepared import Prepared
from badgeservice.status.models import StatusList
from badgeservice.urls import Urls

REVOCATION = "revocation"
# A new list is opened once this share of a list is in use, so that random allocation keeps
# finding free indexes in a few tries.
_FILL_LIMIT = 0.5
# Lists ``list_for_award`` opens in turn when each is filled by other writers between its read
# and the increment: more than a couple would take a flood of concurrent awards.
_OPEN_ATTEMPTS = 5

# The statements every award runs, built once: SQLAlchemy takes longer to build one than
# SQLite takes to run it.
_lists = cast("Table", StatusList.__table__)
# Only what allocating needs: not the list's bits nor its signed credential (tens of kilobytes).
_open_list = Prepared(
    select(_lists.c.id, _lists.c.size, _lists.c.allocated)
    .where(
        _lists.c.issuer_id == bindparam("issuer_id"),
        _lists.c.purpose == REVOCATION,
        _lists.c.allocated < _lists.c.size * _FILL_LIMIT,
    )
    .order_by(_lists.c.created_at)
    .limit(1)
)
_index_taken = Prepared(
    select(
        exists().where(
            Award.status_list_id == bindparam("status_list_id"),
            Award.status_list_index == bindparam("index"),
        )
    )
)
# On the table: the ORM's UPDATE path costs three times what the statement does. The fill
# limit guards the increment: a list read earlier is taken from only while it has room.
_take_index_statement = Prepared(
    update(_lists)
    .where(
        _lists.c.id == bindparam("status_list_id"),
        _lists.c.allocated < _lists.c.size * _FILL_LIMIT,
    )
    .values(allocated=_lists.c.allocated + 1)
)


@dataclass(frozen=True)
class OpenList:
    """A list taking new indexes, as allocation sees it."""

    id: uuid.UUID
    size: int


@dataclass(frozen=True, repr=False)
class StatusListSigner:
    private_key: Ed25519PrivateKey
    verification_method: str


def open_list(
    session: Session, *, issuer: Issuer, urls: Urls, signer: StatusListSigner, now: datetime
) -> OpenList:
    """The issuer's revocation list with room left, created (and signed) when there is none."""
    current = _open_list.one_or_none(session.connection(), {"issuer_id": issuer.id})
    if current is not None:
        list_id, size, _allocated = current
        return OpenList(id=list_id, size=size)
    status_list = StatusList(
        issuer_id=issuer.id,
        purpose=REVOCATION,
        size=MIN_ENTRIES,
        allocated=0,
        bits=bytes(new_bitstring(MIN_ENTRIES)),
        credential=b"",
        created_at=now,
        updated_at=now,
    )
    session.add(status_list)
    session.flush()
    sign_list(status_list, issuer=issuer, urls=urls, signer=signer, now=now)
    session.flush()
    return OpenList(id=status_list.id, size=status_list.size)


def list_for_award(
    session: Session,
    *,
    issuer: Issuer,
    urls: Urls,
    signer: StatusListSigner,
    now: datetime,
    remembered: OpenList | None,
) -> OpenList:
    """The list a new award takes its index from, with the index counted: ``remembered`` (the
    list an earlier award of the issuer took, read by an earlier transaction) while it has
    room, else the one ``open_list`` gives. Any list of the issuer with room will do: each
    index is unique whichever list it is in."""
    if remembered is not None and _take_index(session, remembered.id):
        return remembered
    for _ in range(_OPEN_ATTEMPTS):
        opened = open_list(session, issuer=issuer, urls=urls, signer=signer, now=now)
        if _take_index(session, opened.id):
            return opened
    raise RuntimeError(f"no status list of issuer {issuer.slug} kept room for an index")


def free_index(session: Session, *, status_list: OpenList) -> int:
    """A random index no award of the list holds yet. The unique constraint on
    (status_list_id, status_list_index) settles races between replicas."""
    while True:
        candidate = secrets.randbelow(status_list.size)
        taken = _index_taken.scalar(
            session.connection(), {"status_list_id": status_list.id, "index": candidate}
        )
        if not taken:
            return candidate


def _take_index(session: Session, status_list_id: uuid.UUID) -> bool:
    """One more index counted as taken from the list, if it has room, in the transaction that
    takes it. An increment in SQL, so that concurrent writers add up; no object in the session
    is refreshed."""
    return (
        _take_index_statement.execute(session.connection(), {"status_list_id": status_list_id}) == 1
    )


def sign_list(
    status_list: StatusList, *, issuer: Issuer, urls: Urls, signer: StatusListSigner, now: datetime
) -> None:
    """(Re)build and sign the list's BitstringStatusListCredential (VAL requires it signed)."""
    credential = build_status_list_credential(
        credential_id=urls.ob3_status_list(status_list.id),
        issuer=ProfileInput(
            id=urls.issuer_did(issuer.slug),
            name=issuer.name.get("fr") or issuer.slug,
            url=issuer.url,
        ),
        valid_from=now.replace(microsecond=0),
        bitstring=status_list.bits,
        purpose=status_list.purpose,
    )
    proved = add_proof(
        credential,
        private_key=signer.private_key,
        verification_method=signer.verification_method,
        created=now.replace(microsecond=0),
    )
    status_list.credential = orjson.dumps(proved)
    status_list.updated_at = now
