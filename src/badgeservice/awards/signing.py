"""The issuer's current keys, gathered for signing one award's documents."""

from __future__ import annotations

import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from sqlalchemy.orm import Session

from badgeservice.awards.documents import SigningMaterial
from badgeservice.keys import service as keys
from badgeservice.keys.models import KeyPurpose
from badgeservice.keys.ring import KeyRing
from badgeservice.urls import Urls


def signing_material(
    session: Session, *, ring: KeyRing, urls: Urls, issuer_id: uuid.UUID
) -> SigningMaterial:
    ed = keys.active_key(
        session, ring=ring, urls=urls, issuer_id=issuer_id, purpose=KeyPurpose.DATA_INTEGRITY
    )
    rsa = keys.active_key(
        session, ring=ring, urls=urls, issuer_id=issuer_id, purpose=KeyPurpose.JWS
    )
    jwt = (
        rsa
        if ring.vc_jwt_algorithm is rsa.algorithm
        else keys.active_key(
            session,
            ring=ring,
            urls=urls,
            issuer_id=issuer_id,
            purpose=KeyPurpose.JWS,
            algorithm=ring.vc_jwt_algorithm,
        )
    )
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
