"""Public documents built when asked for (not stored): issuer DID documents, the OB 2.0 Issuer
Profile, CryptographicKey, RevocationList and BadgeClass, the OB 3.0 Achievement.

One builder per document, shared by the public routers (which add media types and caching) and
the verifier (which resolves our own URLs locally, without HTTP): both always see the same
document. OB 2.0 has no language maps: texts are published in French, the network's language
(English when a French text is empty).
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from badgeservice.awards import revocation
from badgeservice.awards.documents import achievement_input
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.crypto.keypairs import KeyAlgorithm, public_key_from_jwk
from badgeservice.formats.did import VerificationMethodInput, did_document
from badgeservice.formats.ob2_documents import (
    AlignmentInput,
    BadgeClassInput,
    IssuerProfileInput,
    badge_class,
    issuer_profile,
)
from badgeservice.formats.ob2_signed import cryptographic_key, revocation_list
from badgeservice.formats.ob3 import build_achievement_document
from badgeservice.issuers import service as issuers
from badgeservice.keys import service as keys
from badgeservice.keys.models import KID_PREFIX, SigningKey
from badgeservice.keys.service import IssuerKeys
from badgeservice.urls import Urls


def issuer_did_document(session: Session, *, slug: str, urls: Urls) -> dict[str, object]:
    """``did:web:{host}:issuers:{slug}``'s document: Ed25519 keys as ``Multikey``, RSA/P-256 as
    ``JsonWebKey``, active and retired, by full DID URL in ``assertionMethod``; revoked keys are
    left out entirely. NotFoundError for an unknown slug."""
    published = keys.published_keys_by_slug(session, slug=slug)
    return did_document(
        urls.issuer_did(published.issuer.slug), [_method(key) for key in published.keys]
    )


def _method(key: SigningKey) -> VerificationMethodInput:
    # formats.did names methods "<did>#key-<key_id>": pass the kid without its prefix, so the
    # method id is exactly Urls.issuer_key_did_url (the kid is the whole fragment).
    return VerificationMethodInput(
        key_id=key.kid.removeprefix(KID_PREFIX), public_key=public_key_from_jwk(key.public_jwk)
    )


def ob2_issuer_profile(session: Session, *, issuer_id: uuid.UUID, urls: Urls) -> dict[str, object]:
    """The OB 2.0 Issuer Profile, listing the RSA keys (active and retired) in ``publicKey``."""
    published = keys.published_keys(session, issuer_id=issuer_id)
    return issuer_profile(profile_input(published, urls))


def ob2_revocation_list(session: Session, *, issuer_id: uuid.UUID, urls: Urls) -> dict[str, object]:
    """The issuer's OB 2.0 RevocationList: its revoked signed assertions' ids, with reasons."""
    issuer = issuers.get_issuer(session, issuer_id=issuer_id)
    revoked = revocation.revoked_signed_assertions(session, issuer_id=issuer.id)
    return revocation_list(urls.ob2_revocation_list(issuer.id), urls.ob2_issuer(issuer.id), revoked)


def ob2_cryptographic_key(
    session: Session, *, issuer_id: uuid.UUID, kid: str, urls: Urls
) -> dict[str, object]:
    """An RSA key as an OB 2.0 CryptographicKey (only RSA: OB 2.0 signed badges are RS256).
    SigningKeyNotFoundError when unknown, SigningKeyRevokedError (410) once revoked."""
    key = keys.published_key(session, issuer_id=issuer_id, kid=kid, algorithm=KeyAlgorithm.RS256)
    return cryptographic_key(
        urls.ob2_issuer_key(issuer_id, key.kid), urls.ob2_issuer(issuer_id), key.public_key_pem
    )


def ob2_badge_class(
    session: Session, *, badge_class_id: uuid.UUID, urls: Urls, version: int | None = None
) -> dict[str, object]:
    """The OB 2.0 BadgeClass: the label's current version, or version ``version``."""
    if version is None:
        view = badge_classes.get_badge_class(session, badge_class_id=badge_class_id)
        document_id = urls.ob2_badge_class(badge_class_id)
    else:
        view = badge_classes.get_version(session, badge_class_id=badge_class_id, version=version)
        document_id = urls.ob2_badge_class_version(badge_class_id, version)
    return badge_class(badge_class_input(view, document_id, urls))


def ob3_achievement(
    session: Session, *, badge_class_id: uuid.UUID, urls: Urls
) -> dict[str, object]:
    """The OB 3.0 Achievement of the label's current version, with its JSON-LD context."""
    view = badge_classes.get_badge_class(session, badge_class_id=badge_class_id)
    return build_achievement_document(achievement_input(urls, view.version))


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
