"""FastAPI dependencies: the request's session (committed before the response), settings,
the clock, the caller's language and the authenticated principal.

Those that only read the app's state or the request are ``async def``: FastAPI resolves them
on the event loop, where a sync dependency costs a thread-pool round trip each (an award's POST
had eight). Those that use the database (the session, the principal's token check) stay sync,
so that they run on a worker thread.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.auth import service as auth
from badgeservice.auth.keys import AuthKeys
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import Principal
from badgeservice.clock import Clock
from badgeservice.db import unit_of_work
from badgeservice.i18n import Lang, Text, negotiate_language
from badgeservice.keys.ring import KeyRing
from badgeservice.problems import UNSUPPORTED_MEDIA_TYPE, DomainError, UnauthorizedError
from badgeservice.settings import Settings
from badgeservice.urls import Urls


def sessionmaker_of(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    return factory


async def get_sessionmaker(request: Request) -> sessionmaker[Session]:
    return sessionmaker_of(request)


def request_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: committed after the endpoint returns and before the
    response is sent (function scope), so a failed commit still becomes a problem response."""
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    with unit_of_work(sessionmaker_of(request), write=write) as session:
        yield session


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_now(request: Request) -> datetime:
    return get_clock(request).now()


async def get_urls(request: Request) -> Urls:
    urls: Urls = request.app.state.urls
    return urls


async def get_auth_keys(request: Request) -> AuthKeys:
    keys: AuthKeys = request.app.state.auth_keys
    return keys


async def get_key_ring(request: Request) -> KeyRing:
    ring: KeyRing = request.app.state.key_ring
    return ring


@dataclass(frozen=True, repr=False)
class AwardKeys:
    """Keys the awards domain derives from the key-encryption key."""

    recipient_lookup_key: bytes

    def __repr__(self) -> str:
        return "AwardKeys(<redacted>)"


async def get_award_keys(request: Request) -> AwardKeys:
    keys: AwardKeys = request.app.state.award_keys
    return keys


async def get_api_lang(request: Request) -> Lang:
    return negotiate_language(request.headers.get("accept-language"), default=Lang.EN)


SessionDep = Annotated[Session, Depends(request_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
NowDep = Annotated[datetime, Depends(get_now)]
UrlsDep = Annotated[Urls, Depends(get_urls)]
AuthKeysDep = Annotated[AuthKeys, Depends(get_auth_keys)]
KeyRingDep = Annotated[KeyRing, Depends(get_key_ring)]
AwardKeysDep = Annotated[AwardKeys, Depends(get_award_keys)]
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_sessionmaker)]
ApiLangDep = Annotated[Lang, Depends(get_api_lang)]


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError(Text("unauthorized_missing"))
    return token.strip()


def get_principal(
    request: Request, factory: SessionFactoryDep, keys: AuthKeysDep, now: NowDep, urls: UrlsDep
) -> Principal:
    # A short read of its own, ended before the endpoint runs: endpoints that open their own
    # write transactions (awards) must not wait behind the request's.
    token = _bearer_token(request)
    with unit_of_work(factory) as session:
        return auth.principal_from_token(
            session, token=token, keys=keys, token_issuer=urls.public_url, now=now
        )


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(scope: Scope) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting only principals holding ``scope`` (``admin`` holds them all)."""

    async def check(principal: PrincipalDep) -> Principal:
        principal.require_scope(scope)
        return principal

    return check


AdminDep = Annotated[Principal, Depends(require(Scope.ADMIN))]
IssuersWriterDep = Annotated[Principal, Depends(require(Scope.ISSUERS_WRITE))]
BadgeClassesWriterDep = Annotated[Principal, Depends(require(Scope.BADGE_CLASSES_WRITE))]
AwardsWriterDep = Annotated[Principal, Depends(require(Scope.AWARDS_WRITE))]
AwardsRevokerDep = Annotated[Principal, Depends(require(Scope.AWARDS_REVOKE))]


async def _require_award_reader(principal: PrincipalDep) -> Principal:
    # Clients that write awards may read them back.
    if not principal.has_scope(Scope.AWARDS_WRITE):
        principal.require_scope(Scope.AWARDS_READ)
    return principal


AwardsReaderDep = Annotated[Principal, Depends(_require_award_reader)]


async def require_json(request: Request) -> None:
    """Refuse (415) a body that does not declare a JSON media type."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise UnsupportedMediaTypeError(
            Text(
                "unsupported_media_type",
                {"content_type": content_type or "(none)", "expected": "application/json"},
            )
        )


class UnsupportedMediaTypeError(DomainError):
    kind = UNSUPPORTED_MEDIA_TYPE


JsonBody = Depends(require_json)
