"""The application factory: ``create_app(settings)`` builds everything; nothing at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine

from badgeservice import __doc__ as package_doc
from badgeservice.audit.router import router as audit_router
from badgeservice.auth.keys import AuthKeys
from badgeservice.auth.router import clients_router, token_router
from badgeservice.awards.issuing_memo import IssuingMemo
from badgeservice.awards.router import router as awards_router
from badgeservice.badge_classes.router import router as badge_classes_router
from badgeservice.clock import Clock, SystemClock
from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.crypto.secrets import SubkeyPurpose, derive_subkey
from badgeservice.db import make_engine, make_sessionmaker
from badgeservice.deps import AwardKeys
from badgeservice.fetch import Fetcher, FetchPolicy
from badgeservice.http_problems import install_problem_handlers
from badgeservice.issuers.router import router as issuers_router
from badgeservice.keys.ring import KeyRing
from badgeservice.keys.router import router as keys_router
from badgeservice.middleware import (
    BodySizeLimitMiddleware,
    HeadAsGetMiddleware,
    RequestContextMiddleware,
)
from badgeservice.ops.router import router as ops_router
from badgeservice.pages.router import STATIC_PATH, static_files
from badgeservice.pages.router import router as pages_router
from badgeservice.problems import Problem
from badgeservice.public.awards import router as public_awards_router
from badgeservice.public.baked import router as baked_router
from badgeservice.public.did import router as did_router
from badgeservice.public.images import router as images_router
from badgeservice.public.ob2_documents import router as ob2_documents_router
from badgeservice.public.ob3_documents import router as ob3_documents_router
from badgeservice.public.stored_documents import StoredDocumentCache
from badgeservice.settings import Settings
from badgeservice.urls import Urls
from badgeservice.verification.dependencies import VerifyRateLimiter
from badgeservice.verification.router import router as verification_router
from badgeservice.verification.service import VerificationContext

API_VERSION = "0.1.0"
# Every router, in the order the OpenAPI document lists their routes.
ROUTERS = (
    ops_router,
    token_router,
    clients_router,
    issuers_router,
    keys_router,
    badge_classes_router,
    audit_router,
    images_router,
    did_router,
    ob2_documents_router,
    awards_router,
    public_awards_router,
    baked_router,
    ob3_documents_router,
    pages_router,
    verification_router,
)
_UPLOAD_SUFFIXES = ("/image",)


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
    fetcher: Fetcher | None = None,
) -> FastAPI:
    """Build the ASGI app. ``settings`` must carry a key-encryption key (see ``ensure_kek``).
    ``fetcher`` replaces the outbound client (tests give it a mock transport)."""
    kek = settings.kek_bytes()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_engine:
            app.state.engine.dispose()
        if owns_fetcher:
            app.state.verification.fetcher.close()

    owns_engine = engine is None
    owns_fetcher = fetcher is None
    app = FastAPI(
        title="badgeservice",
        version=API_VERSION,
        summary="Open Badges 2.0 and 3.0 issuer for the Isopolis network",
        description=package_doc or "",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine if engine is not None else make_engine(settings.database_url)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    app.state.clock = clock or SystemClock()
    app.state.urls = Urls(settings.public_url)
    app.state.auth_keys = AuthKeys.derive(kek)
    app.state.award_keys = AwardKeys(
        recipient_lookup_key=derive_subkey(kek, purpose=SubkeyPurpose.RECIPIENT_LOOKUP_HMAC)
    )
    app.state.key_ring = KeyRing.derive(
        kek, vc_jwt_algorithm=KeyAlgorithm(settings.vc_jwt_algorithm)
    )
    app.state.verification = VerificationContext(
        urls=app.state.urls,
        clock=app.state.clock,
        fetcher=fetcher or Fetcher(FetchPolicy.from_settings(settings)),
    )
    app.state.verify_rate_limiter = VerifyRateLimiter(settings.verify_rate_limit)
    app.state.stored_documents = StoredDocumentCache()
    app.state.issuing_memo = IssuingMemo()

    install_problem_handlers(app)
    # Routes are matched one by one, in the order their routers are included, and no two
    # routers' paths overlap: the public documents and pages, most requested, come first (each
    # router passed costs every request). The OpenAPI document keeps ROUTERS' order.
    matched_first = (
        public_awards_router,
        ob3_documents_router,
        ob2_documents_router,
        did_router,
        images_router,
        baked_router,
        pages_router,
    )
    for router in (*matched_first, *(r for r in ROUTERS if r not in matched_first)):
        app.include_router(router)
    app.mount(STATIC_PATH, static_files(), name="pages-static")

    def limit_for(path: str) -> int:
        if path.endswith(_UPLOAD_SUFFIXES) or path == "/verify":
            # Multipart framing adds a little to the image itself.
            return settings.max_upload_bytes + 16_384
        return settings.max_body_bytes

    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(BodySizeLimitMiddleware, limit_for=limit_for)
    app.add_middleware(RequestContextMiddleware)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]  # FastAPI's documented hook
    return app


def _openapi(app: FastAPI) -> dict[str, object]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=[route for router in ROUTERS for route in router.routes],
    )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(
        Problem.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs", {})
    )
    schemas["Problem"].pop("$defs", None)
    components["securitySchemes"] = {
        "oauth2": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {}}},
        }
    }
    app.openapi_schema = schema
    return schema
