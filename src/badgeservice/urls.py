"""Every public URL and IRI the service mints, built from PUBLIC_URL (DESIGN.md "URLs")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Urls:
    public_url: str

    def absolute(self, path: str) -> str:
        return self.public_url + path

    # did:web (https://w3c-ccg.github.io/did-method-web/): port percent-encoded.
    def issuer_did(self, slug: str) -> str:
        parts = urlsplit(self.public_url)
        host = parts.hostname or ""
        if parts.port is not None:
            host = f"{host}%3A{parts.port}"
        path = [quote(seg, safe="") for seg in parts.path.split("/") if seg]
        return ":".join(["did:web", host, *path, "issuers", slug])

    def issuer_did_document(self, slug: str) -> str:
        return self.absolute(f"/issuers/{slug}/did.json")

    def ob2_issuer(self, issuer_id: uuid.UUID) -> str:
        return self.absolute(f"/ob2/issuers/{issuer_id}")

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
