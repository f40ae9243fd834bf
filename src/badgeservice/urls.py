"""Every public URL and IRI the service mints, built from PUBLIC_URL (DESIGN.md "URLs")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import lru_cache

from badgeservice.formats.did import did_web_for


@dataclass(frozen=True)
class Urls:
    public_url: str

    def absolute(self, path: str) -> str:
        return self.public_url + path

    def issuer_did(self, slug: str) -> str:
        """``did:web:{host}[%3A{port}][:{base path}]:issuers:{slug}`` (did:web §3.1 Create);
        did:web resolution of it (§3.2 Read) gives :meth:`issuer_did_document`."""
        return _issuer_did(self.public_url, slug)

    def issuer_did_document(self, slug: str) -> str:
        return self.absolute(f"/issuers/{slug}/did.json")

    def issuer_key_did_url(self, slug: str, kid: str) -> str:
        """A signing key's verification method id: the full DID URL (FACTS gotcha 6)."""
        return f"{self.issuer_did(slug)}#{kid}"

    def ob2_issuer(self, issuer_id: uuid.UUID) -> str:
        return self.absolute(f"/ob2/issuers/{issuer_id}")

    def ob2_issuer_key(self, issuer_id: uuid.UUID, kid: str) -> str:
        """An RSA key as an OB 2.0 CryptographicKey (signed badges' ``verification.creator``)."""
        return self.absolute(f"/ob2/issuers/{issuer_id}/keys/{kid}")

    def ob2_revocation_list(self, issuer_id: uuid.UUID) -> str:
        return self.absolute(f"/ob2/issuers/{issuer_id}/revocations")

    def ob2_badge_class(self, badge_class_id: uuid.UUID) -> str:
        return self.absolute(f"/ob2/badge-classes/{badge_class_id}")

    def ob2_badge_class_version(self, badge_class_id: uuid.UUID, version: int) -> str:
        return self.absolute(f"/ob2/badge-classes/{badge_class_id}/versions/{version}")

    def ob3_achievement(self, badge_class_id: uuid.UUID) -> str:
        return self.absolute(f"/ob3/achievements/{badge_class_id}")

    def badge_class_page(self, badge_class_id: uuid.UUID) -> str:
        return self.absolute(f"/badge-classes/{badge_class_id}")

    def issuer_page(self, issuer_id: uuid.UUID) -> str:
        return self.absolute(f"/issuers/{issuer_id}")

    def image(self, image_id: uuid.UUID) -> str:
        """The image as uploaded (PNG or sanitised SVG)."""
        return self.absolute(f"/images/{image_id}")

    def image_png(self, image_id: uuid.UUID) -> str:
        """The PNG rendition of the image (what badges are baked into)."""
        return self.absolute(f"/images/{image_id}.png")

    def ob2_assertion(self, award_id: uuid.UUID) -> str:
        return self.absolute(f"/ob2/assertions/{award_id}")

    def ob2_signed_assertion(self, award_id: uuid.UUID) -> str:
        return self.absolute(f"/ob2/assertions/{award_id}.jws")

    def ob3_credential(self, award_id: uuid.UUID) -> str:
        return self.absolute(f"/ob3/credentials/{award_id}")

    def ob3_credential_jwt(self, award_id: uuid.UUID) -> str:
        return self.absolute(f"/ob3/credentials/{award_id}.jwt")

    def ob3_status_list(self, status_list_id: uuid.UUID) -> str:
        return self.absolute(f"/ob3/status-lists/{status_list_id}")

    def badge_page(self, award_id: uuid.UUID) -> str:
        return self.absolute(f"/badges/{award_id}")

    def badge_image(self, award_id: uuid.UUID, extension: str) -> str:
        return self.absolute(f"/badges/{award_id}/image.{extension}")


# Every award names its issuer's DID (several times): parsing and checking the public URL
# again each time would be work thrown away. Bounded: one entry per issuer and public URL.
@lru_cache(maxsize=1024)
def _issuer_did(public_url: str, slug: str) -> str:
    return did_web_for(public_url, ["issuers", slug])
