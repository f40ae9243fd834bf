"""Parse untrusted XML (SVG uploads, baked SVG badges) without entity expansion or fetching.

defusedxml is the gate: it refuses any DOCTYPE, and with it entity-expansion bombs ("billion
laughs") and external entities (XXE), before lxml sees the bytes. lxml then builds the tree we edit,
with entity resolution, DTD loading and network access off and libxml2's default size and depth
limits on (``huge_tree=False``).
"""

from __future__ import annotations

from typing import Literal, TypeAlias
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from lxml import etree

XmlRefusalReason: TypeAlias = Literal["doctype", "entity", "external_reference", "malformed"]


class XmlRefusedError(ValueError):
    """The bytes are not XML we accept; ``reason`` says why, ``doctype_name`` names a DOCTYPE."""

    def __init__(
        self, reason: XmlRefusalReason, detail: str, *, doctype_name: str | None = None
    ) -> None:
        super().__init__(detail)
        self.reason: XmlRefusalReason = reason
        self.detail = detail
        self.doctype_name = doctype_name


def parse_untrusted_xml(data: bytes) -> etree._Element:
    """Parse ``data`` (XML 1.0 bytes) into an lxml element, refusing DTDs and entities.

    The hardening that reading SVG badges (OB 2.0 Baking, OB 3.0 "Baked Badge") needs and the specs
    leave to implementers: no DOCTYPE, no entity declarations, no external references.
    """
    try:
        defusedxml.ElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DTDForbidden as exc:
        raise XmlRefusedError(
            "doctype", "DOCTYPE declarations are not accepted", doctype_name=exc.name
        ) from None
    except EntitiesForbidden:
        raise XmlRefusedError("entity", "entity declarations are not accepted") from None
    except ExternalReferenceForbidden:
        raise XmlRefusedError(
            "external_reference", "external references are not accepted"
        ) from None
    except ParseError as exc:
        raise XmlRefusedError("malformed", f"not well-formed XML: {exc}") from None
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XmlRefusedError("malformed", f"not well-formed XML: {exc}") from None
