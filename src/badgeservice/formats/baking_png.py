"""Bake an Open Badges payload into a PNG, and read one back, as an uncompressed iTXt chunk.

OB 2.0 Baking (keyword ``openbadges``) and OB 3.0 "Baked Badge" (keyword ``openbadgecredential``):
one iTXt chunk, compression MUST NOT be used, at most one such chunk (FACTS.md §1.4, §2.12).
Chunks are read and written with pypng, which checks lengths and CRCs and never decodes pixels;
every other chunk is copied byte for byte.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Literal, TypeAlias

import png

from badgeservice.formats.baking_payload import PNG_KEYWORDS, BakedFormat, BakedPayload, BakingError

PngKeyword: TypeAlias = Literal["openbadges", "openbadgecredential"]

DEFAULT_MAX_PNG_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_CHUNKS = 10_000

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_FORMAT_BY_KEYWORD: dict[bytes, BakedFormat] = {
    keyword.encode("latin-1"): badge_format for badge_format, keyword in PNG_KEYWORDS.items()
}
_TEXT_CHUNKS = (b"iTXt", b"tEXt", b"zTXt")


def itxt_chunk_data(keyword: str, text: str) -> bytes:
    """The body of an uncompressed iTXt chunk (PNG 3rd ed. §11.3.3.4).

    keyword, NUL, compression flag 0, compression method 0, empty language tag, NUL, empty
    translated keyword, NUL, then the UTF-8 text (not NUL-terminated).
    """
    if not 1 <= len(keyword) <= 79:
        raise BakingError("invalid_payload", "an iTXt keyword has 1 to 79 characters")
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        raise BakingError("invalid_payload", "the text is not encodable as UTF-8") from None
    return keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + encoded


def bake_png(
    png_bytes: bytes,
    *,
    keyword: PngKeyword,
    text: str,
    max_bytes: int = DEFAULT_MAX_PNG_BYTES,
    max_chunks: int = DEFAULT_MAX_CHUNKS,
) -> bytes:
    """Return ``png_bytes`` with one uncompressed iTXt ``keyword`` chunk holding ``text``.

    OB 2.0 Baking §PNG / OB 3.0 §"Baked Badge" PNG: any earlier Open Badges payload (iTXt, tEXt or
    zTXt with either keyword) is removed, so the image holds exactly this one. The chunk goes
    straight after IHDR, where readers that stop at the first IDAT also find it.
    """
    if keyword not in PNG_KEYWORDS.values():
        raise BakingError("invalid_payload", f"unknown Open Badges keyword {keyword!r}")
    chunks = list(_read_chunks(png_bytes, max_bytes=max_bytes, max_chunks=max_chunks))
    kept = [(kind, data) for kind, data in chunks if _badge_keyword(kind, data) is None]
    new_chunk = (b"iTXt", itxt_chunk_data(keyword, text))
    out = io.BytesIO()
    png.write_chunks(out, [kept[0], new_chunk, *kept[1:]])
    return out.getvalue()


def unbake_png(
    png_bytes: bytes,
    *,
    max_text_bytes: int,
    max_bytes: int = DEFAULT_MAX_PNG_BYTES,
    max_chunks: int = DEFAULT_MAX_CHUNKS,
) -> BakedPayload | None:
    """Read the Open Badges payload of a baked PNG, or None when it carries none.

    OB 2.0 Baking §PNG "Extracting" / OB 3.0 §"Baked Badge": iTXt ``openbadges`` (OB 2.0) or
    ``openbadgecredential`` (OB 3.0); a legacy tEXt ``openbadges`` chunk holds an assertion URL.
    Compressed iTXt (forbidden when baking) is still read, decompressed to at most
    ``max_text_bytes``. Raises ``BakingError`` for a file that is not a PNG, is truncated, fails
    a CRC, exceeds a cap, or holds more than one payload.
    """
    itxt: dict[BakedFormat, list[str]] = {"ob2": [], "ob3": []}
    legacy: list[str] = []
    for kind, data in _read_chunks(png_bytes, max_bytes=max_bytes, max_chunks=max_chunks):
        badge_format = _badge_keyword(kind, data)
        if badge_format is None:
            continue
        if kind == b"iTXt":
            itxt[badge_format].append(_itxt_text(data, max_text_bytes=max_text_bytes))
        elif kind == b"tEXt" and badge_format == "ob2":
            legacy.append(_text_chunk_text(data, max_text_bytes=max_text_bytes))
    if len(itxt["ob2"]) > 1 or len(itxt["ob3"]) > 1 or len(legacy) > 1:
        raise BakingError("duplicate_payload", "the PNG holds more than one Open Badges chunk")
    if itxt["ob3"] and (itxt["ob2"] or legacy):
        raise BakingError("duplicate_payload", "the PNG holds both an OB 2.0 and an OB 3.0 chunk")
    legacy_url = legacy[0] if legacy else None
    if itxt["ob3"]:
        return BakedPayload(format="ob3", text=itxt["ob3"][0], verify=None, legacy_url=None)
    if itxt["ob2"] or legacy_url is not None:
        text = itxt["ob2"][0] if itxt["ob2"] else None
        return BakedPayload(format="ob2", text=text, verify=None, legacy_url=legacy_url)
    return None


def _read_chunks(
    png_bytes: bytes, *, max_bytes: int, max_chunks: int
) -> Iterator[tuple[bytes, bytes]]:
    if len(png_bytes) > max_bytes:
        raise BakingError("too_large", f"the PNG has {len(png_bytes)} bytes, over {max_bytes}")
    if not png_bytes.startswith(PNG_SIGNATURE):
        raise BakingError("not_png", "the file does not start with the PNG signature")
    reader = png.Reader(bytes=png_bytes)
    count = 0
    try:
        for kind, data in reader.chunks():
            count += 1
            if count > max_chunks:
                raise BakingError("too_many_chunks", f"the PNG has over {max_chunks} chunks")
            if count == 1 and kind != b"IHDR":
                raise BakingError("corrupt", "the first PNG chunk is not IHDR")
            yield bytes(kind), bytes(data)
    except png.Error as exc:
        raise BakingError("corrupt", f"the PNG is truncated or damaged: {exc}") from None


def _badge_keyword(kind: bytes, data: bytes) -> BakedFormat | None:
    if kind not in _TEXT_CHUNKS:
        return None
    keyword, separator, _ = data.partition(b"\x00")
    return _FORMAT_BY_KEYWORD.get(keyword) if separator else None


def _itxt_text(data: bytes, *, max_text_bytes: int) -> str:
    _, _, rest = data.partition(b"\x00")
    if len(rest) < 2:
        raise BakingError("corrupt", "the iTXt chunk ends inside its header")
    compressed, method, rest = rest[0], rest[1], rest[2:]
    _language, separator, rest = rest.partition(b"\x00")
    _translated, separator2, body = rest.partition(b"\x00")
    if not (separator and separator2) or compressed not in (0, 1):
        raise BakingError("corrupt", "the iTXt chunk header is malformed")
    if compressed:
        if method != 0:
            raise BakingError("corrupt", "the iTXt chunk uses an unknown compression method")
        body = _inflate(body, max_text_bytes=max_text_bytes)
    elif len(body) > max_text_bytes:
        raise BakingError("too_large", f"the iTXt text is over {max_text_bytes} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise BakingError("corrupt", "the iTXt text is not UTF-8") from None


def _text_chunk_text(data: bytes, *, max_text_bytes: int) -> str:
    _, _, body = data.partition(b"\x00")
    if len(body) > max_text_bytes:
        raise BakingError("too_large", f"the tEXt text is over {max_text_bytes} bytes")
    return body.decode("latin-1")  # tEXt is Latin-1 by definition (PNG §11.3.3.2)


def _inflate(body: bytes, *, max_text_bytes: int) -> bytes:
    """zlib-inflate at most ``max_text_bytes`` (a small chunk can expand a thousandfold)."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(body, max_text_bytes + 1)
    except zlib.error as exc:
        raise BakingError("corrupt", f"the compressed iTXt text is damaged: {exc}") from None
    if len(text) > max_text_bytes or inflater.unconsumed_tail:
        raise BakingError("too_large", f"the iTXt text inflates past {max_text_bytes} bytes")
    if not inflater.eof:
        raise BakingError("corrupt", "the compressed iTXt text is truncated")
    return text
