"""Measurements of a parsed SVG: its intrinsic size, and how far ``<use>`` references expand it."""

from __future__ import annotations

import re

from lxml import etree

_SVG_NS = "http://www.w3.org/2000/svg"
_USE = f"{{{_SVG_NS}}}use"
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_LENGTH = re.compile(r"\s*(?P<value>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?P<unit>[a-z]*)\s*")
# CSS absolute units in CSS pixels (CSS Values 4 §6.2)
_PX_PER_UNIT = {
    "": 1.0,
    "px": 1.0,
    "pt": 96 / 72,
    "pc": 16.0,
    "mm": 96 / 25.4,
    "cm": 96 / 2.54,
    "in": 96.0,
}


def intrinsic_size(root: etree._Element) -> tuple[int | None, int | None]:
    """Root width and height in whole CSS pixels, as renderers size an SVG (SVG 2 §8.2).

    Absolute ``width``/``height`` win; a missing or relative one falls back to the viewBox.
    None when neither gives a positive size.
    """
    width, height = _length_px(root.get("width")), _length_px(root.get("height"))
    parts = (root.get("viewBox") or "").replace(",", " ").split()
    if len(parts) == 4:
        try:
            box_width, box_height = float(parts[2]), float(parts[3])
        except ValueError:
            box_width = box_height = 0.0
        if box_width > 0 and box_height > 0:
            width = width if width is not None else box_width
            height = height if height is not None else box_height
    return _whole_pixels(width), _whole_pixels(height)


def rendered_node_count(root: etree._Element, *, limit: int) -> int:
    """How many elements rendering ``root`` visits once every local ``<use>`` is expanded.

    SVG 2 §5.6: a ``use`` element renders a copy of its target's subtree. Counting stops at
    ``limit + 1``; a reference loop counts as ``limit + 1`` too.
    """
    by_id: dict[str, etree._Element] = {}
    for element in root.iter(etree.Element):
        element_id = element.get("id")
        if element_id is not None:
            by_id.setdefault(element_id, element)
    over = limit + 1
    size: dict[etree._Element, int] = {}
    in_progress: set[etree._Element] = set()
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            total = 1 + sum(size[dependency] for dependency in _dependencies(node, by_id))
            size[node] = min(total, over)
            in_progress.discard(node)
            continue
        if node in size:
            continue
        in_progress.add(node)
        stack.append((node, True))
        for dependency in _dependencies(node, by_id):
            if dependency in in_progress:
                return over  # a use that (indirectly) contains itself
            if dependency not in size:
                stack.append((dependency, False))
    return size[root]


def _dependencies(node: etree._Element, by_id: dict[str, etree._Element]) -> list[etree._Element]:
    children = list(node.iterchildren(etree.Element))
    if node.tag == _USE:
        href = next((node.get(name) for name in _HREFS if node.get(name) is not None), None)
        target = by_id.get(href.strip()[1:]) if href and href.strip().startswith("#") else None
        if target is not None:
            children.append(target)
    return children


def _length_px(value: str | None) -> float | None:
    if value is None:
        return None
    match = _LENGTH.fullmatch(value.lower())
    if match is None or match.group("unit") not in _PX_PER_UNIT:
        return None  # percentages and font-relative units: fall back to the viewBox
    return float(match.group("value")) * _PX_PER_UNIT[match.group("unit")]


def _whole_pixels(value: float | None) -> int | None:
    if value is None or not value > 0 or value > 1e9:
        return None
    return max(1, round(value))
