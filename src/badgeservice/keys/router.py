"""Admin API for issuers' signing keys: list, rotate, revoke (scope ``admin``)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path

from badgeservice.deps import AdminDep, JsonBody, KeyRingDep, NowDep, SessionDep, UrlsDep
from badgeservice.http_problems import problem_responses
from badgeservice.issuers.models import Issuer
from badgeservice.keys import service
from badgeservice.keys.models import KID_PATH_PATTERN, SigningKey
from badgeservice.keys.schemas import (
    KeyRevocationOut,
    KeyRevokeRequest,
    KeyRotationOut,
    SigningKeyList,
    SigningKeyOut,
)
from badgeservice.urls import Urls

router = APIRouter(prefix="/api/v1/issuers", tags=["signing keys"])
_AUTH = (401, 403)
Kid = Annotated[str, Path(pattern=KID_PATH_PATTERN)]


@router.get("/{issuer_id}/keys", responses=problem_responses(*_AUTH, 404, 422))
def list_keys(
    issuer_id: uuid.UUID, session: SessionDep, principal: AdminDep, urls: UrlsDep
) -> SigningKeyList:
    found = service.list_keys(session, issuer_id=issuer_id, actor=principal)
    return SigningKeyList(items=[to_out(k, found.issuer, urls) for k in found.keys])


@router.post("/{issuer_id}/keys/rotate", responses=problem_responses(*_AUTH, 404, 422))
def rotate_keys(
    issuer_id: uuid.UUID,
    session: SessionDep,
    principal: AdminDep,
    ring: KeyRingDep,
    now: NowDep,
    urls: UrlsDep,
) -> KeyRotationOut:
    rotation = service.rotate_keys(
        session, ring=ring, issuer_id=issuer_id, actor=principal, now=now
    )
    return KeyRotationOut(
        created=[to_out(k, rotation.issuer, urls) for k in rotation.created],
        retired=[to_out(k, rotation.issuer, urls) for k in rotation.retired],
    )


@router.post(
    "/{issuer_id}/keys/{kid}/revoke",
    dependencies=[JsonBody],
    responses=problem_responses(*_AUTH, 404, 409, 413, 415, 422),
)
def revoke_key(
    issuer_id: uuid.UUID,
    kid: Kid,
    body: KeyRevokeRequest,
    session: SessionDep,
    principal: AdminDep,
    ring: KeyRingDep,
    now: NowDep,
    urls: UrlsDep,
) -> KeyRevocationOut:
    revocation = service.revoke_key(
        session,
        ring=ring,
        issuer_id=issuer_id,
        kid=kid,
        reason=body.reason,
        actor=principal,
        now=now,
    )
    replacement = revocation.replacement
    return KeyRevocationOut(
        revoked=to_out(revocation.revoked, revocation.issuer, urls),
        replacement=None if replacement is None else to_out(replacement, revocation.issuer, urls),
    )


def to_out(key: SigningKey, issuer: Issuer, urls: Urls) -> SigningKeyOut:
    return SigningKeyOut(
        id=key.id,
        kid=key.kid,
        algorithm=key.algorithm,
        purpose=key.purpose,
        status=key.status,
        public_key_jwk=dict(key.public_jwk),
        verification_method=urls.issuer_key_did_url(issuer.slug, key.kid),
        key_url=service.key_url(urls, key),
        created_at=key.created_at,
        retired_at=key.retired_at,
        revoked_at=key.revoked_at,
        revocation_reason=key.revocation_reason,
    )
