"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents, as canonical N-Quads.

https://www.w3.org/TR/rdf-canon/ (W3C Recommendation, 21 May 2024). pyld's ``URDNA2015`` is
RDFC-1.0 under its draft name; its output reproduces the 1EdTech OB 3.0 test vector byte for
byte (tests/formats/test_data_integrity.py).

The document is first expanded by ``jsonld.expand_strict`` (undefined terms, relative IRIs and
the other silent drops refused), then the expanded form is canonicalized: no term can vanish
between what is checked and what is signed.

Portability: RDFC-1.0 sorts N-Quads in Unicode code point order (§4.4, §4.6), while
rdf-canonize (jsonld.js) sorts JavaScript strings, i.e. by UTF-16 code unit. The two orders
disagree only when, at the first differing position of two terms, one holds a character above
U+FFFF (most emoji) and the other a character in U+E000–U+FFFF (private use, variation
selectors such as U+FE0F, CJK compatibility and full-width forms, U+FFFD). Such a document
would carry a proof that jsonld.js-based verifiers reject, so ``canonicalize`` refuses it by
default (``NonPortableOrderError``, naming both terms). The check compares the terms of the
dataset (slightly stricter than the quad sort needs), so ordinary text with emoji passes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from pyld import jsonld as pyld_jsonld

from badgeservice.formats.jsonld import ContextLoader, JsonLdError, run_strict

# The lexical content of IRIs and literals in pyld's N-Quads (escapes stay as written: the
# sort compares the serialised lines).
_TERM = re.compile(r'<([^>]*)>|"((?:[^"\\]|\\.)*)"')
# JSON may escape a lone UTF-16 surrogate ("\ud800"); it has no UTF-8 form, so nothing can hash it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class NonPortableOrderError(JsonLdError):
    """RDFC-1.0 (code point) and jsonld.js (UTF-16) would order these two terms differently."""

    code = "non-portable-order"

    def __init__(self, first: str, second: str) -> None:
        super().__init__(
            "this text would sort differently in JavaScript verifiers (an emoji or other "
            "character above U+FFFF meets a character in U+E000-U+FFFF at the same position): "
            f"{first!r} / {second!r}"
        )
        self.first = first
        self.second = second


def canonicalize(
    document: Mapping[str, object],
    *,
    loader: ContextLoader | None = None,
    require_portable_order: bool = True,
) -> str:
    """RDFC-1.0 canonical N-Quads (RDF Dataset Canonicalization §4.4) of a JSON-LD document.

    Raises ``JsonLdError`` (or a subclass) for documents strict expansion refuses, and
    ``NonPortableOrderError`` when ``require_portable_order`` and jsonld.js would order the
    output differently. Verifiers pass ``require_portable_order=False``: the spec order is the
    one to check a foreign signature against.
    """

    def normalize(processor: pyld_jsonld.JsonLdProcessor, options: dict[str, object]) -> object:
        canon_options = {**options, "algorithm": "URDNA2015", "format": "application/n-quads"}
        return processor.normalize(document, canon_options)

    nquads = run_strict(document, normalize, loader=loader)
    if not isinstance(nquads, str):
        raise JsonLdError("RDF canonicalization returned no N-Quads")
    if _LONE_SURROGATE.search(nquads):
        raise JsonLdError("the document contains a lone UTF-16 surrogate, which has no UTF-8 form")
    if require_portable_order:
        check_portable_order(nquads)
    return nquads


def check_portable_order(nquads: str) -> None:
    """Raise ``NonPortableOrderError`` if code-point and UTF-16 order disagree on any terms.

    Sorting the distinct terms by code point and comparing neighbours in UTF-16 is enough: if
    every adjacent pair agrees, both orders are the same total order on the whole set.
    """
    terms = sorted({iri or literal for iri, literal in _TERM.findall(nquads)})
    for first, second in itertools.pairwise(terms):
        if _utf16(first) > _utf16(second):
            raise NonPortableOrderError(first, second)


def _utf16(text: str) -> bytes:
    # Big-endian UTF-16 bytes compare exactly as JavaScript compares strings (code units).
    return text.encode("utf-16-be", "surrogatepass")
