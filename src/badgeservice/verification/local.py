"""Our own public documents, resolved from the database without HTTP.

A URL under PUBLIC_URL (same scheme, host and port, compared parsed, and below its path) is
answered here with the bytes, media type and status its public route would give: stored
documents byte for byte, built ones through ``badgeservice.public_documents``. Unknown paths
answer 404, as the routes would; nothing is ever fetched for them.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Sequence
from urllib.parse import parse_qs, urlsplit

import orjson
from sqlalchemy.orm import Session

from badgeservice import public_documents as documents
from badgeservice.awards import public_service
from badgeservice.awards.baking import BakedFormat, baked_png, baked_svg
from badgeservice.awards.public_service import StoredDocument
from badgeservice.fetch import Fetched
from badgeservice.formats.ob2_documents import revoked_assertion_stub
from badgeservice.formats.ob2_signed import assertion_json_bytes
from badgeservice.prepared import Prepared
from badgeservice.problems import DomainError
from badgeservice.urls import Urls
from badgeservice.verification import repository

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_JWT_TYPES = ("application/vc+jwt", "text/plain")
LD_JSON = "application/ld+json"
VC_LD_JSON = "application/vc+ld+json"

Handler = Callable[["LocalDocuments", re.Match[str], str, Sequence[str]], Fetched]


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL without user information, or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    default = 443 if parts.scheme == "https" else 80
    return parts.scheme, parts.hostname.lower(), port or default


# Asked several times per verification (the credential's status list, keys, ...) for the same
# few URLs: a pure function of its arguments, so remembering it is safe anywhere.
@functools.lru_cache(maxsize=1024)
def _owned(url: str, origin: tuple[str, str, int], base_path: str) -> bool:
    return origin_of(url) == origin and urlsplit(url).path.startswith(base_path + "/")


@functools.lru_cache(maxsize=8)
def _origin_and_base_path(public_url: str) -> tuple[tuple[str, str, int] | None, str]:
    # Built for every verification, from the one PUBLIC_URL of the deployment.
    return origin_of(public_url), urlsplit(public_url).path.rstrip("/")


class LocalDocuments:
    def __init__(self, session: Session, urls: Urls) -> None:
        self.session = session
        self.urls = urls
        self._origin, self._base_path = _origin_and_base_path(urls.public_url)

    def owns(self, url: str) -> bool:
        return self._origin is not None and _owned(url, self._origin, self._base_path)

    def get(self, url: str, *, accept: Sequence[str]) -> Fetched:
        parts = urlsplit(url)
        path = parts.path[len(self._base_path) :]
        for pattern, handler in _ROUTES:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            try:
                return handler(self, match, parts.query, accept)
            except DomainError as exc:
                return Fetched(url, exc.kind.status, "application/problem+json", b"{}")
        return Fetched(url, 404, "application/problem+json", b"{}")

    # --- handlers -----------------------------------------------------------------------------

    def _hosted_assertion(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        award = public_service.get_published(self.session, award_id=uuid.UUID(match["id"]))
        url = self.urls.ob2_assertion(award.id)
        if award.revoked_at is not None:
            stub = revoked_assertion_stub(url, award.revocation_reason or "")
            return Fetched(url, 410, LD_JSON, assertion_json_bytes(stub))
        return Fetched(url, 200, LD_JSON, award.ob2_hosted)

    def _signed_assertion(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        award_id = uuid.UUID(match["id"])
        content = self._stored(award_id, StoredDocument.OB2_SIGNED)
        return Fetched(self.urls.ob2_signed_assertion(award_id), 200, "text/plain", content)

    def _credential(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        award_id = uuid.UUID(match["id"])
        url = self.urls.ob3_credential(award_id)
        if accept and accept[0] in _JWT_TYPES:
            return Fetched(url, 200, accept[0], self._stored(award_id, StoredDocument.OB3_JWT))
        return Fetched(url, 200, VC_LD_JSON, self._stored(award_id, StoredDocument.OB3_JSON))

    def _credential_jwt(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        award_id = uuid.UUID(match["id"])
        content = self._stored(award_id, StoredDocument.OB3_JWT)
        return Fetched(self.urls.ob3_credential_jwt(award_id), 200, "text/plain", content)

    def _stored(self, award_id: uuid.UUID, document: StoredDocument) -> bytes:
        return public_service.get_stored_document(
            self.session, award_id=award_id, document=document
        )

    def _baked(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        award_id = uuid.UUID(match["id"])
        source = public_service.baking_source(self.session, award_id=award_id)
        requested = parse_qs(query).get("format", [BakedFormat.OB3.value])[0]
        try:
            fmt = BakedFormat(requested)
        except ValueError:
            return Fetched(self.urls.badge_image(award_id, match["ext"]), 422, LD_JSON, b"{}")
        url = self.urls.badge_image(award_id, match["ext"])
        if match["ext"] == "png":
            return Fetched(url, 200, "image/png", baked_png(source, fmt))
        return Fetched(url, 200, "image/svg+xml", baked_svg(source, fmt, self.urls))

    def _status_list(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        status_list_id = uuid.UUID(match["id"])
        row = _STATUS_LIST_CREDENTIAL.one_or_none(self.session.connection(), {"id": status_list_id})
        url = self.urls.ob3_status_list(status_list_id)
        if row is None:
            return Fetched(url, 404, "application/problem+json", b"{}")
        return Fetched(url, 200, VC_LD_JSON, bytes(row[0]))

    def _achievement(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        badge_class_id = uuid.UUID(match["id"])
        document = documents.ob3_achievement(
            self.session, badge_class_id=badge_class_id, urls=self.urls
        )
        return self._json(self.urls.ob3_achievement(badge_class_id), document)

    def _issuer(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        issuer_id = uuid.UUID(match["id"])
        document = documents.ob2_issuer_profile(self.session, issuer_id=issuer_id, urls=self.urls)
        return self._json(self.urls.ob2_issuer(issuer_id), document)

    def _revocations(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        issuer_id = uuid.UUID(match["id"])
        document = documents.ob2_revocation_list(self.session, issuer_id=issuer_id, urls=self.urls)
        return self._json(self.urls.ob2_revocation_list(issuer_id), document)

    def _key(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        issuer_id = uuid.UUID(match["id"])
        document = documents.ob2_cryptographic_key(
            self.session, issuer_id=issuer_id, kid=match["kid"], urls=self.urls
        )
        return self._json(self.urls.ob2_issuer_key(issuer_id, match["kid"]), document)

    def _badge_class(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        badge_class_id = uuid.UUID(match["id"])
        version = int(match["version"]) if match["version"] else None
        document = documents.ob2_badge_class(
            self.session, badge_class_id=badge_class_id, urls=self.urls, version=version
        )
        url = (
            self.urls.ob2_badge_class(badge_class_id)
            if version is None
            else self.urls.ob2_badge_class_version(badge_class_id, version)
        )
        return self._json(url, document)

    def _did(self, match: re.Match[str], query: str, accept: Sequence[str]) -> Fetched:
        document = documents.issuer_did_document(self.session, slug=match["slug"], urls=self.urls)
        url = self.urls.issuer_did_document(match["slug"])
        return Fetched(url, 200, "application/did+ld+json", orjson.dumps(document))

    def _json(self, url: str, document: dict[str, object]) -> Fetched:
        return Fetched(url, 200, LD_JSON, orjson.dumps(document))


# Read on every verification of one of our credentials: prepared once (``badgeservice.prepared``).
_STATUS_LIST_CREDENTIAL = Prepared(repository.status_list_credential())

_ROUTES: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (rf"/ob2/assertions/(?P<id>{_UUID})\.jws", LocalDocuments._signed_assertion),
        (rf"/ob2/assertions/(?P<id>{_UUID})", LocalDocuments._hosted_assertion),
        (rf"/ob3/credentials/(?P<id>{_UUID})\.jwt", LocalDocuments._credential_jwt),
        (rf"/ob3/credentials/(?P<id>{_UUID})", LocalDocuments._credential),
        # The badge page answers JSON clients with the credential (DESIGN.md "URLs").
        (rf"/badges/(?P<id>{_UUID})", LocalDocuments._credential),
        (rf"/badges/(?P<id>{_UUID})/image\.(?P<ext>png|svg)", LocalDocuments._baked),
        (rf"/ob3/status-lists/(?P<id>{_UUID})", LocalDocuments._status_list),
        (rf"/ob3/achievements/(?P<id>{_UUID})", LocalDocuments._achievement),
        (rf"/ob2/issuers/(?P<id>{_UUID})", LocalDocuments._issuer),
        (rf"/ob2/issuers/(?P<id>{_UUID})/revocations", LocalDocuments._revocations),
        (
            rf"/ob2/issuers/(?P<id>{_UUID})/keys/(?P<kid>[A-Za-z0-9._~-]{{1,32}})",
            LocalDocuments._key,
        ),
        (
            rf"/ob2/badge-classes/(?P<id>{_UUID})(?:/versions/(?P<version>[1-9][0-9]{{0,8}}))?",
            LocalDocuments._badge_class,
        ),
        (r"/issuers/(?P<slug>[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)/did\.json", LocalDocuments._did),
    )
)
