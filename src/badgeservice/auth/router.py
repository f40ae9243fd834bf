"""OAuth 2.0 token endpoint (client credentials, RFC 6749 §4.4) and the admin clients API."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated
from urllib.parse import unquote_plus

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import JSONResponse

from badgeservice.auth import service
from badgeservice.auth.models import ApiClient
from badgeservice.auth.schemas import (
    ClientCreate,
    ClientCreated,
    ClientList,
    ClientOut,
    OAuthError,
    TokenResponse,
)
from badgeservice.deps import (
    AdminDep,
    AuthKeysDep,
    JsonBody,
    NowDep,
    SessionDep,
    SettingsDep,
    UrlsDep,
)
from badgeservice.http_problems import problem_responses

token_router = APIRouter(tags=["auth"])
clients_router = APIRouter(prefix="/api/v1/clients", tags=["clients"])
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _oauth_error(
    code: str, description: str, *, status_code: int = 400, basic: bool = False
) -> JSONResponse:
    headers = dict(_NO_STORE)
    if status_code == 401:
        headers["WWW-Authenticate"] = 'Basic realm="badgeservice"' if basic else "Basic"
    return JSONResponse(
        {"error": code, "error_description": description}, status_code=status_code, headers=headers
    )


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return ("", "")
    # RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    return unquote_plus(client_id), unquote_plus(secret)


@token_router.post(
    "/oauth/token",
    responses={
        400: {"model": OAuthError, "description": "RFC 6749 §5.2 error"},
        401: {"model": OAuthError, "description": "invalid_client"},
    },
)
def token(
    request: Request,
    session: SessionDep,
    keys: AuthKeysDep,
    settings: SettingsDep,
    now: NowDep,
    urls: UrlsDep,
    grant_type: Annotated[str | None, Form()] = None,
    scope: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    basic = _basic_credentials(request)
    if basic is not None and (client_id or client_secret):
        return _oauth_error("invalid_request", "use one client authentication method only")
    if grant_type is None:
        return _oauth_error("invalid_request", "grant_type is required")
    if grant_type != "client_credentials":
        return _oauth_error("unsupported_grant_type", "only client_credentials is supported")
    cid, secret = basic if basic is not None else (client_id or "", client_secret or "")
    if not cid or not secret:
        return _oauth_error(
            "invalid_client",
            "client authentication failed",
            status_code=401,
            basic=basic is not None,
        )
    client = service.authenticate_client(session, client_id=cid, secret=secret, keys=keys)
    if client is None:
        return _oauth_error(
            "invalid_client",
            "client authentication failed",
            status_code=401,
            basic=basic is not None,
        )
    issued = service.issue_token(
        client,
        requested=scope.split() if scope else None,
        keys=keys,
        token_issuer=urls.public_url,
        now=now,
        ttl=settings.access_token_ttl,
    )
    if issued is None:
        return _oauth_error("invalid_scope", "a requested scope is not granted to this client")
    body = TokenResponse(
        access_token=issued.access_token, expires_in=issued.expires_in, scope=issued.scope
    )
    return JSONResponse(body.model_dump(), headers=_NO_STORE)


@clients_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    dependencies=[JsonBody],
    responses=problem_responses(401, 403, 404, 413, 415, 422),
)
def create_client(
    body: ClientCreate, session: SessionDep, principal: AdminDep, keys: AuthKeysDep, now: NowDep
) -> ClientCreated:
    created = service.create_client(
        session,
        name=body.name,
        scopes=body.scopes,
        issuer_refs=body.issuers,
        keys=keys,
        actor=principal,
        now=now,
    )
    return ClientCreated(**to_out(created.client).model_dump(), client_secret=created.secret)


@clients_router.get("", responses=problem_responses(401, 403))
def list_clients(session: SessionDep, principal: AdminDep) -> ClientList:
    return ClientList(items=[to_out(c) for c in service.list_clients(session)])


@clients_router.get("/{client_id}", responses=problem_responses(401, 403, 404))
def get_client(client_id: str, session: SessionDep, principal: AdminDep) -> ClientOut:
    return to_out(service.get_client(session, client_id=client_id))


@clients_router.post("/{client_id}/disable", responses=problem_responses(401, 403, 404))
def disable_client(
    client_id: str, session: SessionDep, principal: AdminDep, now: NowDep
) -> ClientOut:
    return to_out(service.disable_client(session, client_id=client_id, actor=principal, now=now))


def to_out(client: ApiClient) -> ClientOut:
    return ClientOut(
        client_id=client.client_id,
        name=client.name,
        scopes=list(client.scopes),
        issuer_ids=None if client.issuer_ids is None else list(client.issuer_ids),
        status=client.status,
        created_at=client.created_at,
        disabled_at=client.disabled_at,
    )
