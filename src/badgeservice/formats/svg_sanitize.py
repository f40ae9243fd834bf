"""Sanitise an uploaded SVG badge image against an allowlist (``svg_allowlist``).

Two passes over the parsed tree. The first looks for what makes an SVG unsafe to serve or to
rasterise: script-capable elements, ``on*`` event handlers, links that leave the document (resvg
reads local files named in ``<image href>``; browsers follow ``javascript:``), animations that
rewrite links or handlers, and CSS that fetches or runs code. In strict mode (uploads) any of these
refuses the image; otherwise they are removed. The second pass keeps only allowlisted elements and
attributes and silently drops the rest (comments, editor metadata such as Inkscape's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from badgeservice.formats.image_rejected import ImageRejected
from badgeservice.formats.safe_xml import XmlRefusedError, parse_untrusted_xml
from badgeservice.formats.svg_allowlist import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_ELEMENTS,
    ALLOWED_NAMESPACED_ATTRIBUTES,
    ANIMATION_ELEMENTS,
    DANGEROUS_ELEMENTS,
    FORBIDDEN_ANIMATION_TARGETS,
    FORBIDDEN_CSS_TOKENS,
    INLINE_IMAGE_ELEMENTS,
    INLINE_IMAGE_PREFIXES,
    SVG_NS,
)
from badgeservice.formats.svg_metrics import intrinsic_size, rendered_node_count

_SVG_ROOT = f"{{{SVG_NS}}}svg"
# A "use bomb" nests <use> ten by ten: a few hundred bytes that render billions of shapes.
MAX_RENDERED_NODES = 100_000
_UNWRAPPED_ELEMENTS = frozenset({"a"})  # links are dropped but what they wrap stays visible
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?P<start>.?)", re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")
_INLINE_IMAGE_TAGS = frozenset(f"{{{SVG_NS}}}{name}" for name in INLINE_IMAGE_ELEMENTS)


@dataclass(frozen=True)
class SanitizedSvg:
    """A sanitised SVG: UTF-8 bytes, what was dropped, and its intrinsic size in CSS pixels."""

    data: bytes
    removed: tuple[str, ...]
    width: int | None
    height: int | None


def sanitize_svg(data: bytes, *, strict: bool = True) -> SanitizedSvg:
    """Return ``data`` reduced to the SVG allowlist, refusing (strict) or removing hazards.

    Allowlist of SVG 2 elements and attributes (https://www.w3.org/TR/SVG2/eltindex.html). Raises
    ``ImageRejected`` with ``unsafe_svg`` for a DOCTYPE/entities or, when ``strict``, for script,
    event handlers, external references and ``foreignObject``; ``corrupt`` for malformed XML;
    ``unsupported_type`` when the root is not ``{http://www.w3.org/2000/svg}svg``.
    """
    root = _parse(data)
    cleaner = _Cleaner(strict=strict)
    for sibling in _root_siblings(root):
        if isinstance(sibling, etree._ProcessingInstruction) and sibling.target == "xml-stylesheet":
            cleaner.hazard("an xml-stylesheet processing instruction")
    cleaner.remove_hazards(root)
    cleaner.apply_allowlist(root)
    etree.cleanup_namespaces(root)
    expanded = rendered_node_count(root, limit=MAX_RENDERED_NODES)
    if expanded > MAX_RENDERED_NODES:
        raise ImageRejected(
            "unsafe_svg",
            f"<use> references loop or expand the SVG past {MAX_RENDERED_NODES} elements",
        )
    width, height = intrinsic_size(root)
    return SanitizedSvg(
        data=etree.tostring(root, encoding="utf-8"),
        removed=tuple(dict.fromkeys(cleaner.removed)),
        width=width,
        height=height,
    )


def css_hazard(css: str) -> str | None:
    """Name what in ``css`` fetches another document or runs code, or None when it is inert.

    Only local ``url(#id)`` references are inert (CSS Values 4 §4.5 url()); escapes are refused
    because they could spell any of the refused tokens.
    """
    text = _CSS_COMMENT.sub("", css).lower()
    if "\\" in text:
        return "a CSS escape sequence"
    for token in FORBIDDEN_CSS_TOKENS:
        if token in text:
            return f"CSS {token!r}"
    for match in _CSS_URL.finditer(text):
        if match.group("start") != "#":
            return "a CSS url() that is not a local #fragment"
    return None


def _parse(data: bytes) -> etree._Element:
    try:
        root = parse_untrusted_xml(data)
    except XmlRefusedError as exc:
        if exc.reason == "malformed":
            raise ImageRejected("corrupt", exc.detail) from None
        if exc.reason == "doctype" and (exc.doctype_name or "").lower() != "svg":
            raise ImageRejected("unsupported_type", "the document is not an SVG image") from None
        raise ImageRejected("unsafe_svg", exc.detail) from None
    if root.tag != _SVG_ROOT:
        hint = " (the SVG namespace is missing)" if root.tag == "svg" else ""
        raise ImageRejected(
            "unsupported_type", f"the root element is {root.tag!r}, not an SVG <svg>{hint}"
        )
    return root


def _root_siblings(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.itersiblings(preceding=True)
    yield from root.itersiblings()


def _is_element(node: etree._Element) -> bool:
    return not isinstance(node, etree._Comment | etree._ProcessingInstruction | etree._Entity)


def _attribute_names(node: etree._Element) -> list[str]:
    return [name if isinstance(name, str) else name.decode() for name in node.attrib]


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _display(node: etree._Element) -> str:
    local = _local(str(node.tag))
    return f"{node.prefix}:{local}" if node.prefix else local


def _display_attribute(node: etree._Element, name: str) -> str:
    namespace, _, local = name[1:].partition("}") if name.startswith("{") else ("", "", name)
    if not namespace:
        return local
    prefix = next((p for p, uri in node.nsmap.items() if uri == namespace and p), None)
    return f"{prefix}:{local}" if prefix else name


def _is_local_fragment(value: str) -> bool:
    return value.strip().startswith("#")


def _is_inline_image(value: str) -> bool:
    stripped = value.strip()
    for prefix in INLINE_IMAGE_PREFIXES:
        if stripped[: len(prefix)].lower() == prefix:
            return _BASE64.fullmatch(stripped[len(prefix) :]) is not None
    return False


def _shorten(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


class _Cleaner:
    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self.removed: list[str] = []

    def hazard(self, what: str) -> None:
        if self.strict:
            raise ImageRejected("unsafe_svg", f"the SVG holds {what}")
        self.removed.append(what)

    def remove_hazards(self, root: etree._Element) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            for name in _attribute_names(node):
                if not self._attribute_is_safe(node, name):
                    del node.attrib[name]
            children: list[etree._Element] = []
            for child in list(node):
                if not _is_element(child):
                    continue  # comments and instructions go in the allowlist pass
                if self._element_is_safe(child):
                    children.append(child)
                else:
                    _remove_keeping_tail(child)
            stack.extend(reversed(children))

    def _element_is_safe(self, node: etree._Element) -> bool:
        local = _local(str(node.tag))
        if local in DANGEROUS_ELEMENTS:
            self.hazard(f"a <{_display(node)}> element")
            return False
        if node.tag == f"{{{SVG_NS}}}style" and (problem := css_hazard(node.text or "")):
            self.hazard(f"{problem} in a <style> element")
            return False
        if local in ANIMATION_ELEMENTS:
            target = (node.get("attributeName") or "").strip()
            target_local = target.rpartition(":")[2].lower()
            if target_local in FORBIDDEN_ANIMATION_TARGETS or target_local.startswith("on"):
                self.hazard(f"a <{_display(node)}> animating {target!r}")
                return False
        return True

    def _attribute_is_safe(self, node: etree._Element, name: str) -> bool:
        local = _local(name)
        value = node.get(name, "")
        where = f"on <{_display(node)}>"
        if local.lower().startswith("on"):
            self.hazard(f"an event handler attribute {local!r} {where}")
            return False
        if local == "href":
            inline_ok = node.tag in _INLINE_IMAGE_TAGS and _is_inline_image(value)
            if not (_is_local_fragment(value) or inline_ok):
                self.hazard(f"an external reference {_shorten(value)!r} {where}")
                return False
            return True
        if node.tag.startswith(f"{{{SVG_NS}}}") and _is_allowed_attribute(name):
            problem = css_hazard(value)
            if problem:
                self.hazard(f"{problem} in attribute {local!r} {where}")
                return False
        return True

    def apply_allowlist(self, root: etree._Element) -> None:
        self._clean_attributes(root)
        stack = [root]
        while stack:
            parent = stack.pop()
            kept: list[etree._Element] = []
            for child in list(parent):
                if not _is_element(child):
                    kind = "comment" if isinstance(child, etree._Comment) else "instruction"
                    self.removed.append(kind)
                    _remove_keeping_tail(child)
                elif _local(child.tag) in _UNWRAPPED_ELEMENTS and child.tag.startswith(
                    f"{{{SVG_NS}}}"
                ):
                    self.removed.append(f"element <{_display(child)}> (content kept)")
                    kept.extend(_unwrap(child))
                elif (
                    child.tag.startswith(f"{{{SVG_NS}}}") and _local(child.tag) in ALLOWED_ELEMENTS
                ):
                    kept.append(child)
                else:
                    self.removed.append(f"element <{_display(child)}>")
                    _remove_keeping_tail(child)
            for child in kept:
                self._clean_attributes(child)
            stack.extend(reversed(kept))

    def _clean_attributes(self, node: etree._Element) -> None:
        for name in _attribute_names(node):
            if not (_is_allowed_attribute(name) or _local(name) == "href"):
                self.removed.append(f"attribute {_display_attribute(node, name)}")
                del node.attrib[name]


def _is_allowed_attribute(name: str) -> bool:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return (namespace, local) in ALLOWED_NAMESPACED_ATTRIBUTES
    return name in ALLOWED_ATTRIBUTES


def _add_text_before(node: etree._Element, text: str | None) -> None:
    """Put ``text`` where it would stand just before ``node`` (previous tail or parent text)."""
    if not text:
        return
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = node.getparent()
        if parent is not None:
            parent.text = (parent.text or "") + text


def _remove_keeping_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    _add_text_before(node, node.tail)
    parent.remove(node)


def _unwrap(node: etree._Element) -> list[etree._Element]:
    """Replace ``node`` by its content; return the element children that moved up."""
    parent = node.getparent()
    children = list(node)
    if parent is None:
        return children
    _add_text_before(node, node.text)
    for child in children:
        node.addprevious(child)
    _remove_keeping_tail(node)
    return [child for child in children if _is_element(child)]
