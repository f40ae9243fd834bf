"""What a baked badge image carries, shared by PNG and SVG baking (FACTS.md §1.4, §2.12)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

BakedFormat: TypeAlias = Literal["ob2", "ob3"]

BakingErrorCode: TypeAlias = Literal[
    "not_png",
    "not_svg",
    "corrupt",
    "too_large",
    "too_many_chunks",
    "duplicate_payload",
    "unsafe_xml",
    "invalid_payload",
]

# PNG iTXt keywords (OB 2.0 Baking; OB 3.0 "Baked Badge"; the 1EdTech validator reads the same).
PNG_KEYWORDS: dict[BakedFormat, str] = {"ob2": "openbadges", "ob3": "openbadgecredential"}

# SVG namespaces and element names, each bound to the prefix ``openbadges``.
SVG_PREFIX = "openbadges"
OB2_SVG_NAMESPACE = "http://openbadges.org"
OB3_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_ELEMENTS: dict[BakedFormat, str] = {
    "ob2": f"{{{OB2_SVG_NAMESPACE}}}assertion",
    "ob3": f"{{{OB3_SVG_NAMESPACE}}}credential",
}


@dataclass(frozen=True)
class BakedPayload:
    """What was found in a baked image.

    ``text`` is the embedded document: the PNG iTXt text (a compact JWS / VC-JWT or JSON), or the
    body of the SVG element (JSON). ``verify`` is the SVG ``verify`` attribute (a JWS, VC-JWT or,
    for OB 2.0, the hosted assertion URL). ``legacy_url`` is an OB 1.x-style ``tEXt`` chunk
    ``openbadges`` holding an assertion URL.
    """

    format: BakedFormat
    text: str | None
    verify: str | None
    legacy_url: str | None


class BakingError(ValueError):
    """A badge image could not be baked or read; ``code`` is stable, ``detail`` explains."""

    def __init__(self, code: BakingErrorCode, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code: BakingErrorCode = code
        self.detail = detail
