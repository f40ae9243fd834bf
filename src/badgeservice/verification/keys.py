"""Finding the public key behind a verification method, and what state it is in.

Methods (OB 3.0 §8 "Proofs"; FACTS §2.9): ``did:key`` (the key is the DID), ``did:web`` (the
DID document, from ``https://host/path/did.json``; the method must be listed, by its full id,
in ``assertionMethod``), an https URL (a Multikey or controller document, a single JWK, or, as
in the 1EdTech test vector, a URL whose fragment is the key itself), a JWK embedded in a JWT
header, and OB 2.0 CryptographicKeys (``verification.creator``).

Our own keys are read from the database, never fetched: an active or retired key verifies what
it signed; a revoked one is reported revoked (its signature still checked, so that the report
says exactly what is wrong). For other issuers, a key their DID document no longer lists, or a
CryptographicKey answering 410, is refused.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urldefrag

import orjson
from sqlalchemy.orm import Session

from badgeservice.crypto.keypairs import (
    KeyFormatError,
    PublicKey,
    ed25519_public_from_multibase,
    public_key_from_jwk,
    public_key_from_pem,
)
from badgeservice.formats.did import (
    DidError,
    did_key_public_key,
    did_web_for,
    did_web_to_url,
    find_verification_method,
    split_did_url,
)
from badgeservice.i18n import Text
from badgeservice.keys.models import KeyStatus
from badgeservice.prepared import Prepared
from badgeservice.urls import Urls
from badgeservice.verification import repository
from badgeservice.verification.documents import Documents, DocumentUnavailableError

_OB2_KEY_PATH = re.compile(
    r".*/ob2/issuers/(?P<issuer>[0-9a-fA-F-]{36})/keys/(?P<kid>[A-Za-z0-9._~-]{1,32})"
)
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
_MULTIBASE_FRAGMENT = re.compile(r"z6Mk[1-9A-HJ-NP-Za-km-z]+")


class KeyState(StrEnum):
    ACTIVE = "active"  # ours, signing today
    RETIRED = "retired"  # ours, rotated out, still published: what it signed stays valid
    REVOKED = "revoked"  # ours withdrawn after compromise, or another issuer's key gone (410)
    PUBLISHED = "published"  # another issuer's key, published where its method id points
    EMBEDDED = "embedded"  # a JWK in a JWT header: nothing ties it to anyone


@dataclass(frozen=True)
class ResolvedKey:
    method_id: str
    public_key: PublicKey
    controller: str | None
    state: KeyState
    revocation_reason: str | None = None


class KeyUnavailableError(Exception):
    """No usable key for a method; ``text`` says why (localised)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.key)
        self.text = text


class KeyResolver:
    """Resolves verification methods for one verification; remembers what it resolved."""

    def __init__(self, documents: Documents, urls: Urls, session: Session | None) -> None:
        self._documents = documents
        self._session = session
        self._did_prefix = _local_did_prefix(urls.public_url)
        self._resolved: dict[str, ResolvedKey | KeyUnavailableError] = {}

    def resolve(self, method_id: str) -> ResolvedKey:
        """The key of a Data Integrity ``verificationMethod`` or a JWT ``kid``."""
        return self._remember(method_id, lambda: self._resolve(method_id))

    def ob2_key(self, key_url: str) -> ResolvedKey:
        """An OB 2.0 CryptographicKey (``verification.creator``); its controller is its owner."""
        return self._remember("ob2 " + key_url, lambda: self._ob2_key(key_url))

    def embedded(self, jwk: Mapping[str, object]) -> ResolvedKey:
        try:
            return ResolvedKey("jwk", _jwk_key(_frozen(jwk)), None, KeyState.EMBEDDED)
        except KeyFormatError as exc:
            raise KeyUnavailableError(Text("key_malformed", {"method": "jwk"})) from exc

    def _remember(self, memo_key: str, resolve: Callable[[], ResolvedKey]) -> ResolvedKey:
        # A credential and its status list are often signed with the same key: resolve once.
        known = self._resolved.get(memo_key)
        if known is None:
            try:
                known = resolve()
            except KeyUnavailableError as exc:
                known = exc
            self._resolved[memo_key] = known
        if isinstance(known, KeyUnavailableError):
            raise known
        return known

    def _resolve(self, method_id: str) -> ResolvedKey:
        if method_id.startswith("did:key:"):
            return self._did_key(method_id)
        if method_id.startswith(self._did_prefix) and self._session is not None:
            return self._local_did_web(method_id)
        if method_id.startswith("did:web:"):
            return self._remote_did_web(method_id)
        if method_id.startswith(("https://", "http://")):
            return self._key_url(method_id)
        raise KeyUnavailableError(Text("key_method_unsupported", {"method": method_id}))

    def _did_key(self, method_id: str) -> ResolvedKey:
        try:
            public_key = did_key_public_key(method_id)
        except DidError as exc:
            raise KeyUnavailableError(Text("key_malformed", {"method": method_id})) from exc
        return ResolvedKey(method_id, public_key, split_did_url(method_id)[0], KeyState.PUBLISHED)

    def _local_did_web(self, method_id: str) -> ResolvedKey:
        did, kid = split_did_url(method_id)
        slug = did[len(self._did_prefix) :]
        if kid is None or not _SLUG.fullmatch(slug):
            raise KeyUnavailableError(Text("key_not_found", {"method": method_id}))
        assert self._session is not None  # noqa: S101 - checked by the caller
        row = _KEY_BY_SLUG_AND_KID.one_or_none(
            self._session.connection(), {"slug": slug, "kid": kid}
        )
        if row is None:
            raise KeyUnavailableError(Text("key_not_found", {"method": method_id}))
        status, jwk_text, reason = row
        state = _STATES[KeyStatus(status)]
        return ResolvedKey(method_id, _jwk_key(jwk_text), did, state, reason)

    def _remote_did_web(self, method_id: str) -> ResolvedKey:
        try:
            did, fragment = split_did_url(method_id)
            url = did_web_to_url(did)
        except DidError as exc:
            raise KeyUnavailableError(Text("key_malformed", {"method": method_id})) from exc
        if fragment is None:
            raise KeyUnavailableError(Text("key_not_found", {"method": method_id}))
        document = self._json(url)
        if document.get("id") != did:
            raise KeyUnavailableError(Text("key_did_document_mismatch", {"did": did}))
        method = find_verification_method(document, method_id)
        if method is None:
            raise KeyUnavailableError(Text("key_not_listed", {"method": method_id, "did": did}))
        controller = method.get("controller")
        return ResolvedKey(
            method_id,
            _method_key(method, method_id),
            controller if isinstance(controller, str) else None,
            KeyState.PUBLISHED,
        )

    def _key_url(self, method_id: str) -> ResolvedKey:
        base, fragment = urldefrag(method_id)
        local = _OB2_KEY_PATH.fullmatch(base)
        if local is not None and self._documents.is_local(base):
            return self._local_ob2_key(method_id, local)
        if _MULTIBASE_FRAGMENT.fullmatch(fragment):
            # The key is the fragment itself, its controller the URL before it (FACTS §2.9 B 1).
            try:
                public_key = ed25519_public_from_multibase(fragment)
            except KeyFormatError as exc:
                raise KeyUnavailableError(Text("key_malformed", {"method": method_id})) from exc
            return ResolvedKey(method_id, public_key, base, KeyState.PUBLISHED)
        document = self._json(base)
        if "kty" in document:
            # A bare JWK (what 1EdTech's validator expects at a VC-JWT kid): no controller.
            try:
                return ResolvedKey(method_id, _jwk_key(_frozen(document)), None, KeyState.PUBLISHED)
            except KeyFormatError as exc:
                raise KeyUnavailableError(Text("key_malformed", {"method": method_id})) from exc
        method = _method_in_document(document, method_id)
        controller = method.get("controller", document.get("controller"))
        return ResolvedKey(
            method_id,
            _method_key(method, method_id),
            controller if isinstance(controller, str) else None,
            KeyState.PUBLISHED,
        )

    def _ob2_key(self, key_url: str) -> ResolvedKey:
        local = _OB2_KEY_PATH.fullmatch(urldefrag(key_url)[0])
        if local is not None and self._documents.is_local(key_url) and self._session is not None:
            return self._local_ob2_key(key_url, local)
        try:
            fetched, document = self._documents.get_json(key_url, statuses=frozenset({200, 410}))
        except DocumentUnavailableError as exc:
            raise KeyUnavailableError(exc.text) from exc
        if fetched.status == 410:
            raise KeyUnavailableError(Text("key_gone", {"method": key_url}))
        pem = document.get("publicKeyPem")
        if document.get("id") not in (None, key_url) or not isinstance(pem, str):
            raise KeyUnavailableError(Text("key_malformed", {"method": key_url}))
        try:
            public_key = _pem_key(pem)
        except KeyFormatError as exc:
            raise KeyUnavailableError(Text("key_malformed", {"method": key_url})) from exc
        owner = document.get("owner")
        return ResolvedKey(
            key_url, public_key, owner if isinstance(owner, str) else None, KeyState.PUBLISHED
        )

    def _local_ob2_key(self, method_id: str, match: re.Match[str]) -> ResolvedKey:
        if self._session is None:
            raise KeyUnavailableError(Text("key_not_found", {"method": method_id}))
        issuer_id = uuid.UUID(match["issuer"])
        row = (
            self._session.connection()
            .execute(
                repository.key_by_issuer_id_and_kid(),
                {"issuer_id": issuer_id, "kid": match["kid"]},
            )
            .one_or_none()
        )
        if row is None:
            raise KeyUnavailableError(Text("key_not_found", {"method": method_id}))
        status, pem, reason = row
        status = KeyStatus(status)
        # The CryptographicKey's owner is the issuer's OB 2.0 profile, next to the key.
        owner = method_id[: method_id.index("/keys/")]
        return ResolvedKey(method_id, _pem_key(pem), owner, _STATES[status], reason)

    def _json(self, url: str) -> dict[str, object]:
        try:
            return self._documents.get_json(url)[1]
        except DocumentUnavailableError as exc:
            raise KeyUnavailableError(exc.text) from exc


# Read on every verification of one of our credentials: prepared once (``badgeservice.prepared``).
_KEY_BY_SLUG_AND_KID = Prepared(repository.key_by_issuer_slug_and_kid())


@functools.lru_cache(maxsize=8)
def _local_did_prefix(public_url: str) -> str:
    """``did:web:{our host}:issuers:``, the prefix of our issuers' DIDs."""
    return did_web_for(public_url, ["issuers"]) + ":"


_STATES = {
    KeyStatus.ACTIVE: KeyState.ACTIVE,
    KeyStatus.RETIRED: KeyState.RETIRED,
    KeyStatus.REVOKED: KeyState.REVOKED,
}


def _method_in_document(document: Mapping[str, object], method_id: str) -> Mapping[str, object]:
    """A Multikey document that is the method itself, or a controller document listing it."""
    if document.get("id") == method_id and (
        "publicKeyMultibase" in document or "publicKeyJwk" in document
    ):
        return document
    methods = document.get("verificationMethod")
    for method in methods if isinstance(methods, list) else []:
        if isinstance(method, dict) and method.get("id") == method_id:
            assertion = document.get("assertionMethod")
            if isinstance(assertion, list) and method_id not in [
                a if isinstance(a, str) else a.get("id") if isinstance(a, dict) else None
                for a in assertion
            ]:
                break
            return method
    raise KeyUnavailableError(
        Text("key_not_listed", {"method": method_id, "did": document.get("id")})
    )


def _method_key(method: Mapping[str, object], method_id: str) -> PublicKey:
    try:
        multibase = method.get("publicKeyMultibase")
        if isinstance(multibase, str):
            return _multibase_key(multibase)
        jwk = method.get("publicKeyJwk")
        if isinstance(jwk, dict):
            return _jwk_key(_frozen(jwk))
    except KeyFormatError as exc:
        raise KeyUnavailableError(Text("key_malformed", {"method": method_id})) from exc
    raise KeyUnavailableError(Text("key_malformed", {"method": method_id}))


def _frozen(jwk: Mapping[str, object]) -> str:
    return orjson.dumps(jwk, option=orjson.OPT_SORT_KEYS).decode("utf-8")


# Building an RSA public key object costs tens of microseconds; verifiers see the same few keys
# again and again. Bounded, since keys of other issuers come from outside.
@functools.lru_cache(maxsize=512)
def _jwk_key(jwk_text: str) -> PublicKey:
    """The public key of a JWK given as JSON text (``_frozen``, or as stored)."""
    jwk = orjson.loads(jwk_text)
    if not isinstance(jwk, dict):
        raise KeyFormatError("a JWK is a JSON object")
    return public_key_from_jwk(jwk)


@functools.lru_cache(maxsize=512)
def _pem_key(pem: str) -> PublicKey:
    return public_key_from_pem(pem)


@functools.lru_cache(maxsize=512)
def _multibase_key(multibase: str) -> PublicKey:
    return ed25519_public_from_multibase(multibase)
