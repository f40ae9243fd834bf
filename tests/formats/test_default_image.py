"""Generated label badges: deterministic, escaped, wrapped, readable, rasterised with our font."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from badgeservice.formats.default_image import (
    accent_colours,
    contrast_with_white,
    render_label_svg,
    render_png,
)
from badgeservice.formats.image_rejected import ImageRejected
from badgeservice.formats.svg_sanitize import sanitize_svg

SVG = "{http://www.w3.org/2000/svg}"


def _lines(svg: bytes) -> list[str]:
    root = etree.fromstring(svg)
    return [tspan.text or "" for tspan in root.iter(f"{SVG}tspan")]


def test_same_label_gives_the_same_bytes_and_seed_changes_colours() -> None:
    first = render_label_svg("Coopérer", subtitle="Isopolis", accent_seed="issuer-1")
    again = render_label_svg("Coopérer", subtitle="Isopolis", accent_seed="issuer-1")
    other = render_label_svg("Coopérer", subtitle="Isopolis", accent_seed="issuer-2")
    assert first == again
    assert first != other
    assert accent_colours("issuer-1") != accent_colours("issuer-2")


def test_generated_svg_needs_no_sanitising() -> None:
    svg = render_label_svg("Lieu d'innovation sociétale", subtitle="2026", accent_seed="x")
    assert sanitize_svg(svg).removed == ()


def test_markup_in_the_name_is_escaped_not_interpreted() -> None:
    svg = render_label_svg("<b>Tiers & lieux</b>", subtitle='"<i>"', accent_seed="x")
    assert b"&lt;b&gt;Tiers &amp; lieux&lt;/b&gt;" in svg
    assert b"<b>" not in svg
    assert " ".join(_lines(svg)) == "<b>Tiers & lieux</b>"


def test_long_french_name_wraps_on_word_boundaries_keeping_accents() -> None:
    name = "Expérimentation et innovation sociétale dans les tiers-lieux"
    lines = _lines(render_label_svg(name, subtitle=None, accent_seed="x"))
    assert 2 <= len(lines) <= 4
    assert " ".join(lines) == name


def test_apostrophe_name_wraps_without_splitting_a_word() -> None:
    lines = _lines(render_label_svg("Lieu d'innovation sociétale", subtitle=None, accent_seed="x"))
    assert len(lines) > 1
    assert " ".join(lines) == "Lieu d'innovation sociétale"


def test_single_long_word_is_kept_whole_by_shrinking_the_text() -> None:
    assert _lines(render_label_svg("Expérimentation", subtitle=None, accent_seed="x")) == [
        "Expérimentation"
    ]


def test_overlong_name_is_cut_to_four_lines_with_an_ellipsis() -> None:
    name = " ".join(["coopération"] * 40)
    lines = _lines(render_label_svg(name, subtitle=None, accent_seed="x"))
    assert len(lines) == 4
    assert lines[-1].endswith("…")


def test_blank_name_is_refused() -> None:
    with pytest.raises(ValueError, match="non-blank"):
        render_label_svg(" \n\x00 ", subtitle=None, accent_seed="x")


@given(seed=st.text())
def test_white_text_keeps_wcag_contrast_on_every_accent(seed: str) -> None:
    for colour in accent_colours(seed):
        assert contrast_with_white(colour) >= 4.5


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#777777") == pytest.approx(4.48, abs=0.01)


def _decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("width", [512, 128])
def test_png_has_the_requested_width_and_is_deterministic(width: int) -> None:
    svg = render_label_svg("Expérimentation", subtitle="Isopolis", accent_seed="x")
    data = render_png(svg, width=width)
    assert data == render_png(svg, width=width)
    image = _decode(data)
    assert image.format == "PNG"
    assert image.size == (width, width)


def test_png_draws_the_label_text_with_the_bundled_font() -> None:
    # Same colours and layout, different words: only drawn glyphs can make the pixels differ.
    one = _decode(render_png(render_label_svg("Abc", subtitle=None, accent_seed="x"), width=128))
    two = _decode(render_png(render_label_svg("Xyz", subtitle=None, accent_seed="x"), width=128))
    assert one.tobytes() != two.tobytes()
    centre = one.convert("RGB").crop((40, 56, 88, 72))
    assert (255, 255, 255) in {pixel for _, pixel in centre.getcolors(4096) or []}


def test_png_rendering_refuses_an_unsafe_svg() -> None:
    unsafe = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<image href="file:///etc/passwd" width="10" height="10"/></svg>'
    )
    with pytest.raises(ImageRejected) as caught:
        render_png(unsafe)
    assert caught.value.code == "unsafe_svg"


def test_png_width_outside_bounds_is_refused() -> None:
    svg = render_label_svg("A", subtitle=None, accent_seed="x")
    with pytest.raises(ValueError, match="width"):
        render_png(svg, width=0)
