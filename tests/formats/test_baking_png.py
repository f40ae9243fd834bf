"""PNG baking: one uncompressed iTXt chunk after IHDR, read back exactly; damaged files refused."""

from __future__ import annotations

import io
import zlib

import png
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from badgeservice.formats.baking_payload import BakingError
from badgeservice.formats.baking_png import PngKeyword, bake_png, itxt_chunk_data, unbake_png

KEYWORDS: list[PngKeyword] = ["openbadges", "openbadgecredential"]
FORMATS = {"openbadges": "ob2", "openbadgecredential": "ob3"}
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2V4YW1wbGUub3JnIn0.c2lnbmF0dXJl"
MAX_TEXT = 1024 * 1024


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (24, 12), (200, 30, 90, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


BASE = _png()


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    return [(bytes(kind), bytes(body)) for kind, body in png.Reader(bytes=data).chunks()]


def _write(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = io.BytesIO()
    png.write_chunks(out, chunks)
    return out.getvalue()


def _with(*extra: tuple[bytes, bytes]) -> bytes:
    chunks = _chunks(BASE)
    return _write([chunks[0], *extra, *chunks[1:]])


def _error(data: bytes, **options: int) -> str:
    with pytest.raises(BakingError) as caught:
        unbake_png(data, max_text_bytes=options.pop("max_text_bytes", MAX_TEXT), **options)
    return caught.value.code


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_baked_png_reads_back_its_text_and_format(keyword: PngKeyword) -> None:
    payload = unbake_png(bake_png(BASE, keyword=keyword, text=JWS), max_text_bytes=MAX_TEXT)
    assert payload is not None
    assert payload.format == FORMATS[keyword]
    assert payload.text == JWS
    assert payload.verify is None
    assert payload.legacy_url is None


@given(text=st.text(), keyword=st.sampled_from(KEYWORDS))
def test_any_text_round_trips_through_bake_and_unbake(text: str, keyword: PngKeyword) -> None:
    payload = unbake_png(bake_png(BASE, keyword=keyword, text=text), max_text_bytes=MAX_TEXT)
    assert payload is not None
    assert payload.text == text
    assert payload.format == FORMATS[keyword]


def test_itxt_chunk_is_uncompressed_and_placed_right_after_ihdr() -> None:
    text = '{"name": "Coopérer"}'
    chunks = _chunks(bake_png(BASE, keyword="openbadges", text=text))
    assert chunks[0][0] == b"IHDR"
    assert chunks[1] == (b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + text.encode("utf-8"))


def test_baking_keeps_every_other_chunk_byte_for_byte() -> None:
    baked = _chunks(bake_png(BASE, keyword="openbadgecredential", text=JWS))
    assert [chunk for chunk in baked if chunk[0] != b"iTXt"] == _chunks(BASE)
    with Image.open(io.BytesIO(_write(baked))) as image, Image.open(io.BytesIO(BASE)) as plain:
        assert image.tobytes() == plain.tobytes()


def test_pillow_reads_the_baked_text_as_an_independent_reader() -> None:
    with Image.open(io.BytesIO(bake_png(BASE, keyword="openbadges", text="é" + JWS))) as image:
        assert image.text["openbadges"] == "é" + JWS  # type: ignore[attr-defined]  # PngImageFile


def test_rebaking_replaces_the_earlier_payload() -> None:
    once = bake_png(BASE, keyword="openbadges", text="first")
    twice = bake_png(once, keyword="openbadges", text="second")
    assert [kind for kind, _ in _chunks(twice)].count(b"iTXt") == 1
    payload = unbake_png(twice, max_text_bytes=MAX_TEXT)
    assert payload is not None
    assert payload.text == "second"


def test_baking_ob3_removes_an_ob2_payload_and_legacy_url() -> None:
    old = _with(
        (b"iTXt", itxt_chunk_data("openbadges", "old")),
        (b"tEXt", b"openbadges\x00https://example.org/a.json"),
    )
    rebaked = bake_png(old, keyword="openbadgecredential", text=JWS)
    assert rebaked == bake_png(BASE, keyword="openbadgecredential", text=JWS)


def test_plain_png_has_no_payload() -> None:
    assert unbake_png(BASE, max_text_bytes=MAX_TEXT) is None
    assert unbake_png(_with((b"tEXt", b"Comment\x00hello")), max_text_bytes=MAX_TEXT) is None


def test_legacy_text_chunk_url_is_read() -> None:
    data = _with((b"tEXt", b"openbadges\x00https://example.org/assertion.json"))
    payload = unbake_png(data, max_text_bytes=MAX_TEXT)
    assert payload is not None
    assert payload.format == "ob2"
    assert payload.text is None
    assert payload.legacy_url == "https://example.org/assertion.json"


def test_compressed_itxt_from_other_bakers_is_read() -> None:
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(JWS.encode())
    payload = unbake_png(_with((b"iTXt", body)), max_text_bytes=MAX_TEXT)
    assert payload is not None
    assert payload.text == JWS


def test_compressed_itxt_inflating_past_the_cap_is_refused() -> None:
    bomb = b"openbadges\x00\x01\x00\x00\x00" + zlib.compress(b"a" * 10_000_000, 9)
    assert _error(_with((b"iTXt", bomb)), max_text_bytes=MAX_TEXT) == "too_large"


def test_uncompressed_text_over_the_cap_is_refused() -> None:
    data = bake_png(BASE, keyword="openbadges", text="x" * 101)
    assert _error(data, max_text_bytes=100) == "too_large"
    assert unbake_png(data, max_text_bytes=101) is not None


def test_two_chunks_with_the_same_keyword_are_refused() -> None:
    chunk = (b"iTXt", itxt_chunk_data("openbadges", "a"))
    assert _error(_with(chunk, chunk)) == "duplicate_payload"


@pytest.mark.parametrize(
    "ob2_chunk",
    [(b"iTXt", itxt_chunk_data("openbadges", "a")), (b"tEXt", b"openbadges\x00https://x.example")],
    ids=["itxt", "legacy_text"],
)
def test_ob2_and_ob3_payloads_together_are_refused(ob2_chunk: tuple[bytes, bytes]) -> None:
    data = _with(ob2_chunk, (b"iTXt", itxt_chunk_data("openbadgecredential", "b")))
    assert _error(data) == "duplicate_payload"


def test_ob2_itxt_with_legacy_url_reports_both() -> None:
    data = _with(
        (b"tEXt", b"openbadges\x00https://x.example/a"),
        (b"iTXt", itxt_chunk_data("openbadges", JWS)),
    )
    payload = unbake_png(data, max_text_bytes=MAX_TEXT)
    assert payload is not None
    assert (payload.format, payload.text, payload.legacy_url) == ("ob2", JWS, "https://x.example/a")


def test_bad_crc_is_refused_as_corrupt() -> None:
    data = bytearray(bake_png(BASE, keyword="openbadges", text=JWS))
    data[data.index(b"iTXt") + 20] ^= 0x01
    assert _error(bytes(data)) == "corrupt"


def test_truncated_png_is_refused_as_corrupt() -> None:
    data = bake_png(BASE, keyword="openbadges", text=JWS)
    assert _error(data[:-6]) == "corrupt"
    assert _error(data[:40]) == "corrupt"


def test_itxt_with_invalid_utf8_is_refused_as_corrupt() -> None:
    assert _error(_with((b"iTXt", b"openbadges\x00\x00\x00\x00\x00\xff\xfe"))) == "corrupt"


def test_itxt_with_truncated_header_is_refused_as_corrupt() -> None:
    assert _error(_with((b"iTXt", b"openbadges\x00\x00\x00lang"))) == "corrupt"


def test_non_png_is_refused() -> None:
    assert _error(b"GIF89a" + b"\x00" * 40) == "not_png"
    with pytest.raises(BakingError) as caught:
        bake_png(b"<svg/>", keyword="openbadges", text=JWS)
    assert caught.value.code == "not_png"


def test_size_and_chunk_count_caps_are_enforced() -> None:
    assert _error(BASE, max_bytes=len(BASE) - 1) == "too_large"
    many = _with(*[(b"tEXt", b"k\x00v")] * 20)
    assert _error(many, max_chunks=10) == "too_many_chunks"
    assert unbake_png(many, max_text_bytes=MAX_TEXT, max_chunks=30) is None
