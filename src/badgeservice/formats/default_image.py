"""A generated badge image for badge classes without one: a labelled hexagonal medallion.

OB 2.0 BadgeClass ``image`` is required and OB 3.0 ``Achievement.image`` is recommended; a
baked badge needs an image (OB 2.0 Baking, OB 3.0 "Baked Badge"). The SVG is built from the label
alone: colours derive from a seed, text is measured with the bundled Lato font (assets/fonts) and
rasterised with the same font, so output is the same on every machine.
"""

from __future__ import annotations

import colorsys
import hashlib
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import resvg_py
from lxml import etree
from PIL import ImageFont

from badgeservice.formats.svg_sanitize import sanitize_svg

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "Lato"

_SIZE = 512
_CENTRE = _SIZE / 2
_OUTER_RADIUS = 244.0
_INNER_RADIUS = 218.0
_CORNER = 34.0
_TEXT_WIDTH = 300.0
_NAME_SIZES = (54, 48, 43, 39, 35, 31, 28, 25, 22)
_MAX_LINES = 4
_LINE_HEIGHT = 1.16
_CAP_HEIGHT = 0.72  # Lato's cap height as a share of the font size
_SUBTITLE_SIZE = 22
_ELLIPSIS = "…"
_MAX_LABEL_CHARS = 160  # four lines of the smallest size hold far fewer; bounds the measuring
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_label_svg(name: str, *, subtitle: str | None, accent_seed: str) -> bytes:
    """A 512x512 SVG medallion showing ``name`` (wrapped, up to four lines) and ``subtitle``.

    Colours come from SHA-256 of ``accent_seed`` and keep white text at WCAG 2.1 contrast 4.5:1
    or more (WCAG 2.1 §1.4.3). Text is XML-escaped by lxml. Same input, same bytes.
    """
    label = _clean(name)[:_MAX_LABEL_CHARS]
    if not label:
        raise ValueError("a badge label needs a non-blank name")
    caption = _clean(subtitle or "")[:_MAX_LABEL_CHARS]
    light, dark = accent_colours(accent_seed)

    svg = etree.Element(
        f"{{{SVG_NS}}}svg",
        nsmap={None: SVG_NS},  # type: ignore[dict-item]  # lxml-stubs omit the default-namespace key
        width=str(_SIZE),
        height=str(_SIZE),
        viewBox=f"0 0 {_SIZE} {_SIZE}",
    )
    _sub(svg, "title").text = f"{label} — {caption}" if caption else label
    defs = _sub(svg, "defs")
    gradient = _sub(defs, "linearGradient", id="fill", x1="0", y1="0", x2="1", y2="1")
    _sub(gradient, "stop", offset="0", **{"stop-color": light})
    _sub(gradient, "stop", offset="1", **{"stop-color": dark})
    clip = _sub(defs, "clipPath", id="upper")
    _sub(clip, "rect", x="0", y="0", width=str(_SIZE), height=_num(_CENTRE - 8))

    outer = _rounded_hexagon(_OUTER_RADIUS, _CORNER)
    _sub(svg, "path", d=outer, fill="url(#fill)")
    _sub(svg, "path", d=outer, fill="#ffffff", opacity="0.07", **{"clip-path": "url(#upper)"})
    _sub(
        svg,
        "path",
        d=_rounded_hexagon(_INNER_RADIUS, _CORNER * 0.85),
        fill="none",
        stroke="#ffffff",
        opacity="0.6",
        **{"stroke-width": "4"},
    )
    _sub(svg, "path", d=_star(_CENTRE, 118.0, 21.0), fill="#ffffff", opacity="0.92")

    top, bottom = (150.0, 352.0) if caption else (150.0, 382.0)
    size, lines = _fit_name(label, max_height=bottom - top)
    line_height = size * _LINE_HEIGHT
    block = (len(lines) - 1) * line_height + size * _CAP_HEIGHT
    baseline = (top + bottom) / 2 - block / 2 + size * _CAP_HEIGHT
    text = _sub(
        svg,
        "text",
        fill="#ffffff",
        **{
            "font-family": f"{FONT_FAMILY}, sans-serif",
            "font-size": str(size),
            "font-weight": "bold",
            "text-anchor": "middle",
        },
    )
    for index, line in enumerate(lines):
        tspan = _sub(text, "tspan", x=_num(_CENTRE), y=_num(baseline + index * line_height))
        tspan.text = line

    if caption:
        _sub(svg, "path", d="M 206 372 H 306", stroke="#ffffff", opacity="0.6")
        subtitle_text = _sub(
            svg,
            "text",
            x=_num(_CENTRE),
            y="404",
            fill="#ffffff",
            opacity="0.9",
            **{
                "font-family": f"{FONT_FAMILY}, sans-serif",
                "font-size": str(_SUBTITLE_SIZE),
                "text-anchor": "middle",
            },
        )
        subtitle_text.text = _ellipsize(caption, _SUBTITLE_SIZE, 250.0, bold=False)
    return etree.tostring(svg, encoding="utf-8")


def render_png(svg: bytes, *, width: int = 512) -> bytes:
    """Rasterise ``svg`` to a PNG ``width`` pixels wide with resvg, using only the bundled fonts.

    resvg reads local files named in ``<image href>``, so the SVG is sanitised (strict) first;
    system fonts are skipped so the pixels do not depend on the machine.
    """
    if not 1 <= width <= 4096:
        raise ValueError("width must be between 1 and 4096 pixels")
    safe = sanitize_svg(svg, strict=True)
    regular, bold = _font_path(bold=False), _font_path(bold=True)
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=safe.data.decode("utf-8"),
            width=width,
            skip_system_fonts=True,
            font_files=[str(regular), str(bold)],
            font_family=FONT_FAMILY,
            sans_serif_family=FONT_FAMILY,
        )
    )


def accent_colours(seed: str) -> tuple[str, str]:
    """Light and dark gradient stops (``#rrggbb``) for ``seed``; both hold white text at 4.5:1."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    hue = int.from_bytes(digest[:2], "big") % 360
    light = _darkest_readable(hue / 360, lightness=0.44, saturation=0.62)
    dark = _darkest_readable(((hue + 32) % 360) / 360, lightness=0.27, saturation=0.66)
    return light, dark


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio between white and ``#rrggbb`` (WCAG 2.1 "contrast ratio")."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _darkest_readable(hue: float, *, lightness: float, saturation: float) -> str:
    colour = _hex(hue, lightness, saturation)
    while contrast_with_white(colour) < 4.6 and lightness > 0.05:
        lightness -= 0.02
        colour = _hex(hue, lightness, saturation)
    return colour


def _hex(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))


def _clean(text: str) -> str:
    return " ".join(_NOT_XML_CHAR.sub("", text).split())


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{SVG_NS}}}{tag}", attributes)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _rounded_hexagon(radius: float, corner: float) -> str:
    """A pointy-top hexagon centred on the canvas, corners rounded by quadratic curves."""
    vertices = [
        (
            _CENTRE + radius * math.cos(math.radians(-90 + 60 * i)),
            _CENTRE + radius * math.sin(math.radians(-90 + 60 * i)),
        )
        for i in range(6)
    ]
    share = corner / radius  # each edge is as long as the radius
    commands: list[str] = []
    for i, (vx, vy) in enumerate(vertices):
        px, py = vertices[i - 1]
        nx, ny = vertices[(i + 1) % 6]
        start = (vx + (px - vx) * share, vy + (py - vy) * share)
        end = (vx + (nx - vx) * share, vy + (ny - vy) * share)
        verb = "M" if i == 0 else "L"
        commands.append(f"{verb} {_num(start[0])} {_num(start[1])}")
        commands.append(f"Q {_num(vx)} {_num(vy)} {_num(end[0])} {_num(end[1])}")
    return " ".join([*commands, "Z"])


def _star(cx: float, cy: float, radius: float) -> str:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = math.radians(-90 + 36 * i)
        points.append(f"{_num(cx + r * math.cos(angle))} {_num(cy + r * math.sin(angle))}")
    return "M " + " L ".join(points) + " Z"


@lru_cache(maxsize=2)
def _font_path(*, bold: bool) -> Path:
    name = "Lato-Bold.ttf" if bold else "Lato-Regular.ttf"
    return Path(str(resources.files("badgeservice.formats") / "assets" / "fonts" / name))


@lru_cache(maxsize=32)
def _font(size: int, *, bold: bool) -> ImageFont.FreeTypeFont:
    # BASIC layout: the same advances with or without libraqm on the machine.
    return ImageFont.truetype(
        str(_font_path(bold=bold)), size=size, layout_engine=ImageFont.Layout.BASIC
    )


def _width(text: str, size: int, *, bold: bool = True) -> float:
    return float(_font(size, bold=bold).getlength(text))


def _fit_name(label: str, *, max_height: float) -> tuple[int, list[str]]:
    """The largest size whose wrapped lines fit, preferring sizes that split no word.

    When nothing fits, the smallest size with its lines ellipsized after the fourth.
    """
    for allow_splits in (False, True):
        for size in _NAME_SIZES:
            lines, split = _wrap(label, size)
            height = (len(lines) - 1) * size * _LINE_HEIGHT + size * _CAP_HEIGHT
            if len(lines) <= _MAX_LINES and height <= max_height and (allow_splits or not split):
                return size, lines
    size = _NAME_SIZES[-1]
    lines, _ = _wrap(label, size)
    last = " ".join(lines[_MAX_LINES - 1 :])
    return size, [*lines[: _MAX_LINES - 1], _ellipsize(last + _ELLIPSIS, size, _TEXT_WIDTH)]


def _wrap(label: str, size: int) -> tuple[list[str], bool]:
    """Greedy word wrap to ``_TEXT_WIDTH``; says whether a word wider than a line was split."""
    lines: list[str] = []
    current = ""
    split = False
    for word in label.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(candidate, size) <= _TEXT_WIDTH:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while _width(current, size) > _TEXT_WIDTH and len(current) > 1:
            split = True
            cut = len(current) - 1
            while cut > 1 and _width(current[:cut] + "-", size) > _TEXT_WIDTH:
                cut -= 1
            head = current[:cut]
            lines.append(head if head.endswith("-") else head + "-")
            current = current[cut:]
    if current:
        lines.append(current)
    return lines, split


def _ellipsize(text: str, size: int, width: float, *, bold: bool = True) -> str:
    if _width(text, size, bold=bold) <= width:
        return text
    body = text.removesuffix(_ELLIPSIS)
    while body and _width(body.rstrip() + _ELLIPSIS, size, bold=bold) > width:
        body = body[:-1]
    return body.rstrip() + _ELLIPSIS
