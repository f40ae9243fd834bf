"""API clients and OAuth 2.0 client-credentials access tokens (RFC 6749 §4.4)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from badgeservice.audit import service as audit
from badgeservice.auth import repository
from badgeservice.auth.keys import AuthKeys
from badgeservice.auth.models import ApiClient, ClientStatus, Scope
from badgeservice.auth.principal import Principal
from badgeservice.auth.tokens import (
    InvalidAccessTokenError,
    decode_access_token,
    encode_access_token,
)
from badgeservice.crypto.secrets import hash_client_secret, new_client_secret, verify_client_secret
from badgeservice.i18n import Text
from badgeservice.issuers import service as issuers
from badgeservice.problems import FieldError, InvalidRequestError, NotFoundError, UnauthorizedError

# A constant-time comparison still runs for unknown client ids, so timing reveals nothing.
_DUMMY_HASH = "hmac-sha256$" + "0" * 64


@dataclass(frozen=True)
class NewClient:
    client: ApiClient
    secret: str


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    scope: str


def parse_scopes(values: Sequence[str], *, pointer: str) -> list[Scope]:
    out: list[Scope] = []
    errors = []
    for i, value in enumerate(values):
        try:
            scope = Scope(value)
        except ValueError:
            errors.append(FieldError(f"{pointer}/{i}", Text("unknown_scope", {"scope": value})))
            continue
        if scope not in out:
            out.append(scope)
    if errors:
        raise InvalidRequestError(Text("invalid_request", {"count": len(errors)}), errors=errors)
    return out


def create_client(
    session: Session,
    *,
    name: str,
    scopes: Sequence[Scope],
    issuer_refs: Sequence[str] | None,
    keys: AuthKeys,
    actor: Principal,
    now: datetime,
) -> NewClient:
    actor.require_scope(Scope.ADMIN)
    issuer_ids: list[str] | None = None
    if issuer_refs:
        issuer_ids = [str(issuers.resolve(session, ref).id) for ref in issuer_refs]
    secret = new_client_secret()
    client = ApiClient(
        client_id="bsc_" + secrets.token_hex(10),
        name=name,
        secret_hash=hash_client_secret(secret, pepper=keys.client_secret_pepper),
        scopes=[s.value for s in scopes],
        issuer_ids=issuer_ids,
        status=ClientStatus.ACTIVE,
        created_at=now,
        disabled_at=None,
    )
    session.add(client)
    session.flush()
    audit.record(
        session,
        actor=actor.actor,
        action="client.create",
        target_type="api_client",
        target_id=client.client_id,
        before=None,
        after=client_snapshot(client),
        now=now,
    )
    return NewClient(client=client, secret=secret)


def list_clients(session: Session) -> list[ApiClient]:
    return list(session.scalars(repository.list_all()).all())


def get_client(session: Session, *, client_id: str) -> ApiClient:
    client = session.scalars(repository.get_by_client_id(client_id)).one_or_none()
    if client is None:
        raise NotFoundError(Text("client_not_found", {"client_id": client_id}))
    return client


def disable_client(
    session: Session, *, client_id: str, actor: Principal, now: datetime
) -> ApiClient:
    actor.require_scope(Scope.ADMIN)
    client = session.scalars(repository.get_by_client_id(client_id).with_for_update()).one_or_none()
    if client is None:
        raise NotFoundError(Text("client_not_found", {"client_id": client_id}))
    if client.status is ClientStatus.DISABLED:
        return client
    before = client_snapshot(client)
    client.status = ClientStatus.DISABLED
    client.disabled_at = now
    session.flush()
    audit.record(
        session,
        actor=actor.actor,
        action="client.disable",
        target_type="api_client",
        target_id=client.client_id,
        before=before,
        after=client_snapshot(client),
        now=now,
    )
    return client


def authenticate_client(
    session: Session, *, client_id: str, secret: str, keys: AuthKeys
) -> ApiClient | None:
    """The active client with this id and secret, or None (same work either way)."""
    client = session.scalars(repository.get_by_client_id(client_id)).one_or_none()
    stored = client.secret_hash if client is not None else _DUMMY_HASH
    valid = verify_client_secret(secret, stored, pepper=keys.client_secret_pepper)
    if client is None or not valid or client.status is not ClientStatus.ACTIVE:
        return None
    return client


def issue_token(
    client: ApiClient,
    *,
    requested: Sequence[str] | None,
    keys: AuthKeys,
    token_issuer: str,
    now: datetime,
    ttl: timedelta,
) -> IssuedToken | None:
    """A token for the requested scopes (all the client's by default); None if any is not
    granted to the client (RFC 6749 §5.2 ``invalid_scope``)."""
    granted = list(client.scopes)
    scopes = list(dict.fromkeys(requested)) if requested else granted
    if any(s not in granted for s in scopes):
        return None
    issuer_ids = (
        None if client.issuer_ids is None else tuple(uuid.UUID(i) for i in client.issuer_ids)
    )
    token = encode_access_token(
        client_id=client.client_id,
        scopes=tuple(scopes),
        issuer_ids=issuer_ids,
        issuer=token_issuer,
        key=keys.token_signing_key,
        now=now,
        ttl=ttl,
    )
    return IssuedToken(
        access_token=token, expires_in=int(ttl.total_seconds()), scope=" ".join(scopes)
    )


def principal_from_token(
    session: Session, *, token: str, keys: AuthKeys, token_issuer: str, now: datetime
) -> Principal:
    try:
        claims = decode_access_token(
            token, issuer=token_issuer, key=keys.token_signing_key, now=now
        )
    except InvalidAccessTokenError as exc:
        raise UnauthorizedError(Text("unauthorized_invalid")) from exc
    client = session.scalars(repository.get_by_client_id(claims.client_id)).one_or_none()
    if client is None or client.status is not ClientStatus.ACTIVE:
        raise UnauthorizedError(Text("unauthorized_client_disabled"))
    scopes = frozenset(Scope(s) for s in claims.scopes if s in Scope._value2member_map_)
    issuer_ids = None if claims.issuer_ids is None else frozenset(claims.issuer_ids)
    return Principal(client_id=client.client_id, scopes=scopes, issuer_ids=issuer_ids)


def client_snapshot(client: ApiClient) -> dict[str, object]:
    return {
        "client_id": client.client_id,
        "name": client.name,
        "scopes": list(client.scopes),
        "issuer_ids": None if client.issuer_ids is None else list(client.issuer_ids),
        "status": client.status.value,
    }
