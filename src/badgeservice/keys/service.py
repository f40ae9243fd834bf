"""Signing keys: created with their issuer, rotated, revoked, and loaded to sign.

Lifecycle: ``active`` keys sign. Rotation retires them and creates new ones; retired keys stay
published (did.json, OB 2.0 ``publicKey``) so that everything they signed keeps verifying.
Revocation is for compromise: a revoked key disappears from every published document, so
verifiers reject whatever it signed; an active key revoked is replaced at once.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from badgeservice.audit import service as audit
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import Principal
from badgeservice.crypto.keypairs import (
    KeyAlgorithm,
    PrivateKey,
    clear_private_key_cache,
    generate_private_key,
    load_private_key_cached,
    private_key_to_der,
    public_jwk,
    public_pem,
)
from badgeservice.db import new_id
from badgeservice.i18n import Text
from badgeservice.issuers import repository as issuer_repository
from badgeservice.issuers.models import Issuer
from badgeservice.keys import repository
from badgeservice.keys.errors import (
    NoActiveSigningKeyError,
    SigningKeyAlreadyRevokedError,
    SigningKeyNotFoundError,
    SigningKeyRevokedError,
)
from badgeservice.keys.models import KID_PREFIX, KeyPurpose, KeyStatus, SigningKey
from badgeservice.keys.ring import KeyRing
from badgeservice.problems import NotFoundError
from badgeservice.urls import Urls

PUBLISHED = (KeyStatus.ACTIVE, KeyStatus.RETIRED)


@dataclass(frozen=True)
class IssuerKeys:
    issuer: Issuer
    keys: list[SigningKey]


@dataclass(frozen=True)
class KeyRotation:
    issuer: Issuer
    created: list[SigningKey]
    retired: list[SigningKey]


@dataclass(frozen=True)
class KeyRevocation:
    issuer: Issuer
    revoked: SigningKey
    # The new active key when the revoked one was active, so that signing never stops.
    replacement: SigningKey | None


@dataclass(frozen=True, repr=False)
class LoadedKey:
    """An active key ready to sign: the private key object and the ids verifiers resolve."""

    key_id: uuid.UUID
    issuer_id: uuid.UUID
    kid: str
    algorithm: KeyAlgorithm
    purpose: KeyPurpose
    private_key: PrivateKey
    verification_method: str
    """The full DID URL (``did:web:…#key-…``): Data Integrity ``verificationMethod``, VC-JWT
    ``kid``."""
    key_url: str | None
    """The OB 2.0 CryptographicKey URL (``verification.creator``); RSA keys only."""

    def __repr__(self) -> str:
        return f"LoadedKey({self.kid}, {self.algorithm.value}, <private key redacted>)"


def purpose_of(algorithm: KeyAlgorithm) -> KeyPurpose:
    return KeyPurpose.DATA_INTEGRITY if algorithm is KeyAlgorithm.ED25519 else KeyPurpose.JWS


def key_url(urls: Urls, key: SigningKey) -> str | None:
    """Only RSA keys are OB 2.0 CryptographicKeys: 1EdTech's validator verifies RS256 only."""
    if key.algorithm is not KeyAlgorithm.RS256:
        return None
    return urls.ob2_issuer_key(key.issuer_id, key.kid)


def ensure_issuer_keys(
    session: Session, *, ring: KeyRing, issuer: Issuer, actor: Principal, now: datetime
) -> list[SigningKey]:
    """Create the active keys the issuer lacks (one per ``ring.issuer_algorithms``).

    Called when an issuer is created and by seeding; the caller has authorised the change.
    """
    _lock_issuer(session, issuer.id)
    active = session.scalars(
        repository.list_for_issuer(issuer.id, statuses=[KeyStatus.ACTIVE]).with_for_update()
    ).all()
    have = {key.algorithm for key in active}
    missing = [alg for alg in ring.issuer_algorithms if alg not in have]
    return [_create_key(session, ring, issuer.id, alg, actor, now) for alg in missing]


def rotate_keys(
    session: Session, *, ring: KeyRing, issuer_id: uuid.UUID, actor: Principal, now: datetime
) -> KeyRotation:
    """Retire every active key and create a new one per algorithm the issuer needs."""
    actor.require_scope(Scope.ADMIN)
    actor.require_issuer(issuer_id)
    issuer = _lock_issuer(session, issuer_id)
    active = list(
        session.scalars(
            repository.list_for_issuer(issuer_id, statuses=[KeyStatus.ACTIVE]).with_for_update()
        ).all()
    )
    for key in active:
        before = snapshot(key)
        key.status = KeyStatus.RETIRED
        key.retired_at = now
        _audit(session, actor, "signing_key.retire", key, before, now)
    # Retire first: at most one active key per issuer and algorithm (a unique index).
    session.flush()
    created = [
        _create_key(session, ring, issuer_id, alg, actor, now) for alg in ring.issuer_algorithms
    ]
    return KeyRotation(issuer=issuer, created=created, retired=active)


def revoke_key(
    session: Session,
    *,
    ring: KeyRing,
    issuer_id: uuid.UUID,
    kid: str,
    reason: str,
    actor: Principal,
    now: datetime,
) -> KeyRevocation:
    """Mark a key compromised; an active key gets a replacement of the same algorithm."""
    actor.require_scope(Scope.ADMIN)
    actor.require_issuer(issuer_id)
    issuer = _lock_issuer(session, issuer_id)
    key = session.scalars(repository.get_by_kid(issuer_id, kid).with_for_update()).one_or_none()
    if key is None:
        raise SigningKeyNotFoundError(Text("signing_key_not_found", {"kid": kid}))
    if key.status is KeyStatus.REVOKED:
        raise SigningKeyAlreadyRevokedError(Text("signing_key_already_revoked", {"kid": kid}))
    was_active = key.status is KeyStatus.ACTIVE
    before = snapshot(key)
    key.status = KeyStatus.REVOKED
    key.revoked_at = now
    key.revocation_reason = reason
    session.flush()
    _audit(session, actor, "signing_key.revoke", key, before, now)
    # Drop loaded private keys so the compromised one does not linger in this process.
    clear_private_key_cache()
    replacement = (
        _create_key(session, ring, issuer_id, key.algorithm, actor, now) if was_active else None
    )
    return KeyRevocation(issuer=issuer, revoked=key, replacement=replacement)


def list_keys(session: Session, *, issuer_id: uuid.UUID, actor: Principal) -> IssuerKeys:
    """Every key of the issuer, revoked ones included (public parts only leave this module)."""
    actor.require_scope(Scope.ADMIN)
    actor.require_issuer(issuer_id)
    issuer = _issuer(session, issuer_id)
    return IssuerKeys(issuer, list(session.scalars(repository.list_for_issuer(issuer_id)).all()))


def published_keys(session: Session, *, issuer_id: uuid.UUID) -> IssuerKeys:
    """The keys verifiers may use: active and retired, never revoked."""
    issuer = _issuer(session, issuer_id)
    return IssuerKeys(issuer, _published(session, issuer.id))


def published_keys_by_slug(session: Session, *, slug: str) -> IssuerKeys:
    issuer = session.scalars(issuer_repository.get_by_slug(slug)).one_or_none()
    if issuer is None:
        raise NotFoundError(Text("issuer_not_found", {"issuer": slug}))
    return IssuerKeys(issuer, _published(session, issuer.id))


def published_key(
    session: Session, *, issuer_id: uuid.UUID, kid: str, algorithm: KeyAlgorithm | None = None
) -> SigningKey:
    """One key for its public document: 404 if unknown (or not of ``algorithm``), 410 once
    revoked."""
    key = session.scalars(repository.get_by_kid(issuer_id, kid)).one_or_none()
    if key is None or (algorithm is not None and key.algorithm is not algorithm):
        raise SigningKeyNotFoundError(Text("signing_key_not_found", {"kid": kid}))
    if key.status is KeyStatus.REVOKED:
        raise SigningKeyRevokedError(Text("signing_key_revoked", {"kid": kid}))
    return key


def active_key(
    session: Session,
    *,
    ring: KeyRing,
    urls: Urls,
    issuer_id: uuid.UUID,
    purpose: KeyPurpose,
    algorithm: KeyAlgorithm | None = None,
) -> LoadedKey:
    """The issuer's active key for ``purpose``, decrypted and loaded (cached per process).

    ``algorithm`` defaults to Ed25519 for Data Integrity and RS256 for JWS (OB 2.0 signed
    badges); VC-JWT passes ``ring.vc_jwt_algorithm``.
    """
    wanted = algorithm or (
        KeyAlgorithm.ED25519 if purpose is KeyPurpose.DATA_INTEGRITY else KeyAlgorithm.RS256
    )
    if purpose_of(wanted) is not purpose:
        raise ValueError(f"{wanted.value} keys do not serve {purpose.value}")
    loaded = active_keys(session, ring=ring, urls=urls, issuer_id=issuer_id, algorithms=[wanted])
    return loaded[wanted]


def active_keys(
    session: Session,
    *,
    ring: KeyRing,
    urls: Urls,
    issuer_id: uuid.UUID,
    algorithms: Sequence[KeyAlgorithm],
) -> dict[KeyAlgorithm, LoadedKey]:
    """The issuer's active key of each of ``algorithms``, decrypted and loaded (cached per
    process), read with one statement.

    Signing an award takes two or three keys: one query for all of them, and none for the
    issuer when the session already holds it, rather than two per key. Raises
    ``NoActiveSigningKeyError`` for the first algorithm the issuer has no active key of.
    """
    issuer = _issuer(session, issuer_id)
    active: dict[KeyAlgorithm, SigningKey] = {}
    for key in session.scalars(
        repository.list_for_issuer(issuer_id, statuses=[KeyStatus.ACTIVE])
    ).all():
        active.setdefault(key.algorithm, key)  # oldest first, as the statement orders them
    loaded: dict[KeyAlgorithm, LoadedKey] = {}
    for algorithm in dict.fromkeys(algorithms):  # RS256 may serve both OB 2.0 and VC-JWT
        chosen = active.get(algorithm)
        if chosen is None:
            facts = {"issuer": issuer.slug, "algorithm": algorithm.value}
            raise NoActiveSigningKeyError(Text("signing_key_none_active", facts))
        loaded[algorithm] = _loaded_key(ring, urls, issuer, chosen)
    return loaded


def _loaded_key(ring: KeyRing, urls: Urls, issuer: Issuer, key: SigningKey) -> LoadedKey:
    der = ring.open_private_key(
        key.private_key_envelope, issuer_id=issuer.id, key_id=key.id, algorithm=key.algorithm
    )
    return LoadedKey(
        key_id=key.id,
        issuer_id=issuer.id,
        kid=key.kid,
        algorithm=key.algorithm,
        purpose=key.purpose,
        private_key=load_private_key_cached(der),
        verification_method=urls.issuer_key_did_url(issuer.slug, key.kid),
        key_url=key_url(urls, key),
    )


def snapshot(key: SigningKey) -> dict[str, object]:
    """The audited state of a key: public facts only."""
    return {
        "issuer_id": str(key.issuer_id),
        "kid": key.kid,
        "algorithm": key.algorithm.value,
        "purpose": key.purpose.value,
        "status": key.status.value,
        "retired_at": None if key.retired_at is None else key.retired_at.isoformat(),
        "revoked_at": None if key.revoked_at is None else key.revoked_at.isoformat(),
        "revocation_reason": key.revocation_reason,
    }


def _create_key(
    session: Session,
    ring: KeyRing,
    issuer_id: uuid.UUID,
    algorithm: KeyAlgorithm,
    actor: Principal,
    now: datetime,
) -> SigningKey:
    private_key = generate_private_key(algorithm)
    public_key = private_key.public_key()
    key_id = new_id()
    # The id is chosen before sealing: the envelope's associated data binds it to this row.
    key = SigningKey(
        id=key_id,
        issuer_id=issuer_id,
        kid=_new_kid(session, issuer_id),
        algorithm=algorithm,
        purpose=purpose_of(algorithm),
        status=KeyStatus.ACTIVE,
        public_jwk=public_jwk(public_key),
        public_key_pem=public_pem(public_key),
        private_key_envelope=ring.seal_private_key(
            private_key_to_der(private_key), issuer_id=issuer_id, key_id=key_id, algorithm=algorithm
        ),
        created_at=now,
        retired_at=None,
        revoked_at=None,
        revocation_reason=None,
    )
    session.add(key)
    session.flush()
    _audit(session, actor, "signing_key.create", key, None, now)
    return key


def _new_kid(session: Session, issuer_id: uuid.UUID) -> str:
    taken = set(session.scalars(repository.kids_for_issuer(issuer_id)).all())
    while True:
        kid = KID_PREFIX + secrets.token_hex(4)
        if kid not in taken:
            return kid


def _issuer(session: Session, issuer_id: uuid.UUID) -> Issuer:
    # The identity map first: awards load their issuer just before asking for its keys.
    issuer = session.get(Issuer, issuer_id)
    if issuer is None:
        raise NotFoundError(Text("issuer_not_found", {"issuer": str(issuer_id)}))
    return issuer


def _lock_issuer(session: Session, issuer_id: uuid.UUID) -> Issuer:
    # The issuer row serialises key changes: two rotations never both see the same active keys.
    stmt = issuer_repository.get_by_id(issuer_id).with_for_update()
    issuer = session.scalars(stmt).one_or_none()
    if issuer is None:
        raise NotFoundError(Text("issuer_not_found", {"issuer": str(issuer_id)}))
    return issuer


def _published(session: Session, issuer_id: uuid.UUID) -> list[SigningKey]:
    return list(session.scalars(repository.list_for_issuer(issuer_id, statuses=PUBLISHED)).all())


def _audit(
    session: Session,
    actor: Principal,
    action: str,
    key: SigningKey,
    before: dict[str, object] | None,
    now: datetime,
) -> None:
    audit.record(
        session,
        actor=actor.actor,
        action=action,
        target_type="signing_key",
        target_id=str(key.id),
        before=before,
        after=snapshot(key),
        now=now,
    )
