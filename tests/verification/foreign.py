"""Another issuer, on the fake web: ``did:web:issuer.example`` with an Ed25519 key (Data
Integrity) and an RSA key (VC-JWT, OB 2.0), its DID document, status list and OB 2.0
documents, built with our own format builders and its own keys."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import orjson
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from badgeservice.crypto.keypairs import public_pem
from badgeservice.formats.data_integrity import add_proof
from badgeservice.formats.did import VerificationMethodInput, did_document
from badgeservice.formats.ob2_documents import (
    AssertionInput,
    BadgeClassInput,
    IssuerProfileInput,
    IssuerVerificationPolicy,
    RecipientInput,
    RecipientKind,
    badge_class,
    hosted_assertion,
    issuer_profile,
    signed_assertion,
)
from badgeservice.formats.ob2_signed import cryptographic_key, revocation_list, sign_assertion
from badgeservice.formats.ob3 import build_open_badge_credential, build_status_list_credential
from badgeservice.formats.ob3_inputs import (
    AchievementInput,
    CredentialInput,
    IdentityInput,
    ProfileInput,
    StatusEntryInput,
    SubjectInput,
)
from badgeservice.formats.status_list import new_bitstring, set_bit
from badgeservice.formats.vc_jwt import encode_vc_jwt
from tests.verification.conftest import RemoteWeb

HOST = "issuer.example"
ORIGIN = f"https://{HOST}"
DID = f"did:web:{HOST}"
DID_DOCUMENT_URL = f"{ORIGIN}/.well-known/did.json"
STATUS_LIST_URL = f"{ORIGIN}/status/1"
ISSUED = datetime(2026, 1, 15, 9, 0, 0, tzinfo=UTC)
EMAIL = "ana@example.org"
SALT = "pepper-and-salt"
INDEX = 4242
# OB 2.0
PROFILE_URL = f"{ORIGIN}/ob2/issuer"
KEY_URL = f"{ORIGIN}/ob2/key"
REVOCATIONS_URL = f"{ORIGIN}/ob2/revocations"
BADGE_URL = f"{ORIGIN}/ob2/badge"
ASSERTION_URL = f"{ORIGIN}/ob2/assertions/1"
SIGNED_ID = "urn:uuid:5d8f2a3e-1c4b-4e6f-9a7b-2c3d4e5f6a7b"


@functools.cache
def ed25519_key(name: str = "issuer") -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@functools.cache
def rsa_key(name: str = "issuer") -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


ED_METHOD = f"{DID}#key-1"
RSA_METHOD = f"{DID}#key-2"


def did_doc(*, listed: bool = True) -> dict[str, object]:
    document = did_document(
        DID,
        [
            VerificationMethodInput("1", ed25519_key().public_key()),
            VerificationMethodInput("2", rsa_key().public_key()),
        ],
    )
    if not listed:
        document["assertionMethod"] = []
    return document


def credential(
    *,
    issuer_id: str = DID,
    valid_from: datetime = ISSUED,
    valid_until: datetime | None = None,
    status_url: str | None = STATUS_LIST_URL,
    subject_id: str = "https://ana.example/",
) -> dict[str, object]:
    return build_open_badge_credential(
        CredentialInput(
            id=f"{ORIGIN}/credentials/1",
            issuer=ProfileInput(id=issuer_id, name="Issuer Example", url=ORIGIN),
            achievement=AchievementInput(
                id=f"{ORIGIN}/achievements/1",
                name="Jardinier",
                description="Fait pousser des jardins partagés.",
                criteria_narrative="Avoir ouvert un jardin.",
                achievement_type="Badge",
            ),
            subject=SubjectInput(id=subject_id, identifier=IdentityInput.hashed_email(EMAIL, SALT)),
            valid_from=valid_from,
            valid_until=valid_until,
            awarded_date=valid_from,
            name="Jardinier",
            status=None
            if status_url is None
            else StatusEntryInput(
                id=f"{ORIGIN}/credentials/1#status", status_list_credential=status_url, index=INDEX
            ),
        )
    )


def signed(
    document: dict[str, object],
    *,
    key: ed25519.Ed25519PrivateKey | None = None,
    method: str = ED_METHOD,
) -> dict[str, object]:
    return add_proof(
        document, private_key=key or ed25519_key(), verification_method=method, created=ISSUED
    )


def vc_jwt(
    document: dict[str, object], *, kid: str = RSA_METHOD, key: rsa.RSAPrivateKey | None = None
) -> str:
    return encode_vc_jwt(document, private_key=key or rsa_key(), alg="RS256", kid=kid)


def status_list(
    *,
    revoked: Iterable[int] = (),
    issuer_id: str = DID,
    key: ed25519.Ed25519PrivateKey | None = None,
) -> dict[str, object]:
    bits = new_bitstring()
    for index in revoked:
        set_bit(bits, index)
    unsigned = build_status_list_credential(
        credential_id=STATUS_LIST_URL, issuer=issuer_id, valid_from=ISSUED, bitstring=bits
    )
    return signed(unsigned, key=key)


def publish(
    remote: RemoteWeb,
    *,
    document: dict[str, object] | None = None,
    statuses: dict[str, object] | None = None,
) -> None:
    remote.serve(DID_DOCUMENT_URL, orjson.dumps(document or did_doc()), "application/did+json")
    remote.serve(STATUS_LIST_URL, orjson.dumps(statuses or status_list()), "application/vc+ld+json")


# --- OB 2.0 ----------------------------------------------------------------------------------


def ob2_assertion_input(assertion_id: str, *, expires: datetime | None = None) -> AssertionInput:
    return AssertionInput(
        id=assertion_id,
        recipient=RecipientInput(kind=RecipientKind.EMAIL, identity=EMAIL, salt=SALT),
        badge=BADGE_URL,
        issued_on=ISSUED,
        expires=expires,
    )


def ob2_hosted(assertion_id: str = ASSERTION_URL) -> dict[str, object]:
    return hosted_assertion(ob2_assertion_input(assertion_id))


def ob2_signed(*, creator: str = KEY_URL, key: rsa.RSAPrivateKey | None = None) -> str:
    document = signed_assertion(ob2_assertion_input(SIGNED_ID), creator=creator)
    return sign_assertion(document, private_key=key or rsa_key())


def publish_ob2(
    remote: RemoteWeb,
    *,
    profile_id: str = PROFILE_URL,
    policy: IssuerVerificationPolicy | None = None,
    public_keys: tuple[str, ...] = (KEY_URL,),
    owner: str = PROFILE_URL,
    revoked: tuple[str, ...] = (),
) -> None:
    profile = issuer_profile(
        IssuerProfileInput(
            id=profile_id,
            name="Issuer Example",
            url=ORIGIN,
            email="contact@issuer.example",
            public_keys=public_keys,
            revocation_list=REVOCATIONS_URL,
            verification=policy,
        )
    )
    badge = badge_class(
        BadgeClassInput(
            id=BADGE_URL,
            name="Jardinier",
            description="Fait pousser des jardins partagés.",
            image=f"{ORIGIN}/badge.png",
            criteria_narrative="Avoir ouvert un jardin.",
            criteria_url=None,
            issuer=profile_id,
        )
    )
    key = cryptographic_key(KEY_URL, owner, public_pem(rsa_key().public_key()))
    revocations = revocation_list(REVOCATIONS_URL, profile_id, [(r, "fraude") for r in revoked])
    for url, document in (
        (profile_id, profile),
        (BADGE_URL, badge),
        (KEY_URL, key),
        (REVOCATIONS_URL, revocations),
    ):
        remote.serve(url, orjson.dumps(document), "application/ld+json")


def later(days: int) -> datetime:
    return ISSUED + timedelta(days=days)
