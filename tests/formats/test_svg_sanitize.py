"""SVG sanitising: known SVG-XSS payloads refused, harmless editor clutter dropped, art kept."""

from __future__ import annotations

import base64
import io

import pytest
from lxml import etree
from PIL import Image

from badgeservice.formats.image_rejected import ImageRejected
from badgeservice.formats.svg_sanitize import css_hazard, sanitize_svg

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    ' width="100" height="100" viewBox="0 0 100 100">'
)

CLEAN_BADGE = (
    SVG_OPEN + "<title>Badge</title>"
    '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
    '<stop offset="0" stop-color="#336699"/><stop offset="1" stop-color="#112233"/>'
    '</linearGradient><clipPath id="c"><circle cx="50" cy="50" r="48"/></clipPath></defs>'
    '<g clip-path="url(#c)"><rect width="100" height="100" fill="url(#g)"/></g>'
    '<path id="p" d="M 10 80 Q 50 10 90 80" fill="none" stroke="#fff" stroke-width="2"/>'
    '<text x="50" y="55" font-family="Lato" font-size="12" text-anchor="middle"'
    ' style="font-weight:bold;fill:#ffffff">Coop<tspan dy="2">é</tspan>rer</text>'
    '<use xlink:href="#p" transform="translate(0 5)"/>'
    "</svg>"
)


def _png_1px() -> str:
    buffer = io.BytesIO()
    Image.new("RGBA", (1, 1), (255, 0, 0, 255)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _svg(body: str) -> bytes:
    return (SVG_OPEN + body + "</svg>").encode()


def _c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


XSS_PAYLOADS = {
    "script": _svg("<script>alert(1)</script>"),
    "cdata_script": _svg("<script><![CDATA[alert(document.domain)]]></script>"),
    "xhtml_script": _svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
    "script_in_metadata": _svg("<metadata><script>alert(1)</script></metadata>"),
    "onload_on_root": (SVG_OPEN.replace("<svg ", '<svg onload="alert(1)" ') + "</svg>").encode(),
    "onclick_on_shape": _svg('<rect width="10" height="10" onclick="alert(1)"/>'),
    "javascript_link": _svg('<a xlink:href="javascript:alert(1)"><text y="20">x</text></a>'),
    "javascript_link_padded": _svg('<a href=" JaVaScRiPt:alert(1)"><rect width="1"/></a>'),
    "image_local_file": _svg('<image href="file:///etc/passwd" width="10" height="10"/>'),
    "image_remote": _svg('<image xlink:href="https://evil.example/x.png" width="1"/>'),
    "image_inline_svg": _svg('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1"/>'),
    "use_remote": _svg('<use href="https://evil.example/x.svg#a"/>'),
    "use_relative_file": _svg('<use href="other.svg#a"/>'),
    "fe_image_remote": _svg('<filter id="f"><feImage href="https://evil.example/i.png"/></filter>'),
    "animate_href": _svg(
        '<a href="#x"><animate attributeName="href" to="javascript:alert(1)"/>'
        '<rect width="10" height="10"/></a>'
    ),
    "set_xlink_href": _svg('<a><set attributeName="xlink:href" to="javascript:alert(1)"/></a>'),
    "set_event_handler": _svg('<rect width="1"><set attributeName="onmouseover" to="x"/></rect>'),
    "foreign_object": _svg(
        '<foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml">'
        '<iframe src="https://evil.example"/></body></foreignObject>'
    ),
    "iframe": _svg('<iframe src="https://evil.example"/>'),
    "style_import": _svg("<style>@import url(https://evil.example/x.css);</style>"),
    "style_remote_url": _svg("<style>rect { fill: url(https://evil.example/p.svg#g) }</style>"),
    "style_attribute_remote_url": _svg(
        '<rect width="1" style="fill: url( \'https://evil.example/x.svg#g\' )"/>'
    ),
    "style_css_escape": _svg('<rect width="1" style="fill: u\\72l(https://evil.example/x)"/>'),
    "style_expression": _svg('<rect width="1" style="width: expression(alert(1))"/>'),
    "fill_remote_url": _svg('<rect width="1" fill="url(https://evil.example/x.svg#g)"/>'),
    "xml_stylesheet": b'<?xml-stylesheet href="https://evil.example/x.css"?>' + _svg(""),
}


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_strict_sanitising_refuses_known_svg_xss_payload(payload: bytes) -> None:
    with pytest.raises(ImageRejected) as caught:
        sanitize_svg(payload)
    assert caught.value.code == "unsafe_svg"


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_lenient_sanitising_removes_payload_and_result_passes_strict(payload: bytes) -> None:
    cleaned = sanitize_svg(payload, strict=False)
    assert cleaned.removed
    assert sanitize_svg(cleaned.data).data == cleaned.data
    for marker in (b"alert", b"evil.example", b"javascript", b"file:", b"script"):
        assert marker not in cleaned.data.lower()


def test_clean_gradient_text_badge_survives_unchanged() -> None:
    cleaned = sanitize_svg(CLEAN_BADGE.encode())
    assert cleaned.removed == ()
    assert _c14n(cleaned.data) == _c14n(CLEAN_BADGE.encode())
    assert (cleaned.width, cleaned.height) == (100, 100)


def test_editor_metadata_and_comments_are_dropped_silently() -> None:
    inkscape = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Created with Inkscape -->\n'
        b'<svg xmlns="http://www.w3.org/2000/svg"'
        b' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
        b' xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"'
        b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' width="210mm" height="297mm" viewBox="0 0 210 297" inkscape:version="1.3"'
        b' sodipodi:docname="C:\\badges\\badge.svg">'
        b'<sodipodi:namedview id="base" inkscape:zoom="0.5"/>'
        b"<metadata><rdf:RDF/></metadata><!-- layer -->"
        b'<g inkscape:label="Layer 1" inkscape:groupmode="layer" data-x="1">'
        b'<rect width="10" height="10" fill="#ff0000"/></g></svg>'
    )
    cleaned = sanitize_svg(inkscape)
    assert b"inkscape" not in cleaned.data
    assert b"sodipodi" not in cleaned.data
    assert b"metadata" not in cleaned.data
    assert b"<!--" not in cleaned.data
    assert b'<rect width="10" height="10" fill="#ff0000"/>' in cleaned.data
    assert "element <sodipodi:namedview>" in cleaned.removed
    assert "attribute inkscape:label" in cleaned.removed
    assert (cleaned.width, cleaned.height) == (794, 1123)  # mm at 96 px per inch


def test_inline_png_image_is_kept() -> None:
    svg = _svg(f'<image width="1" height="1" href="data:image/png;base64,{_png_1px()}"/>')
    assert b"data:image/png;base64," in sanitize_svg(svg).data


def test_local_fragment_links_are_kept_and_anchor_content_stays() -> None:
    svg = _svg('<a href="#top">Go <rect id="top" width="5" height="5"/> now</a>')
    cleaned = sanitize_svg(svg)
    root = etree.fromstring(cleaned.data)
    assert root.find("{http://www.w3.org/2000/svg}rect") is not None
    assert root.xpath("string()") == "Go  now"
    assert "element <a> (content kept)" in cleaned.removed


def test_text_around_a_dropped_comment_is_kept() -> None:
    cleaned = sanitize_svg(_svg("<text>Hello <!-- x -->world</text>"))
    text = etree.fromstring(cleaned.data).find("{http://www.w3.org/2000/svg}text")
    assert text is not None
    assert text.text == "Hello world"


def test_harmless_animation_is_kept() -> None:
    svg = _svg('<rect width="1"><animate attributeName="opacity" from="0" to="1" dur="1s"/></rect>')
    assert b"<animate " in sanitize_svg(svg).data


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&d;</text></svg>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>'
)


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion_laughs", "xxe"])
def test_entity_declarations_are_refused(payload: bytes) -> None:
    with pytest.raises(ImageRejected) as caught:
        sanitize_svg(payload)
    assert caught.value.code == "unsafe_svg"


def test_html_document_is_not_an_svg() -> None:
    with pytest.raises(ImageRejected) as caught:
        sanitize_svg(b"<!DOCTYPE html><html><body><svg></svg></body></html>")
    assert caught.value.code == "unsupported_type"


def test_svg_without_namespace_is_refused() -> None:
    with pytest.raises(ImageRejected) as caught:
        sanitize_svg(b'<svg width="1" height="1"/>')
    assert caught.value.code == "unsupported_type"
    assert "namespace" in caught.value.detail


def test_malformed_xml_is_corrupt() -> None:
    with pytest.raises(ImageRejected) as caught:
        sanitize_svg(_svg("<g><rect></g>"))
    assert caught.value.code == "corrupt"


@pytest.mark.parametrize(
    ("css", "inert"),
    [
        ("fill: url(#grad); stroke: #fff", True),
        ("fill: url( '#grad' )", True),
        ("font-family: 'Lato', sans-serif", True),
        ("fill: url(https://evil.example/g)", False),
        ("fill: url(data:image/png;base64,AAAA)", False),
        ("/* */ @IMPORT 'x.css'", False),
        ("background: image-set('x.png' 1x)", False),
        ("fill: ur\\6c(x)", False),
    ],
)
def test_css_hazard_accepts_only_local_references(css: str, inert: bool) -> None:
    assert (css_hazard(css) is None) is inert


def _use_bomb(levels: int) -> bytes:
    body = '<defs><rect id="l0" width="1" height="1"/>'
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(10))
        body += f'<g id="l{level}">{uses}</g>'
    return _svg(body + f'</defs><use href="#l{levels}"/>')


def test_nested_use_expanding_exponentially_is_refused() -> None:
    bomb = _use_bomb(7)  # about 2 kB that would render 10 million rectangles
    with pytest.raises(ImageRejected) as caught:
        sanitize_svg(bomb)
    assert caught.value.code == "unsafe_svg"
    assert "<use>" in caught.value.detail


def test_moderate_use_reuse_is_accepted() -> None:
    assert b"<use " in sanitize_svg(_use_bomb(3)).data  # about 2,000 rendered elements


def test_use_referring_to_its_own_ancestor_is_refused() -> None:
    loop = _svg('<g id="a"><rect width="1"/><use href="#a"/></g>')
    with pytest.raises(ImageRejected) as caught:
        sanitize_svg(loop)
    assert caught.value.code == "unsafe_svg"
