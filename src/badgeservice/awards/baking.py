"""Baked badge images (OB 2.0 Baking; OB 3.0 §5.3 "Baked Badge"): the label's image with one
award's document inside, in the format the holder asks for."""

from __future__ import annotations

from enum import StrEnum

from badgeservice.awards.public_service import BakingSource
from badgeservice.formats.baking_png import bake_png
from badgeservice.formats.baking_svg import SvgPayload, bake_svg, svg_wrapping_png
from badgeservice.urls import Urls


class BakedFormat(StrEnum):
    OB3 = "ob3"  # the credential JSON with its Data Integrity proof (default)
    OB3_JWT = "ob3-jwt"  # the VC-JWT
    OB2 = "ob2"  # the hosted assertion
    OB2_SIGNED = "ob2-signed"  # the signed assertion (JWS)


def baked_png(source: BakingSource, fmt: BakedFormat) -> bytes:
    award = source.award
    if fmt is BakedFormat.OB3:
        return bake_png(
            source.image.png_data, keyword="openbadgecredential", text=award.ob3_json.decode()
        )
    if fmt is BakedFormat.OB3_JWT:
        return bake_png(
            source.image.png_data, keyword="openbadgecredential", text=award.ob3_jwt.decode()
        )
    if fmt is BakedFormat.OB2:
        return bake_png(source.image.png_data, keyword="openbadges", text=award.ob2_hosted.decode())
    return bake_png(source.image.png_data, keyword="openbadges", text=award.ob2_signed.decode())


def baked_svg(source: BakingSource, fmt: BakedFormat, urls: Urls) -> bytes:
    image = source.image
    if image.media_type == "image/svg+xml":
        svg = image.data
    else:
        svg = svg_wrapping_png(image.png_data, width=image.width, height=image.height)
    award = source.award
    payloads = {
        BakedFormat.OB3: SvgPayload("ob3", verify=None, embedded_json=award.ob3_json.decode()),
        BakedFormat.OB3_JWT: SvgPayload("ob3", verify=award.ob3_jwt.decode(), embedded_json=None),
        BakedFormat.OB2: SvgPayload(
            "ob2", verify=urls.ob2_assertion(award.id), embedded_json=award.ob2_hosted.decode()
        ),
        BakedFormat.OB2_SIGNED: SvgPayload(
            "ob2", verify=award.ob2_signed.decode(), embedded_json=None
        ),
    }
    return bake_svg(svg, payload=payloads[fmt])
