"""Short-lived access tokens: HS256 JWTs signed with a key derived from the KEK.

Only HS256 is accepted on the way in, so ``alg: none`` and algorithm confusion cannot occur.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

_ALGORITHM = "HS256"
_AUDIENCE = "badgeservice-api"


@dataclass(frozen=True)
class AccessTokenClaims:
    client_id: str
    scopes: tuple[str, ...]
    issuer_ids: tuple[uuid.UUID, ...] | None
    expires_at: datetime


class InvalidAccessTokenError(Exception):
    pass


def encode_access_token(
    *,
    client_id: str,
    scopes: tuple[str, ...],
    issuer_ids: tuple[uuid.UUID, ...] | None,
    issuer: str,
    key: bytes,
    now: datetime,
    ttl: timedelta,
) -> str:
    payload: dict[str, object] = {
        "iss": issuer,
        "aud": _AUDIENCE,
        "sub": client_id,
        "scope": " ".join(scopes),
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "jti": secrets.token_urlsafe(12),
    }
    if issuer_ids is not None:
        payload["issuers"] = [str(i) for i in issuer_ids]
    return jwt.encode(payload, key, algorithm=_ALGORITHM)


def decode_access_token(token: str, *, issuer: str, key: bytes, now: datetime) -> AccessTokenClaims:
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            issuer=issuer,
            options={"require": ["exp", "iat", "sub", "iss", "aud"], "verify_exp": False},
        )
    except jwt.PyJWTError as exc:
        raise InvalidAccessTokenError(type(exc).__name__) from exc
    exp = claims["exp"]
    if not isinstance(exp, int) or exp <= int(now.timestamp()):
        raise InvalidAccessTokenError("expired")
    scope = claims.get("scope", "")
    raw_issuers = claims.get("issuers")
    try:
        issuer_ids = None if raw_issuers is None else tuple(uuid.UUID(i) for i in raw_issuers)
    except (TypeError, ValueError) as exc:
        raise InvalidAccessTokenError("bad issuers claim") from exc
    return AccessTokenClaims(
        client_id=str(claims["sub"]),
        scopes=tuple(str(scope).split()),
        issuer_ids=issuer_ids,
        expires_at=datetime.fromtimestamp(exp, tz=now.tzinfo),
    )
