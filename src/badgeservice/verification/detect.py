"""Reading what a caller submits and telling which Open Badges format it is.

Inputs: a URL (fetched), a credential (JSON object), a compact JWS/JWT, or a file (PNG, SVG, JSON
or a token). Baked images are unbaked (OB 2.0 Baking, OB 3.0 §5.3 "Baked Badge"); their payload
is read like any other input, a URL payload once more at most. What cannot be turned into a
candidate credential raises :class:`UnreadableCredentialError` (a 422 problem, exit status 2 on
the command line); everything after that is a check in the report.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass

import orjson

from badgeservice.formats.baking_payload import BakedPayload, BakingError
from badgeservice.formats.baking_png import PNG_SIGNATURE, unbake_png
from badgeservice.formats.baking_svg import unbake_svg
from badgeservice.formats.ob2_documents import OB2_CONTEXT
from badgeservice.i18n import Text
from badgeservice.problems import UNREADABLE_CREDENTIAL, DomainError
from badgeservice.verification.checks import Baked, Format
from badgeservice.verification.documents import Documents, DocumentUnavailableError

# Baked payloads are single credentials: a megabyte is far beyond any real one.
MAX_PAYLOAD_BYTES = 1_048_576
_JWT_TYPES = ("application/vc+jwt", "application/jwt", "text/plain")
_IMAGE_TYPES = ("image/png", "image/svg+xml")
URL_ACCEPT = (
    "application/vc+ld+json",
    "application/ld+json",
    "application/json",
    *_JWT_TYPES,
    *_IMAGE_TYPES,
)
_OB2_HOSTED = ("HostedBadge", "hosted")
_OB2_SIGNED = ("SignedBadge", "signed")
_VC_CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1")


class UnreadableCredentialError(DomainError):
    kind = UNREADABLE_CREDENTIAL


@dataclass(frozen=True)
class Submission:
    """Exactly one of: a URL, a credential object, a token, or a file's bytes."""

    url: str | None = None
    credential: object = None
    jwt: str | None = None
    file: bytes | None = None


@dataclass(frozen=True)
class Candidate:
    """A credential in a known format, not yet verified.

    ``document`` is the JSON as given (an OB 3.0 credential, or an OB 2.0 assertion); ``token``
    the compact JWS (VC-JWT or OB 2.0 signed assertion); ``hosted_url`` where an OB 2.0 hosted
    assertion is to be fetched from, and ``hosted_status`` the status it answered with when
    ``document`` is already what it served (None: fetch it again).
    """

    format: Format
    baked: Baked | None = None
    document: dict[str, object] | None = None
    token: str | None = None
    hosted_url: str | None = None
    hosted_status: int | None = None


def detect(submission: Submission, documents: Documents) -> Candidate:
    """The candidate credential of a submission; raises UnreadableCredentialError."""
    if submission.url is not None:
        return _from_url(submission.url, documents, baked=None, depth=0)
    if submission.credential is not None:
        if not isinstance(submission.credential, dict):
            raise _unreadable("unreadable_not_object")
        return _from_json(submission.credential, baked=None, source_url=None, status=None)
    if submission.jwt is not None:
        return _from_text(submission.jwt, documents, baked=None, depth=0)
    if submission.file is not None:
        return _from_bytes(submission.file, documents, depth=0)
    raise _unreadable("unreadable_empty")


def _from_url(url: str, documents: Documents, *, baked: Baked | None, depth: int) -> Candidate:
    # A URL may serve a baked image whose payload is a URL: two hops, no more.
    if depth > 2:
        raise _unreadable("unreadable_too_deep")
    try:
        fetched = documents.get(url, accept=URL_ACCEPT, statuses=frozenset({200, 410}))
    except DocumentUnavailableError as exc:
        raise UnreadableCredentialError(exc.text) from exc
    if fetched.media_type in _IMAGE_TYPES:
        return _from_bytes(fetched.content, documents, depth=depth + 1)
    text = _utf8(fetched.content)
    if fetched.media_type in _JWT_TYPES and not text.lstrip().startswith("{"):
        return _from_text(text, documents, baked=baked, depth=depth + 1)
    document = _json_object(fetched.content)
    return _from_json(document, baked=baked, source_url=fetched.url, status=fetched.status)


def _from_bytes(data: bytes, documents: Documents, *, depth: int) -> Candidate:
    if data.startswith(PNG_SIGNATURE):
        return _from_baked(_unbake(data, "png"), "png", documents, depth=depth)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return _from_baked(_unbake(data, "svg"), "svg", documents, depth=depth)
    if head in (b"{", b"["):
        return _from_json(_json_object(data), baked=None, source_url=None, status=None)
    return _from_text(_utf8(data), documents, baked=None, depth=depth)


def _unbake(data: bytes, kind: Baked) -> BakedPayload:
    try:
        if kind == "png":
            payload = unbake_png(data, max_text_bytes=MAX_PAYLOAD_BYTES)
        else:
            payload = unbake_svg(data)
    except BakingError as exc:
        raise _unreadable(f"unreadable_baking_{exc.code}", image=kind.upper()) from exc
    if payload is None:
        raise _unreadable("unreadable_baking_no_badge", image=kind.upper())
    return payload


def _from_baked(
    payload: BakedPayload, kind: Baked, documents: Documents, *, depth: int
) -> Candidate:
    # An SVG's verify attribute holds the JWS (or, for OB 2.0, the hosted assertion's URL);
    # its body, or a PNG's text, holds the JSON or the JWS. Embedded JSON comes first: a hosted
    # assertion is fetched again from its id anyway.
    embedded = payload.text if payload.text and payload.text.lstrip().startswith("{") else None
    text = embedded or payload.verify or payload.text or payload.legacy_url or ""
    if payload.verify is None and payload.text is None and payload.legacy_url is not None:
        return _from_url(payload.legacy_url, documents, baked=kind, depth=depth + 1)
    stripped = text.strip()
    if stripped.startswith("{"):
        document = _json_object(stripped.encode("utf-8"))
        candidate = _from_json(document, baked=kind, source_url=None, status=None)
    elif stripped.startswith(("https://", "http://")):
        candidate = _from_url(stripped, documents, baked=kind, depth=depth + 1)
    else:
        candidate = _from_text(stripped, documents, baked=kind, depth=depth)
    expected = Format.OB2_HOSTED if payload.format == "ob2" else Format.OB3_DATA_INTEGRITY
    if (payload.format == "ob2") != (candidate.format in (Format.OB2_HOSTED, Format.OB2_SIGNED)):
        raise _unreadable("unreadable_baked_mismatch", expected=expected.value)
    return candidate


def _from_text(text: str, documents: Documents, *, baked: Baked | None, depth: int) -> Candidate:
    token = text.strip()
    if token.startswith(("https://", "http://")) and "\n" not in token:
        return _from_url(token, documents, baked=baked, depth=depth + 1)
    payload = _unverified_payload(token)
    if payload is None:
        raise _unreadable("unreadable_unknown")
    if _is_ob2_assertion(payload):
        return Candidate(Format.OB2_SIGNED, baked=baked, token=token)
    if _is_verifiable_credential(payload) or isinstance(payload.get("vc"), dict):
        return Candidate(Format.OB3_JWT, baked=baked, token=token)
    raise _unreadable("unreadable_not_open_badge")


def _from_json(
    document: dict[str, object], *, baked: Baked | None, source_url: str | None, status: int | None
) -> Candidate:
    if _is_verifiable_credential(document):
        return Candidate(Format.OB3_DATA_INTEGRITY, baked=baked, document=document)
    if document.get("revoked") is True and isinstance(document.get("id"), str):
        # The body an issuer serves, with 410 Gone, for a revoked hosted assertion.
        return Candidate(
            Format.OB2_HOSTED,
            baked=baked,
            document=document,
            hosted_url=source_url or str(document["id"]),
            hosted_status=status,
        )
    if _is_ob2_assertion(document):
        verification = document.get("verification") or document.get("verify")
        kind = verification.get("type") if isinstance(verification, Mapping) else None
        if kind in _OB2_SIGNED:
            # A signed assertion verifies only as its JWS: the JSON alone proves nothing.
            return Candidate(Format.OB2_SIGNED, baked=baked, document=document)
        assertion_id = document.get("id")
        return Candidate(
            Format.OB2_HOSTED,
            baked=baked,
            document=document,
            hosted_url=assertion_id if isinstance(assertion_id, str) else source_url,
            hosted_status=status if source_url == assertion_id else None,
        )
    raise _unreadable("unreadable_not_open_badge")


def _is_verifiable_credential(document: Mapping[str, object]) -> bool:
    types = document.get("type")
    type_list = types if isinstance(types, list) else [types]
    if "VerifiableCredential" in type_list:
        return True
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    return first in _VC_CONTEXTS


def _is_ob2_assertion(document: Mapping[str, object]) -> bool:
    types = document.get("type")
    type_list = types if isinstance(types, list) else [types]
    if "Assertion" in type_list or document.get("@context") == OB2_CONTEXT:
        return True
    return "badge" in document and ("verification" in document or "verify" in document)


def _unverified_payload(token: str) -> dict[str, object] | None:
    parts = token.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        return None
    segment = parts[1]
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        payload = orjson.loads(raw)
    except (binascii.Error, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def _json_object(data: bytes) -> dict[str, object]:
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise _unreadable("unreadable_json", reason=str(exc)[:200]) from exc
    if not isinstance(document, dict):
        raise _unreadable("unreadable_not_object")
    return document


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unreadable("unreadable_unknown") from exc


def _unreadable(key: str, **params: object) -> UnreadableCredentialError:
    return UnreadableCredentialError(Text(key, params))
