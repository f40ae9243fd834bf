"""Upload validation: the bytes decide the type, caps apply before decoding, SVG is sanitised."""

from __future__ import annotations

import io
import struct
import zlib

import png
import pytest
from PIL import Image

from badgeservice.formats.images import ImageRejected, sniff_media_type, validate_badge_image

MAX = 1024 * 1024


def _png(size: tuple[int, int] = (16, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (10, 120, 200, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def _other(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(buffer, format=image_format)
    return buffer.getvalue()


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    return [(bytes(kind), bytes(body)) for kind, body in png.Reader(bytes=data).chunks()]


def _write(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = io.BytesIO()
    png.write_chunks(out, chunks)
    return out.getvalue()


def _header_only_png(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims ``width`` x ``height`` 1-bit pixels, with a token IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return _write([(b"IHDR", ihdr), (b"IDAT", zlib.compress(b"\x00" * 64)), (b"IEND", b"")])


def _rejected(data: bytes, **caps: int) -> str:
    with pytest.raises(ImageRejected) as caught:
        validate_badge_image(data, max_bytes=caps.pop("max_bytes", MAX), declared_type=None, **caps)
    return caught.value.code


def test_png_is_accepted_unchanged_with_its_size() -> None:
    data = _png((16, 8))
    image = validate_badge_image(data, max_bytes=MAX, declared_type="image/png")
    assert image.media_type == "image/png"
    assert image.data == data
    assert (image.width, image.height) == (16, 8)


def test_png_declared_as_jpeg_is_accepted_as_png() -> None:
    image = validate_badge_image(_png(), max_bytes=MAX, declared_type="image/jpeg")
    assert image.media_type == "image/png"


@pytest.mark.parametrize("image_format", ["JPEG", "GIF", "BMP", "WEBP"])
def test_other_raster_formats_are_refused_even_when_declared_png(image_format: str) -> None:
    with pytest.raises(ImageRejected) as caught:
        validate_badge_image(_other(image_format), max_bytes=MAX, declared_type="image/png")
    assert caught.value.code == "unsupported_type"


@pytest.mark.parametrize(
    "data",
    [b"<!DOCTYPE html><html><body>hi</body></html>", b"<html><p>unclosed", b"hello", b""],
    ids=["html", "broken_html", "text", "empty"],
)
def test_non_image_content_is_refused_as_unsupported(data: bytes) -> None:
    assert _rejected(data) == "unsupported_type"


def test_oversized_upload_is_refused_before_parsing() -> None:
    # Not a parseable PNG at all: a size refusal proves nothing was decoded first.
    data = _png()[:16] + b"\x00" * 100
    assert _rejected(data, max_bytes=64) == "too_large"
    assert _rejected(data, max_bytes=len(data)) == "corrupt"


def test_png_with_too_many_pixels_is_refused_from_its_header() -> None:
    assert _rejected(_header_only_png(5000, 10)) == "too_many_pixels"
    assert _rejected(_header_only_png(3000, 3000), max_pixels=1_000_000) == "too_many_pixels"


def test_png_within_caps_but_over_pillow_limit_is_a_decompression_bomb() -> None:
    bomb = _header_only_png(14_000, 14_000)  # twice Pillow's MAX_IMAGE_PIXELS: an error
    assert _rejected(bomb, max_side=20_000, max_pixels=400_000_000) == "decompression_bomb"


def test_png_with_text_chunk_bomb_is_refused() -> None:
    chunks = _chunks(_png())
    bomb = b"Comment\x00\x00" + zlib.compress(b"\x00" * (2 * 1024 * 1024), 9)
    data = _write([chunks[0], (b"zTXt", bomb), *chunks[1:]])
    assert _rejected(data) == "decompression_bomb"


def test_truncated_png_is_corrupt() -> None:
    data = _png((64, 64))
    assert _rejected(data[: len(data) - 20]) == "corrupt"


def test_png_with_bad_crc_is_corrupt() -> None:
    chunks = _chunks(_png((32, 32)))
    data = bytearray(_write(chunks))
    idat_at = data.index(b"IDAT")
    data[idat_at + 6] ^= 0xFF  # inside the compressed data; the stored CRC no longer matches
    assert _rejected(bytes(data)) == "corrupt"


def test_png_whose_first_chunk_is_not_ihdr_is_corrupt() -> None:
    chunks = _chunks(_png())
    data = _write([(b"tEXt", b"a\x00b"), *chunks])
    assert _rejected(data) == "corrupt"


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"'
    b' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 300 200"'
    b' inkscape:version="1.3"><rect width="300" height="200" fill="#123456"/></svg>'
)


def test_svg_is_accepted_sanitised_with_viewbox_size() -> None:
    image = validate_badge_image(SVG, max_bytes=MAX, declared_type="image/png")
    assert image.media_type == "image/svg+xml"
    assert b"inkscape" not in image.data
    assert b'<rect width="300" height="200" fill="#123456"/>' in image.data
    assert (image.width, image.height) == (300, 200)


def test_svg_with_script_is_refused_as_unsafe() -> None:
    data = SVG.replace(b"</svg>", b"<script>alert(1)</script></svg>")
    assert _rejected(data) == "unsafe_svg"


def test_svg_without_any_size_is_refused() -> None:
    assert _rejected(b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>') == "corrupt"


def test_sniffing_reads_bytes_not_names() -> None:
    assert sniff_media_type(_png()) == "image/png"
    assert sniff_media_type(b"\xef\xbb\xbf  \n" + SVG) == "image/svg+xml"
    assert sniff_media_type(b"<html><body></body></html>") is None
    assert sniff_media_type(_other("JPEG")) is None
