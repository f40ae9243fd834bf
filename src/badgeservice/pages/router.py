"""Human pages: the award page (``/badges/{id}``, negotiated with the award's documents), the
label page (``/badge-classes/{id}``, the OB 2.0 criteria URL) and the issuer page
(``/issuers/{id or slug}``).

French by default; ``?lang=en`` or ``Accept-Language`` for English. No JavaScript; a strict
Content-Security-Policy. Pages show live state (status, checks), so they are cached briefly and
revalidated by ETag, like the award's documents. A client asking for HTML gets an HTML 404 for
an unknown id; any other client keeps the problem+json.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from badgeservice.deps import NowDep, SessionDep, UrlsDep
from badgeservice.http_problems import PROBLEM_MEDIA_TYPE
from badgeservice.i18n import Lang, Text
from badgeservice.pages import presenter, service
from badgeservice.pages.texts import page_language, translator
from badgeservice.problems import NotFoundError
from badgeservice.public.caching import etag_for
from badgeservice.public.negotiation import negotiate
from badgeservice.urls import Urls
from badgeservice.verification.dependencies import VerificationContextDep

router = APIRouter(tags=["pages"])

HTML = "text/html"
STATIC_PATH = "/static/pages"
_HERE = Path(__file__).parent
_OB3 = ("application/vc+ld+json", "application/vc+jwt")
_OB2 = ("application/ld+json", "application/json")
# HTML first: browsers (and clients sending */* or nothing) get the page.
_AWARD_OFFERS = (HTML, *_OB3, *_OB2)
_LABEL_OFFERS = (HTML, *_OB2)
_CACHE = "public, max-age=60, must-revalidate"
# Pages need no script, frame, form or foreign resource: forbid them all.
_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
_PROBLEM_SCHEMA = {"schema": {"$ref": "#/components/schemas/Problem"}}
# Written out without ``model``: FastAPI would document the Problem schema under text/html too.
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {HTML: {}}, "description": "the page"},
    303: {"description": "a JSON client is sent to the document (Accept)"},
    404: {
        "description": "an HTML page for a browser, a problem for any other client",
        "content": {PROBLEM_MEDIA_TYPE: _PROBLEM_SCHEMA, HTML: {"schema": {"type": "string"}}},
    },
    422: {"description": "Invalid request", "content": {PROBLEM_MEDIA_TYPE: _PROBLEM_SCHEMA}},
}

LangQuery = Annotated[
    str | None, Query(alias="lang", description="fr or en; wins over Accept-Language")
]
AcceptHeader = Annotated[str | None, Header(alias="Accept")]


@router.get(
    "/badges/{award_id}",
    response_class=HTMLResponse,
    responses=_RESPONSES,
)
def get_award_page(
    award_id: str,
    request: Request,
    session: SessionDep,
    urls: UrlsDep,
    now: NowDep,
    verification: VerificationContextDep,
    lang: LangQuery = None,
    accept: AcceptHeader = None,
) -> Response:
    """The award's page; ``Accept: application/vc+ld+json`` (or ``application/vc+jwt``) is sent
    to the OB 3.0 credential, ``application/ld+json`` or ``application/json`` to the OB 2.0
    hosted assertion (303 See Other)."""
    wanted = negotiate(accept, _AWARD_OFFERS)
    page_lang = page_language(lang, request.headers.get("accept-language"))
    ident = _parse_id(award_id)
    if wanted != HTML:
        if ident is None:
            raise NotFoundError(Text("award_not_found", {"award": award_id}))
        service.require_award(session, award_id=ident)
        target = urls.ob3_credential(ident) if wanted in _OB3 else urls.ob2_assertion(ident)
        return _see_other(target)
    if ident is None:
        return _not_found_page(request, urls, page_lang)
    try:
        page = service.get_award_page(session, award_id=ident, now=now, verification=verification)
    except NotFoundError:
        return _not_found_page(request, urls, page_lang)
    view = presenter.award_view(page, urls, page_lang)
    return _render(request, urls, "award.html", view, page_lang, canonical=view.page_url)


@router.get(
    "/badge-classes/{badge_class_id}",
    response_class=HTMLResponse,
    responses=_RESPONSES,
)
def get_badge_class_page(
    badge_class_id: str,
    request: Request,
    session: SessionDep,
    urls: UrlsDep,
    lang: LangQuery = None,
    accept: AcceptHeader = None,
) -> Response:
    """The label's page (its criteria URL in OB 2.0); JSON clients are sent to the OB 2.0
    BadgeClass."""
    wanted = negotiate(accept, _LABEL_OFFERS)
    page_lang = page_language(lang, request.headers.get("accept-language"))
    ident = _parse_id(badge_class_id)
    try:
        if ident is None:
            raise NotFoundError(Text("badge_class_not_found", {"badge_class": badge_class_id}))
        page = service.get_badge_class_page(session, badge_class_id=ident)
    except NotFoundError:
        if wanted != HTML:
            raise
        return _not_found_page(request, urls, page_lang)
    if wanted != HTML:
        return _see_other(urls.ob2_badge_class(page.badge_class.id))
    view = presenter.badge_class_view(page, urls, page_lang)
    return _render(
        request,
        urls,
        "badge_class.html",
        view,
        page_lang,
        canonical=urls.badge_class_page(page.badge_class.id),
    )


@router.get(
    "/issuers/{issuer_ref}",
    response_class=HTMLResponse,
    responses=_RESPONSES,
)
def get_issuer_page(
    issuer_ref: str,
    request: Request,
    session: SessionDep,
    urls: UrlsDep,
    lang: LangQuery = None,
    accept: AcceptHeader = None,
) -> Response:
    """The issuer's page (by id or slug) with its labels; JSON clients are sent to the OB 2.0
    Issuer Profile. (``/issuers/{slug}/did.json`` is the issuer's DID document.)"""
    wanted = negotiate(accept, _LABEL_OFFERS)
    page_lang = page_language(lang, request.headers.get("accept-language"))
    try:
        page = service.get_issuer_page(session, issuer_ref=issuer_ref)
    except NotFoundError:
        if wanted != HTML:
            raise
        return _not_found_page(request, urls, page_lang)
    if wanted != HTML:
        return _see_other(urls.ob2_issuer(page.issuer.id))
    view = presenter.issuer_view(page, urls, page_lang)
    return _render(request, urls, "issuer.html", view, page_lang, canonical=view.page_url)


def static_files() -> StaticFiles:
    """The pages' stylesheet, mounted by the app at ``STATIC_PATH``."""
    return StaticFiles(directory=_HERE / "static")


@cache
def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=True,  # every template is HTML; stored texts are escaped on output
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


@cache
def _css_version() -> str:
    # A content hash in the stylesheet URL: browsers may cache it, and a new one is refetched.
    return hashlib.sha256((_HERE / "static" / "pages.css").read_bytes()).hexdigest()[:12]


def _parse_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _see_other(target: str) -> Response:
    response = RedirectResponse(target, status_code=303)
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = _CACHE
    return response


def _render(
    request: Request,
    urls: Urls,
    template: str,
    page: object,
    lang: Lang,
    *,
    canonical: str | None,
    status_code: int = 200,
) -> Response:
    context: dict[str, object] = {
        "lang": lang.value,
        "_": translator(lang),
        "page": page,
        "css_url": urls.absolute(f"{STATIC_PATH}/pages.css?v={_css_version()}"),
        "canonical_url": canonical,
    }
    response: Response = _templates().TemplateResponse(
        request, template, context, status_code=status_code
    )
    etag = etag_for(bytes(response.body))
    headers = {
        "ETag": etag,
        # A missing page may exist a moment later (an award being issued): never cache it.
        "Cache-Control": _CACHE if status_code == 200 else "no-store",
        "Vary": "Accept, Accept-Language",
        "Content-Language": lang.value,
        "Content-Security-Policy": _CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }
    if_none_match = request.headers.get("if-none-match")
    if (
        status_code == 200
        and if_none_match
        and etag in [t.strip() for t in if_none_match.split(",")]
    ):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response


def _not_found_page(request: Request, urls: Urls, lang: Lang) -> Response:
    return _render(request, urls, "not_found.html", None, lang, canonical=None, status_code=404)
