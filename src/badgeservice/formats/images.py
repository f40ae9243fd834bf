"""Validate an uploaded badge image: PNG or SVG, decided from the bytes, never from a header.

OB 2.0 BadgeClass ``image`` and OB 3.0 ``Achievement.image`` must be PNG or SVG for the image to
be bakeable (OB 2.0 Baking; OB 3.0 "Baked Badge"). A PNG is checked by Pillow under our own
pixel cap and returned unchanged (its pixels are never re-encoded); an SVG is returned sanitised.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass
from typing import Literal, TypeAlias

from PIL import Image

from badgeservice.formats.image_rejected import ImageRejected, ImageRejectedCode
from badgeservice.formats.svg_sanitize import sanitize_svg

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "DEFAULT_MAX_SIDE",
    "ImageRejected",
    "ImageRejectedCode",
    "MediaType",
    "ValidatedImage",
    "sniff_media_type",
    "validate_badge_image",
]

MediaType: TypeAlias = Literal["image/png", "image/svg+xml"]

DEFAULT_MAX_SIDE = 4096
DEFAULT_MAX_PIXELS = 4096 * 4096

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IHDR_END = 8 + 8 + 13 + 4  # signature, length + type, IHDR body, CRC
_XML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<")
_SVG_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?svg[\s/>]")
_KNOWN_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"RIFF", "RIFF (WebP?)"),
    (b"BM", "BMP"),
    (b"%PDF", "PDF"),
    (b"\x00\x00\x01\x00", "ICO"),
)


@dataclass(frozen=True)
class ValidatedImage:
    """An accepted badge image: PNG bytes as uploaded, or sanitised SVG bytes."""

    media_type: MediaType
    data: bytes
    width: int
    height: int


def sniff_media_type(data: bytes) -> MediaType | None:
    """PNG by its signature (PNG 3rd ed. §5.2), SVG by an XML start holding an ``<svg`` tag."""
    if data.startswith(PNG_SIGNATURE):
        return "image/png"
    if _XML_START.match(data) and _SVG_TAG.search(data):
        return "image/svg+xml"
    return None


def validate_badge_image(
    data: bytes,
    *,
    max_bytes: int,
    declared_type: str | None,
    max_side: int = DEFAULT_MAX_SIDE,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> ValidatedImage:
    """Accept a PNG or SVG badge image, or raise ``ImageRejected`` with a stable code.

    The type is sniffed from the bytes; ``declared_type`` (a client's Content-Type) is never
    trusted, so a PNG sent as ``image/jpeg`` is accepted as PNG and a JPEG sent as ``image/png`` is
    refused. Size is checked before any parsing, PNG dimensions before any decoding.
    """
    del declared_type  # kept in the signature so callers pass it knowingly; the bytes decide
    if len(data) > max_bytes:
        raise ImageRejected("too_large", f"the image has {len(data)} bytes, over {max_bytes}")
    media_type = sniff_media_type(data)
    if media_type == "image/png":
        width, height = _validate_png(data, max_side=max_side, max_pixels=max_pixels)
        return ValidatedImage(media_type=media_type, data=data, width=width, height=height)
    if media_type == "image/svg+xml":
        sanitized = sanitize_svg(data, strict=True)
        if sanitized.width is None or sanitized.height is None:
            raise ImageRejected("corrupt", "the SVG has neither absolute width/height nor viewBox")
        return ValidatedImage(
            media_type=media_type,
            data=sanitized.data,
            width=sanitized.width,
            height=sanitized.height,
        )
    found = next((name for magic, name in _KNOWN_SIGNATURES if data.startswith(magic)), None)
    what = f"a {found} file" if found else "neither PNG nor SVG"
    raise ImageRejected("unsupported_type", f"the image is {what}; only PNG and SVG are accepted")


def _png_header_size(data: bytes) -> tuple[int, int]:
    """Width and height from IHDR, which PNG requires to be the first chunk (PNG §11.2.1)."""
    if len(data) < _IHDR_END or data[12:16] != b"IHDR":
        raise ImageRejected("corrupt", "the PNG does not start with an IHDR chunk")
    length, width, height = struct.unpack(">I4xII", data[8:24])
    if length != 13 or width == 0 or height == 0:
        raise ImageRejected("corrupt", "the PNG IHDR chunk is invalid")
    return width, height


def _validate_png(data: bytes, *, max_side: int, max_pixels: int) -> tuple[int, int]:
    width, height = _png_header_size(data)
    if width > max_side or height > max_side or width * height > max_pixels:
        raise ImageRejected(
            "too_many_pixels",
            f"the PNG is {width}x{height}; at most {max_side} per side and {max_pixels} pixels",
        )
    try:
        # verify() checks chunk CRCs without decoding; it leaves the image unusable, so the
        # pixels are then decoded from a fresh open to catch truncated or corrupt IDAT data.
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.verify()
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own pixel limit (raised as a warning, or an error past twice the limit);
        # reached only when our caps are set above it.
        raise ImageRejected("decompression_bomb", str(exc)) from None
    except ValueError as exc:
        # Pillow caps decompressed text and ICC chunks (MAX_TEXT_CHUNK, MAX_TEXT_MEMORY) with a
        # ValueError; its message is the only thing telling that apart from other damage.
        message = str(exc).lower()
        bomb = "too large" in message or "too much memory" in message
        code: ImageRejectedCode = "decompression_bomb" if bomb else "corrupt"
        raise ImageRejected(code, f"the PNG could not be read: {exc}") from None
    except (OSError, SyntaxError, EOFError, struct.error, zlib.error) as exc:
        raise ImageRejected("corrupt", f"the PNG could not be decoded: {exc}") from None
    return width, height
