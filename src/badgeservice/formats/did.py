"""did:web identifiers and documents, and did:key Ed25519 keys.

Specs: did:web method (https://w3c-ccg.github.io/did-method-web/ §3.1 Create, §3.2 Read),
DID Core 1.0 (https://www.w3.org/TR/did-core/ §5.2 verification methods, §5.3.2 assertion),
Multikey and JsonWebKey (https://www.w3.org/TR/cid-1.0/ §2.2), did:key (FACTS §2.11).

The 1EdTech validator matches verification method ids by exact string, so documents always carry
full DID URLs (``did:web:host:path#key-1``), never relative ``#key-1`` (FACTS §2.9 B, gotcha 6).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

from cryptography.hazmat.primitives.asymmetric import ed25519

from badgeservice.crypto.keypairs import (
    KeyFormatError,
    PublicKey,
    ed25519_public_from_multibase,
    ed25519_public_multibase,
    public_jwk,
)

DID_DOCUMENT_CONTEXT: tuple[str, ...] = (
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/security/multikey/v1",
    "https://w3id.org/security/jwk/v1",
)
_DID_WEB_PREFIX = "did:web:"
_DID_KEY_PREFIX = "did:key:"
# DID Core §3.1 idchar, without pct-encoded (handled separately).
_IDCHARS = re.compile(r"[A-Za-z0-9._-]+")
_ENCODED_SEGMENT = re.compile(r"(?:[A-Za-z0-9._-]|%[0-9A-F]{2})+")
_HOST = re.compile(
    r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)
_PORT = re.compile(r"[0-9]{1,5}")
_KEY_ID = re.compile(r"[A-Za-z0-9._~-]+")


class DidError(ValueError):
    """A DID or DID URL is malformed or not of the expected method."""


@dataclass(frozen=True, slots=True)
class VerificationMethodInput:
    """One key to publish: Ed25519 keys become ``Multikey``, RSA and P-256 keys ``JsonWebKey``."""

    key_id: str
    public_key: PublicKey


def _encode_segment(segment: str) -> str:
    if not segment:
        raise DidError("did:web path segments must not be empty")
    # urllib's quote() leaves "~" alone, but "~" is not a DID idchar: encode bytes by hand.
    return "".join(
        char if _IDCHARS.fullmatch(char) else "".join(f"%{b:02X}" for b in char.encode())
        for char in segment
    )


def _check_authority(host: str, port: str | None) -> None:
    if not _HOST.fullmatch(host):
        raise DidError(f"unsupported did:web host {host!r}")
    if port is not None and (not _PORT.fullmatch(port) or not 0 < int(port) < 65536):
        raise DidError(f"invalid port {port!r}")


def did_web_for(base_url: str, path_segments: Sequence[str]) -> str:
    """The did:web DID served under ``base_url`` + ``path_segments`` (did:web §3.1 Create).

    The port's colon is percent-encoded (``did:web:127.0.0.1%3A8000:issuers:isopolis``); the base
    URL's own path is kept, so :func:`did_web_to_url` points back below ``base_url``.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("https", "http") or parts.query or parts.fragment:
        raise DidError("base_url must be an http(s) URL without query or fragment")
    if parts.username is not None or parts.hostname is None:
        raise DidError("base_url must name a host and no user information")
    host = parts.hostname
    port = str(parts.port) if parts.port is not None else None
    _check_authority(host, port)
    base_segments = [unquote(s) for s in parts.path.split("/") if s]
    segments = [_encode_segment(s) for s in [*base_segments, *path_segments]]
    authority = host if port is None else f"{host}%3A{port}"
    return ":".join([_DID_WEB_PREFIX + authority, *segments])


def did_web_to_url(did: str, *, scheme: Literal["https", "http"] = "https") -> str:
    """The URL of a did:web DID's document (did:web §3.2 Read).

    ``https://host[:port]/path/did.json``, or ``https://host/.well-known/did.json`` with no path.
    ``scheme="http"`` is for development instances only; the method itself requires HTTPS.
    """
    if not did.startswith(_DID_WEB_PREFIX) or any(c in did for c in "#?/"):
        raise DidError(f"not a did:web DID: {did!r}")
    authority_text, *segments = did[len(_DID_WEB_PREFIX) :].split(":")
    authority = unquote(authority_text)
    host, _, port = authority.partition(":")
    _check_authority(host, port or None)
    for segment in segments:
        if not _ENCODED_SEGMENT.fullmatch(segment):
            raise DidError(f"invalid did:web path segment {segment!r}")
    path = "/".join(segments) if segments else ".well-known"
    return f"{scheme}://{authority}/{path}/did.json"


def split_did_url(did_url: str) -> tuple[str, str | None]:
    """Split a DID URL (DID Core §3.2) into its DID and fragment; paths and queries are refused."""
    did, hash_sign, fragment = did_url.partition("#")
    if not did.startswith("did:") or "?" in did or "/" in did:
        raise DidError(f"not a DID URL: {did_url!r}")
    return did, (fragment if hash_sign else None)


def verification_method_id(did: str, key_id: str) -> str:
    """The full DID URL of a key in a DID document: ``<did>#key-<key_id>``."""
    if not _KEY_ID.fullmatch(key_id):
        raise DidError(f"key ids are URL fragment characters, got {key_id!r}")
    return f"{did}#key-{key_id}"


def _verification_method(did: str, method: VerificationMethodInput) -> dict[str, object]:
    vm_id = verification_method_id(did, method.key_id)
    if isinstance(method.public_key, ed25519.Ed25519PublicKey):
        return {
            "id": vm_id,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": ed25519_public_multibase(method.public_key),
        }
    return {
        "id": vm_id,
        "type": "JsonWebKey",
        "controller": did,
        "publicKeyJwk": public_jwk(method.public_key),
    }


def did_document(did: str, methods: Sequence[VerificationMethodInput]) -> dict[str, object]:
    """A DID document (DID Core §5) listing each key as a verification method.

    Every method is controlled by ``did`` and listed, by its full id, in ``assertionMethod``
    (DID Core §5.3.2; FACTS §2.9 B point 3). Leave revoked keys out; keep retired ones so
    credentials they signed still verify.
    """
    if split_did_url(did)[1] is not None:
        raise DidError("a DID document's id is a DID, without a fragment")
    vms = [_verification_method(did, method) for method in methods]
    ids = [str(vm["id"]) for vm in vms]
    if len(set(ids)) != len(ids):
        raise DidError("verification method ids must be unique")
    return {
        "@context": list(DID_DOCUMENT_CONTEXT),
        "id": did,
        "verificationMethod": vms,
        "assertionMethod": ids,
    }


def _absolute(reference: object, did: str) -> str | None:
    if isinstance(reference, str):
        return did + reference if reference.startswith("#") else reference
    if isinstance(reference, Mapping):
        return _absolute(reference.get("id"), did)
    return None


def find_verification_method(
    document: Mapping[str, object], vm_id: str
) -> dict[str, object] | None:
    """The verification method ``vm_id`` if the document authorises it for ``assertionMethod``.

    DID Core §5.3.2: a method counts only when ``assertionMethod`` references it (a DID URL,
    a relative ``#fragment`` or an embedded method). The method must belong to this document's
    DID. Returns ``None`` otherwise.
    """
    did = document.get("id")
    if not isinstance(did, str):
        return None
    wanted = did + vm_id if vm_id.startswith("#") else vm_id
    if split_did_url(wanted)[0] != did:
        return None
    assertion = document.get("assertionMethod")
    verification = document.get("verificationMethod")
    references = assertion if isinstance(assertion, list) else []
    if wanted not in [_absolute(ref, did) for ref in references]:
        return None
    candidates = [*references, *(verification if isinstance(verification, list) else [])]
    for candidate in candidates:
        if isinstance(candidate, dict) and _absolute(candidate, did) == wanted:
            return candidate
    return None


def did_key_for(public_key: ed25519.Ed25519PublicKey) -> str:
    """``did:key:z6Mk…`` for an Ed25519 public key (did:key §3.1.1; FACTS §2.11)."""
    return _DID_KEY_PREFIX + ed25519_public_multibase(public_key)


def did_key_public_key(did_url: str) -> ed25519.Ed25519PublicKey:
    """The Ed25519 key named by ``did:key:z6Mk…`` or ``did:key:z6Mk…#z6Mk…`` (did:key §3.1.2).

    The fragment, when present, must repeat the key (the did:key document's only method id).
    """
    did, fragment = split_did_url(did_url)
    if not did.startswith(_DID_KEY_PREFIX):
        raise DidError(f"not a did:key DID: {did_url!r}")
    multibase = did[len(_DID_KEY_PREFIX) :]
    if fragment is not None and fragment != multibase:
        raise DidError("a did:key fragment must repeat the key")
    try:
        return ed25519_public_from_multibase(multibase)
    except KeyFormatError as exc:
        raise DidError(f"did:key does not hold an Ed25519 key: {exc}") from exc
