"""Open Badges 2.0 public documents: Issuer Profile, CryptographicKey, RevocationList, BadgeClass.

Served as ``application/ld+json``, or ``application/json`` when the client prefers only that
(OB2 §Setting Content-Type, FACTS §1.3). OB 2.0 has no language maps: texts are published in
French, the network's language (English when a French text is empty).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Request, Response

from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.deps import SessionDep, UrlsDep
from badgeservice.formats.ob2_documents import (
    AlignmentInput,
    BadgeClassInput,
    IssuerProfileInput,
    badge_class,
    issuer_profile,
)
from badgeservice.formats.ob2_signed import cryptographic_key, revocation_list
from badgeservice.http_problems import problem_responses
from badgeservice.issuers import service as issuers
from badgeservice.keys import service as keys
from badgeservice.keys.models import KID_PATH_PATTERN
from badgeservice.keys.service import IssuerKeys
from badgeservice.public.caching import cacheable_response
from badgeservice.public.negotiation import negotiate
from badgeservice.urls import Urls

router = APIRouter(prefix="/ob2", tags=["public"])
OB2_MEDIA_TYPES = ("application/ld+json", "application/json")
# What may change (keys, texts, the current version) is revalidated within minutes; the
# revocation list on every use; a badge class version never changes.
_SHORT = "public, max-age=300"
_REVALIDATE = "public, no-cache"
_IMMUTABLE_VERSION = "public, max-age=86400"


def _document_responses(*problem_statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"content": {media_type: {} for media_type in OB2_MEDIA_TYPES}},
        **problem_responses(*problem_statuses),
    }


_DOCUMENT = _document_responses(404, 422)
Kid = Annotated[str, Path(pattern=KID_PATH_PATTERN)]
Version = Annotated[int, Path(ge=1)]


@router.get("/issuers/{issuer_id}", response_class=Response, responses=_DOCUMENT)
def get_issuer(
    issuer_id: uuid.UUID, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    published = keys.published_keys(session, issuer_id=issuer_id)
    return _json_ld(request, issuer_profile(profile_input(published, urls)), _SHORT)


@router.get("/issuers/{issuer_id}/revocations", response_class=Response, responses=_DOCUMENT)
def get_revocation_list(
    issuer_id: uuid.UUID, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    # Awards and their revocation come later; an empty list already lets the link resolve.
    issuer = issuers.get_issuer(session, issuer_id=issuer_id)
    document = revocation_list(urls.ob2_revocation_list(issuer.id), urls.ob2_issuer(issuer.id), [])
    return _json_ld(request, document, _REVALIDATE)


@router.get(
    "/issuers/{issuer_id}/keys/{kid}",
    response_class=Response,
    responses=_document_responses(404, 410, 422),
)
def get_key(
    issuer_id: uuid.UUID, kid: Kid, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    # Only RSA keys are CryptographicKeys: OB 2.0 signed badges are RS256 (FACTS §1.3).
    key = keys.published_key(session, issuer_id=issuer_id, kid=kid, algorithm=KeyAlgorithm.RS256)
    document = cryptographic_key(
        urls.ob2_issuer_key(issuer_id, key.kid), urls.ob2_issuer(issuer_id), key.public_key_pem
    )
    return _json_ld(request, document, _SHORT)


@router.get("/badge-classes/{badge_class_id}", response_class=Response, responses=_DOCUMENT)
def get_badge_class(
    badge_class_id: uuid.UUID, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    view = badge_classes.get_badge_class(session, badge_class_id=badge_class_id)
    document_id = urls.ob2_badge_class(badge_class_id)
    return _json_ld(request, badge_class(badge_class_input(view, document_id, urls)), _SHORT)


@router.get(
    "/badge-classes/{badge_class_id}/versions/{version}",
    response_class=Response,
    responses=_DOCUMENT,
)
def get_badge_class_version(
    badge_class_id: uuid.UUID,
    version: Version,
    request: Request,
    session: SessionDep,
    urls: UrlsDep,
) -> Response:
    view = badge_classes.get_version(session, badge_class_id=badge_class_id, version=version)
    document_id = urls.ob2_badge_class_version(badge_class_id, version)
    document = badge_class(badge_class_input(view, document_id, urls))
    return _json_ld(request, document, _IMMUTABLE_VERSION)


def profile_input(published: IssuerKeys, urls: Urls) -> IssuerProfileInput:
    issuer = published.issuer
    rsa_keys = [k for k in published.keys if k.algorithm is KeyAlgorithm.RS256]
    return IssuerProfileInput(
        id=urls.ob2_issuer(issuer.id),
        name=_french(issuer.name) or issuer.slug,
        url=issuer.url,
        email=issuer.email,
        description=_french(issuer.description),
        image=None if issuer.image_id is None else urls.image_png(issuer.image_id),
        telephone=issuer.telephone,
        public_keys=tuple(urls.ob2_issuer_key(issuer.id, k.kid) for k in rsa_keys),
        revocation_list=urls.ob2_revocation_list(issuer.id),
    )


def badge_class_input(view: BadgeClassView, document_id: str, urls: Urls) -> BadgeClassInput:
    badge, version = view.badge_class, view.version
    name = _french(version.name) or badge.slug
    return BadgeClassInput(
        id=document_id,
        name=name,
        # OB 2.0 requires a description; a label defined without one describes itself by name.
        description=_french(version.description) or name,
        image=urls.image_png(version.image_id),
        criteria_narrative=_french(version.criteria_narrative) or "",
        criteria_url=urls.badge_class_page(badge.id),
        issuer=urls.ob2_issuer(badge.issuer_id),
        alignments=tuple(_alignment(a) for a in version.alignments),
        tags=tuple(version.tags),
    )


def _alignment(stored: dict[str, object]) -> AlignmentInput:
    def text(name: str) -> str | None:
        value = stored.get(name)
        return value if isinstance(value, str) else None

    return AlignmentInput(
        target_name=str(stored["target_name"]),
        target_url=str(stored["target_url"]),
        target_description=text("target_description"),
        target_framework=text("target_framework"),
        target_code=text("target_code"),
    )


def _french(texts: dict[str, str]) -> str | None:
    return texts.get("fr") or texts.get("en") or None


def _json_ld(request: Request, document: dict[str, object], cache_control: str) -> Response:
    media_type = negotiate(request.headers.get("accept"), OB2_MEDIA_TYPES)
    response = cacheable_response(
        request, orjson.dumps(document), media_type=media_type, cache_control=cache_control
    )
    response.headers["Vary"] = "Accept"
    return response
