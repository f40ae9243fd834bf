"""Resolving keys the way an outside verifier does: only through our public endpoints."""

from __future__ import annotations

import json
from typing import cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient

from badgeservice.crypto.keypairs import (
    PublicKey,
    ed25519_public_from_multibase,
    public_key_from_jwk,
    public_key_from_pem,
)
from badgeservice.formats.did import did_web_to_url, find_verification_method, split_did_url
from tests.conftest import PUBLIC_URL


def local_path(url: str) -> str:
    assert url.startswith(PUBLIC_URL), url
    return url.removeprefix(PUBLIC_URL)


def fetch_json(client: TestClient, url: str) -> dict[str, object]:
    response = client.get(local_path(url))
    assert response.status_code == 200, (url, response.status_code)
    return cast(dict[str, object], json.loads(response.content))


def did_method(client: TestClient, did_url: str) -> dict[str, object]:
    """The verification method ``did_url`` names, from the did:web document over HTTP;
    LookupError when the document does not list it under assertionMethod."""
    did, _ = split_did_url(did_url)
    document = fetch_json(client, did_web_to_url(did))
    method = find_verification_method(document, did_url)
    if method is None:
        raise LookupError(f"{did_url} is not an assertion method of {did}")
    return method


def ed25519_key(client: TestClient, did_url: str) -> Ed25519PublicKey:
    method = did_method(client, did_url)
    return ed25519_public_from_multibase(str(method["publicKeyMultibase"]))


def jwk_key(client: TestClient, did_url: str) -> PublicKey:
    method = did_method(client, did_url)
    jwk = method["publicKeyJwk"]
    assert isinstance(jwk, dict)
    return public_key_from_jwk(jwk)


def cryptographic_key(client: TestClient, key_url: str) -> PublicKey:
    document = fetch_json(client, key_url)
    return public_key_from_pem(str(document["publicKeyPem"]))
