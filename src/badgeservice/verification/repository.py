"""Statements for verifying our own badges: signing keys by the ids verifiers see, and status
list credentials. Verification reads them on every call, so each statement is built once and
bound per call, and executed without loading ORM rows (the hot ones prepared:
``badgeservice.prepared``)."""

from __future__ import annotations

import functools

from sqlalchemy import Select, Text, bindparam, cast, select

from badgeservice.issuers.models import Issuer
from badgeservice.keys.models import KeyStatus, SigningKey
from badgeservice.status.models import StatusList


@functools.cache
def key_by_issuer_slug_and_kid() -> Select[KeyStatus, str, str | None]:
    """A key's status, public JWK as its stored JSON text, and revocation reason, by the
    issuer's did:web slug and the key's fragment (bind ``slug`` and ``kid``).

    The JWK comes as text, not parsed: the text itself keys the memo of public key objects
    (``verification.keys``), so a verification parses nothing for a key it has seen."""
    return (
        select(
            SigningKey.status,
            cast(SigningKey.public_jwk, Text).label("public_jwk_text"),
            SigningKey.revocation_reason,
        )
        .join(Issuer, Issuer.id == SigningKey.issuer_id)
        .where(Issuer.slug == bindparam("slug"), SigningKey.kid == bindparam("kid"))
    )


@functools.cache
def key_by_issuer_id_and_kid() -> Select[KeyStatus, str, str | None]:
    """A key's status, public PEM and revocation reason, by the issuer's id and the key's kid
    (OB 2.0 CryptographicKey URLs; bind ``issuer_id`` and ``kid``)."""
    return select(
        SigningKey.status,
        SigningKey.public_key_pem,
        SigningKey.revocation_reason,
    ).where(
        SigningKey.issuer_id == bindparam("issuer_id", type_=SigningKey.issuer_id.type),
        SigningKey.kid == bindparam("kid"),
    )


@functools.cache
def status_list_credential() -> Select[bytes]:
    """The signed status list credential alone, not its 16 KB bitstring (bind ``id``)."""
    return select(StatusList.credential).where(
        StatusList.id == bindparam("id", type_=StatusList.id.type)
    )
