"""Signing keys: created with their issuer, sealed at rest, rotated, revoked, loaded to sign."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from sqlalchemy import Uuid, bindparam, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from badgeservice.auth.principal import SYSTEM
from badgeservice.catalog.seed import seed_catalog
from badgeservice.crypto.envelope import EnvelopeError, new_kek_text
from badgeservice.crypto.keypairs import (
    KeyAlgorithm,
    private_key_from_der,
    public_jwk,
    public_pem,
)
from badgeservice.issuers.models import Issuer
from badgeservice.keys import service
from badgeservice.keys.errors import (
    NoActiveSigningKeyError,
    SigningKeyAlreadyRevokedError,
    SigningKeyNotFoundError,
)
from badgeservice.keys.models import KeyPurpose, KeyStatus, SigningKey
from badgeservice.keys.ring import KeyRing
from badgeservice.problems import CONFLICT, NOT_FOUND
from badgeservice.settings import decode_kek
from badgeservice.urls import Urls
from tests.conftest import PUBLIC_URL, TEST_KEK
from tests.support.factories import NOW, TEST_KEY_RING, make_issuer

URLS = Urls(PUBLIC_URL)
LATER = NOW + timedelta(days=30)


def _keys(session: Session, issuer: Issuer) -> list[SigningKey]:
    stmt = (
        select(SigningKey)
        .where(SigningKey.issuer_id == issuer.id)
        .order_by(SigningKey.created_at, SigningKey.id)
    )
    return list(session.scalars(stmt).all())


def _by_status(session: Session, issuer: Issuer, status: KeyStatus) -> list[SigningKey]:
    return [k for k in _keys(session, issuer) if k.status is status]


def test_new_issuer_gets_an_active_ed25519_and_rsa_key(session: Session) -> None:
    issuer = make_issuer(session)
    keys = _keys(session, issuer)
    assert {(k.algorithm, k.purpose, k.status) for k in keys} == {
        (KeyAlgorithm.ED25519, KeyPurpose.DATA_INTEGRITY, KeyStatus.ACTIVE),
        (KeyAlgorithm.RS256, KeyPurpose.JWS, KeyStatus.ACTIVE),
    }
    assert all(re.fullmatch(r"key-[0-9a-f]{8}", k.kid) for k in keys)
    assert len({k.kid for k in keys}) == 2
    assert all("d" not in k.public_jwk for k in keys)


def test_es256_vc_jwt_gives_issuers_a_p256_key_too(session: Session) -> None:
    ring = KeyRing.derive(decode_kek(new_kek_text()), vc_jwt_algorithm=KeyAlgorithm.ES256)
    issuer = make_issuer(session)
    created = service.ensure_issuer_keys(session, ring=ring, issuer=issuer, actor=SYSTEM, now=NOW)
    assert [k.algorithm for k in created] == [KeyAlgorithm.ES256]
    assert _keys(session, issuer)[-1].purpose is KeyPurpose.JWS


def test_ensure_issuer_keys_creates_nothing_when_every_key_exists(session: Session) -> None:
    issuer = make_issuer(session)
    again = service.ensure_issuer_keys(
        session, ring=TEST_KEY_RING, issuer=issuer, actor=SYSTEM, now=NOW
    )
    assert again == []
    assert len(_keys(session, issuer)) == 2


def test_private_key_is_stored_only_as_an_envelope(session: Session) -> None:
    issuer = make_issuer(session)
    for key in _keys(session, issuer):
        # The row as the database holds it, without the ORM's types in between.
        raw_row = text("SELECT * FROM signing_keys WHERE id = :id").bindparams(
            bindparam("id", type_=Uuid())
        )
        stored = session.execute(raw_row, {"id": key.id}).one()
        der = TEST_KEY_RING.open_private_key(
            key.private_key_envelope, issuer_id=issuer.id, key_id=key.id, algorithm=key.algorithm
        )
        private_key = private_key_from_der(der)
        # The envelope opens to the key whose public half is published...
        assert public_jwk(private_key.public_key()) == key.public_jwk
        assert public_pem(private_key.public_key()) == key.public_key_pem
        # ...and no column holds the private key in the clear (DER, PEM, or JWK "d").
        for column in stored:
            raw = column if isinstance(column, bytes) else str(column).encode()
            assert der not in raw
            assert b"PRIVATE KEY" not in raw
            assert b'"d"' not in raw


def test_envelope_does_not_open_with_another_key_encryption_key(session: Session) -> None:
    issuer = make_issuer(session)
    key = _keys(session, issuer)[0]
    other_ring = KeyRing.derive(decode_kek(new_kek_text()))
    with pytest.raises(EnvelopeError):
        other_ring.open_private_key(
            key.private_key_envelope, issuer_id=issuer.id, key_id=key.id, algorithm=key.algorithm
        )


def test_envelope_does_not_open_on_another_key_row(session: Session) -> None:
    issuer = make_issuer(session)
    first, second = _keys(session, issuer)
    with pytest.raises(EnvelopeError):
        TEST_KEY_RING.open_private_key(
            first.private_key_envelope,
            issuer_id=issuer.id,
            key_id=second.id,
            algorithm=first.algorithm,
        )


def test_active_key_loads_the_private_key_and_names_its_public_urls(session: Session) -> None:
    issuer = make_issuer(session)
    ed = service.active_key(
        session,
        ring=TEST_KEY_RING,
        urls=URLS,
        issuer_id=issuer.id,
        purpose=KeyPurpose.DATA_INTEGRITY,
    )
    jws = service.active_key(
        session, ring=TEST_KEY_RING, urls=URLS, issuer_id=issuer.id, purpose=KeyPurpose.JWS
    )
    assert isinstance(ed.private_key, ed25519.Ed25519PrivateKey)
    assert isinstance(jws.private_key, rsa.RSAPrivateKey)
    did = "did:web:badges.example.org:issuers:labo-test"
    assert ed.verification_method == f"{did}#{ed.kid}"
    assert ed.key_url is None
    assert jws.verification_method == f"{did}#{jws.kid}"
    assert jws.key_url == f"{PUBLIC_URL}/ob2/issuers/{issuer.id}/keys/{jws.kid}"


def test_active_key_of_an_algorithm_the_issuer_lacks_is_a_conflict(session: Session) -> None:
    issuer = make_issuer(session)
    with pytest.raises(NoActiveSigningKeyError) as raised:
        service.active_key(
            session,
            ring=TEST_KEY_RING,
            urls=URLS,
            issuer_id=issuer.id,
            purpose=KeyPurpose.JWS,
            algorithm=KeyAlgorithm.ES256,
        )
    assert raised.value.kind is CONFLICT


def test_es256_active_key_is_a_p256_key(session: Session) -> None:
    ring = KeyRing.derive(decode_kek(new_kek_text()), vc_jwt_algorithm=KeyAlgorithm.ES256)
    issuer = make_issuer(session)
    service.ensure_issuer_keys(session, ring=ring, issuer=issuer, actor=SYSTEM, now=NOW)
    loaded = service.active_key(
        session,
        ring=ring,
        urls=URLS,
        issuer_id=issuer.id,
        purpose=KeyPurpose.JWS,
        algorithm=ring.vc_jwt_algorithm,
    )
    assert isinstance(loaded.private_key, ec.EllipticCurvePrivateKey)
    assert loaded.key_url is None


def test_no_repr_shows_private_material(session: Session) -> None:
    issuer = make_issuer(session)
    loaded = service.active_key(
        session, ring=TEST_KEY_RING, urls=URLS, issuer_id=issuer.id, purpose=KeyPurpose.JWS
    )
    row = _keys(session, issuer)[1]
    assert repr(loaded) == f"LoadedKey({loaded.kid}, RS256, <private key redacted>)"
    assert repr(row) == f"<SigningKey {row.kid} RS256 active>"
    assert repr(TEST_KEY_RING) == "KeyRing(<redacted>, vc_jwt_algorithm=RS256)"


def test_rotation_retires_the_active_keys_and_creates_new_ones(session: Session) -> None:
    issuer = make_issuer(session)
    before = _keys(session, issuer)
    rotation = service.rotate_keys(
        session, ring=TEST_KEY_RING, issuer_id=issuer.id, actor=SYSTEM, now=LATER
    )
    assert {k.id for k in rotation.retired} == {k.id for k in before}
    assert all(k.status is KeyStatus.RETIRED and k.retired_at == LATER for k in rotation.retired)
    assert [k.algorithm for k in rotation.created] == [KeyAlgorithm.ED25519, KeyAlgorithm.RS256]
    active = _by_status(session, issuer, KeyStatus.ACTIVE)
    assert {k.id for k in active} == {k.id for k in rotation.created}
    loaded = service.active_key(
        session, ring=TEST_KEY_RING, urls=URLS, issuer_id=issuer.id, purpose=KeyPurpose.JWS
    )
    assert loaded.kid == rotation.created[1].kid


def test_rotation_keeps_retired_keys_published(session: Session) -> None:
    issuer = make_issuer(session)
    old = _keys(session, issuer)
    service.rotate_keys(session, ring=TEST_KEY_RING, issuer_id=issuer.id, actor=SYSTEM, now=LATER)
    published = service.published_keys(session, issuer_id=issuer.id).keys
    assert {k.id for k in old} < {k.id for k in published}
    assert len(published) == 4


def test_revoking_an_active_key_replaces_it_and_unpublishes_it(session: Session) -> None:
    issuer = make_issuer(session)
    rsa_key = _keys(session, issuer)[1]
    revocation = service.revoke_key(
        session,
        ring=TEST_KEY_RING,
        issuer_id=issuer.id,
        kid=rsa_key.kid,
        reason="leaked",
        actor=SYSTEM,
        now=LATER,
    )
    assert revocation.revoked.status is KeyStatus.REVOKED
    assert revocation.revoked.revoked_at == LATER
    assert revocation.revoked.revocation_reason == "leaked"
    assert revocation.replacement is not None
    assert revocation.replacement.algorithm is KeyAlgorithm.RS256
    published = {k.kid for k in service.published_keys(session, issuer_id=issuer.id).keys}
    assert rsa_key.kid not in published
    assert revocation.replacement.kid in published
    loaded = service.active_key(
        session, ring=TEST_KEY_RING, urls=URLS, issuer_id=issuer.id, purpose=KeyPurpose.JWS
    )
    assert loaded.kid == revocation.replacement.kid


def test_revoking_a_retired_key_creates_no_replacement(session: Session) -> None:
    issuer = make_issuer(session)
    rotation = service.rotate_keys(
        session, ring=TEST_KEY_RING, issuer_id=issuer.id, actor=SYSTEM, now=LATER
    )
    revocation = service.revoke_key(
        session,
        ring=TEST_KEY_RING,
        issuer_id=issuer.id,
        kid=rotation.retired[0].kid,
        reason="old laptop stolen",
        actor=SYSTEM,
        now=LATER,
    )
    assert revocation.replacement is None
    assert len(_by_status(session, issuer, KeyStatus.ACTIVE)) == 2


def _revoke(session: Session, issuer: Issuer, kid: str) -> None:
    service.revoke_key(
        session,
        ring=TEST_KEY_RING,
        issuer_id=issuer.id,
        kid=kid,
        reason="leaked",
        actor=SYSTEM,
        now=LATER,
    )


def test_revoking_a_key_twice_is_a_conflict(session: Session) -> None:
    issuer = make_issuer(session)
    kid = _keys(session, issuer)[0].kid
    _revoke(session, issuer, kid)
    with pytest.raises(SigningKeyAlreadyRevokedError) as raised:
        _revoke(session, issuer, kid)
    assert raised.value.kind is CONFLICT


def test_revoking_an_unknown_kid_is_not_found(session: Session) -> None:
    issuer = make_issuer(session)
    with pytest.raises(SigningKeyNotFoundError) as raised:
        _revoke(session, issuer, "key-00000000")
    assert raised.value.kind is NOT_FOUND


def test_database_refuses_two_active_keys_of_one_algorithm(session: Session) -> None:
    issuer = make_issuer(session)
    existing = _keys(session, issuer)[0]
    duplicate = SigningKey(
        issuer_id=issuer.id,
        kid="key-ffffffff",
        algorithm=existing.algorithm,
        purpose=existing.purpose,
        status=KeyStatus.ACTIVE,
        public_jwk=existing.public_jwk,
        public_key_pem=existing.public_key_pem,
        private_key_envelope=existing.private_key_envelope,
        created_at=LATER,
        retired_at=None,
        revoked_at=None,
        revocation_reason=None,
    )
    with session.begin_nested():
        session.add(duplicate)
        with pytest.raises(IntegrityError):
            session.flush()


def test_key_changes_are_audited_without_private_material(session: Session) -> None:
    from badgeservice.audit.models import AuditEvent

    issuer = make_issuer(session)
    key = _keys(session, issuer)[0]
    service.rotate_keys(session, ring=TEST_KEY_RING, issuer_id=issuer.id, actor=SYSTEM, now=LATER)
    service.revoke_key(
        session,
        ring=TEST_KEY_RING,
        issuer_id=issuer.id,
        kid=key.kid,
        reason="leaked",
        actor=SYSTEM,
        now=LATER,
    )
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.target_id == str(key.id)).order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == [
        "signing_key.create",
        "signing_key.retire",
        "signing_key.revoke",
    ]
    revoke = events[-1]
    assert revoke.before is not None
    assert revoke.before["status"] == "retired"
    assert revoke.after is not None
    assert revoke.after["revocation_reason"] == "leaked"
    assert revoke.actor == "client:cli"
    assert all("envelope" not in str(e.after) for e in events)


def test_seeding_again_gives_the_seeded_issuer_the_keys_it_lacks(session: Session) -> None:
    seed_catalog(session, ring=TEST_KEY_RING, now=NOW)
    es256_ring = KeyRing.derive(decode_kek(TEST_KEK), vc_jwt_algorithm=KeyAlgorithm.ES256)
    assert seed_catalog(session, ring=es256_ring, now=LATER).created == 0
    isopolis = session.scalars(select(Issuer).where(Issuer.slug == "isopolis")).one()
    assert {k.algorithm for k in _by_status(session, isopolis, KeyStatus.ACTIVE)} == {
        KeyAlgorithm.ED25519,
        KeyAlgorithm.RS256,
        KeyAlgorithm.ES256,
    }
