"""The issuer's current keys, gathered for signing one award's documents."""

from __future__ import annotations

import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from sqlalchemy.orm import Session

from badgeservice.awards.documents import SigningMaterial
from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.keys import service as keys
from badgeservice.keys.ring import KeyRing
from badgeservice.status.service import StatusListSigner
from badgeservice.urls import Urls


def signing_material(
    session: Session, *, ring: KeyRing, urls: Urls, issuer_id: uuid.UUID
) -> SigningMaterial:
    """Ed25519 (Data Integrity), RSA (OB 2.0 signed assertion) and the VC-JWT key (the RSA key,
    or the P-256 key under ES256), read together."""
    loaded = keys.active_keys(
        session,
        ring=ring,
        urls=urls,
        issuer_id=issuer_id,
        algorithms=[KeyAlgorithm.ED25519, KeyAlgorithm.RS256, ring.vc_jwt_algorithm],
    )
    ed, rsa = loaded[KeyAlgorithm.ED25519], loaded[KeyAlgorithm.RS256]
    jwt = loaded[ring.vc_jwt_algorithm]
    if not isinstance(ed.private_key, Ed25519PrivateKey) or not isinstance(
        rsa.private_key, RSAPrivateKey
    ):
        raise TypeError("the issuer's active keys are not of the expected types")
    if rsa.key_url is None:
        raise TypeError("the issuer's RSA key has no CryptographicKey URL")
    return SigningMaterial(
        ed25519=ed.private_key,
        ed25519_method=ed.verification_method,
        rsa=rsa.private_key,
        rsa_key_url=rsa.key_url,
        jwt_key=jwt.private_key,
        jwt_alg=jwt.algorithm.value,
        jwt_kid=jwt.verification_method,
        kids=(ed.kid, rsa.kid, jwt.kid),
    )


def status_list_signer(
    session: Session, *, ring: KeyRing, urls: Urls, issuer_id: uuid.UUID
) -> StatusListSigner:
    """The issuer's active Ed25519 key, which signs its status list credentials."""
    ed = keys.active_keys(
        session, ring=ring, urls=urls, issuer_id=issuer_id, algorithms=[KeyAlgorithm.ED25519]
    )[KeyAlgorithm.ED25519]
    if not isinstance(ed.private_key, Ed25519PrivateKey):
        raise TypeError("the issuer's Data Integrity key is not Ed25519")
    return StatusListSigner(ed.private_key, ed.verification_method)
