"""Bake an Open Badges payload into an SVG, and read one back.

OB 2.0 Baking §SVG: ``xmlns:openbadges="http://openbadges.org"`` on ``<svg>`` and, directly
after it, ``<openbadges:assertion verify="JWS or assertion URL">`` (self-closing for a signature,
the assertion JSON in CDATA otherwise). OB 3.0 "Baked Badge" §SVG:
``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`` and ``<openbadges:credential>``
holding either ``verify="VC-JWT"`` or, with no ``verify``, the credential JSON in CDATA. Only one
such element is allowed (FACTS.md §1.4, §2.12). Parsing refuses DTDs and entities (safe_xml).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from lxml import etree

from badgeservice.formats.baking_payload import (
    OB2_SVG_NAMESPACE,
    OB3_SVG_NAMESPACE,
    SVG_ELEMENTS,
    SVG_PREFIX,
    BakedFormat,
    BakedPayload,
    BakingError,
    BakingErrorCode,
)
from badgeservice.formats.safe_xml import XmlRefusedError, parse_untrusted_xml

DEFAULT_MAX_SVG_BYTES = 8 * 1024 * 1024

_SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
_NAMESPACES: dict[BakedFormat, str] = {"ob2": OB2_SVG_NAMESPACE, "ob3": OB3_SVG_NAMESPACE}
_FORMAT_BY_TAG: dict[str, BakedFormat] = {tag: fmt for fmt, tag in SVG_ELEMENTS.items()}
# Characters XML 1.0 cannot carry at all, even as character references (XML 1.0 §2.2 Char).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_WHITESPACE = " \t\n\r"


@dataclass(frozen=True)
class SvgPayload:
    """What to bake: ``verify`` (JWS, VC-JWT or OB 2.0 assertion URL) and/or embedded JSON.

    OB 3.0 takes exactly one of the two; OB 2.0 takes a ``verify`` value and may also embed the
    hosted assertion JSON.
    """

    kind: BakedFormat
    verify: str | None
    embedded_json: str | None

    def __post_init__(self) -> None:
        for value in (self.verify, self.embedded_json):
            if value is not None and not value.strip(_XML_WHITESPACE):
                raise ValueError("verify and embedded_json must not be blank")
        if self.verify is None and self.embedded_json is None:
            raise ValueError("a baked SVG needs a verify value or embedded JSON")
        if self.kind == "ob3" and self.verify is not None and self.embedded_json is not None:
            raise ValueError("OB 3.0 bakes either a VC-JWT in verify or the JSON, not both")
        if self.kind == "ob2" and self.verify is None:
            raise ValueError("OB 2.0 baking needs verify: the JWS or the hosted assertion URL")


def bake_svg(svg: bytes, *, payload: SvgPayload, max_bytes: int = DEFAULT_MAX_SVG_BYTES) -> bytes:
    """Return ``svg`` with ``payload`` as the first child of its root (OB 2.0 / OB 3.0 SVG baking).

    Any earlier Open Badges element (either version) is removed first, so the image holds exactly
    one. JSON containing ``]]>`` is split over several CDATA sections and a carriage return is
    written as ``&#13;``, so the text reads back unchanged.
    """
    root = _parse(svg, max_bytes=max_bytes)
    for old in list(root.iter(*SVG_ELEMENTS.values())):
        _remove_keeping_tail(old)
    root = _with_badge_namespace(root, _NAMESPACES[payload.kind])
    element = etree.Element(SVG_ELEMENTS[payload.kind])
    if payload.verify is not None:
        _require_xml_chars(payload.verify, what="verify")
        element.set("verify", payload.verify)
    placeholder: str | None = None
    if payload.embedded_json is not None:
        _require_xml_chars(payload.embedded_json, what="embedded JSON")
        digest = hashlib.sha256(payload.embedded_json.encode("utf-8")).hexdigest()
        placeholder = f"openbadges-payload-{digest}"
        element.text = placeholder
    # "Directly after <svg>": the whitespace that preceded the first child now follows ours.
    element.tail, root.text = root.text, None
    root.insert(0, element)
    serialized = etree.tostring(root, encoding="utf-8")
    if placeholder is None or payload.embedded_json is None:
        return serialized
    marker = placeholder.encode("ascii")
    if serialized.count(marker) != 1:
        raise BakingError("invalid_payload", "the SVG already holds the payload placeholder")
    return serialized.replace(marker, _cdata_sections(payload.embedded_json).encode("utf-8"))


def unbake_svg(svg: bytes, *, max_bytes: int = DEFAULT_MAX_SVG_BYTES) -> BakedPayload | None:
    """Read the ``openbadges:assertion`` (OB 2.0) or ``openbadges:credential`` (OB 3.0) element.

    Returns None when the SVG holds neither. Raises ``BakingError``: ``unsafe_xml`` for a DOCTYPE
    or entities (entity bombs, XXE), ``corrupt`` for malformed XML, ``not_svg``, ``too_large``,
    ``duplicate_payload`` for more than one element, ``invalid_payload`` for an empty one.
    Surrounding whitespace of the element's text is not part of the payload.
    """
    root = _parse(svg, max_bytes=max_bytes)
    found = list(root.iter(*SVG_ELEMENTS.values()))
    if not found:
        return None
    if len(found) > 1:
        raise BakingError("duplicate_payload", "the SVG holds more than one Open Badges element")
    element = found[0]
    text = (element.text or "").strip(_XML_WHITESPACE) or None
    verify = element.get("verify")
    if text is None and not verify:
        raise BakingError("invalid_payload", "the Open Badges element is empty")
    return BakedPayload(
        format=_FORMAT_BY_TAG[str(element.tag)], text=text, verify=verify, legacy_url=None
    )


def _parse(svg: bytes, *, max_bytes: int) -> etree._Element:
    if len(svg) > max_bytes:
        raise BakingError("too_large", f"the SVG has {len(svg)} bytes, over {max_bytes}")
    try:
        root = parse_untrusted_xml(svg)
    except XmlRefusedError as exc:
        code: BakingErrorCode = "corrupt" if exc.reason == "malformed" else "unsafe_xml"
        raise BakingError(code, exc.detail) from None
    if root.tag != _SVG_ROOT:
        raise BakingError("not_svg", f"the root element is {root.tag!r}, not an SVG <svg>")
    return root


def _with_badge_namespace(root: etree._Element, namespace: str) -> etree._Element:
    """A copy of ``root`` declaring ``xmlns:openbadges``; lxml cannot add a prefix in place."""
    nsmap = {prefix: uri for prefix, uri in root.nsmap.items() if prefix != SVG_PREFIX}
    nsmap[SVG_PREFIX] = namespace
    # The default SVG namespace has the key None, which lxml-stubs leave out of nsmap's type.
    rebuilt = etree.Element(root.tag, nsmap=nsmap)  # type: ignore[arg-type]
    for name, value in root.items():
        rebuilt.set(name, value)
    rebuilt.text = root.text
    for child in list(root):
        rebuilt.append(child)  # moves the child with its tail
    return rebuilt


def _remove_keeping_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _require_xml_chars(value: str, *, what: str) -> None:
    bad = _NOT_XML_CHAR.search(value)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        raise BakingError("invalid_payload", f"the {what} holds {code}, which XML cannot carry")


def _cdata_sections(text: str) -> str:
    """``text`` as CDATA that parses back to exactly ``text`` (XML 1.0 §2.8 line-end handling).

    A CDATA section cannot contain ``]]>``, so the text is split between its ``]]`` and ``>``;
    a carriage return would be normalised to a line feed, so it goes out as ``&#13;``.
    """
    parts: list[str] = []
    for index, segment in enumerate(text.split("\r")):
        if index:
            parts.append("&#13;")
        if segment:
            parts.append("<![CDATA[" + segment.replace("]]>", "]]]]><![CDATA[>") + "]]>")
    return "".join(parts)


def svg_wrapping_png(png_bytes: bytes, *, width: int, height: int) -> bytes:
    """A minimal SVG showing a PNG (as a data URI), so a PNG badge can be baked as SVG too."""
    data = base64.b64encode(png_bytes).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><image width="{width}" height="{height}" '
        f'href="data:image/png;base64,{data}"/></svg>'
    ).encode("ascii")
