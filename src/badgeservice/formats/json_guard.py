"""Refuse, at the API boundary, JSON values that JSON-LD libraries canonicalize differently.

FACTS.md §4 gotcha 13. A Data Integrity proof is made over RDFC-1.0 canonical N-Quads
(``formats/rdfc.py``, pyld); most verifiers compute them with jsonld.js + rdf-canonize. Over
random credentials the two disagree for these inputs, checked against jsonld.js 9 and
rdf-canonize 5 in tests/interop:

* control characters U+0000–U+001F other than tab, LF and CR, and U+007F: rdf-canonize escapes
  them in N-Quads (``\\u0001``, ``\\b``, ``\\f``), pyld writes them raw. Checked in keys too,
  since keys become IRIs or JSON literal members;
* lone UTF-16 surrogates (a JSON ``"\\ud800"`` escape): they have no UTF-8 form to hash;
* integers beyond ±(2**53 - 1): JavaScript rounds them to the nearest double;
* floats that are not finite (Python's ``json`` reads ``NaN``/``Infinity``), or whose magnitude
  is below 1e-6 but not zero: JavaScript writes those with an exponent and jsonld.js then
  serialises them as ``"0"``.

The third cause, sort order where a character above U+FFFF (most emoji) meets one in
U+E000–U+FFFF at the same position of two terms, is not refused here: it depends on which
strings end up side by side in the RDF dataset, and a value-level rule would refuse everyday
text such as "✔️" (U+2714 U+FE0F) next to an emoji. ``rdfc.canonicalize`` checks it on
the canonical terms and raises ``NonPortableOrderError`` naming both strings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

MAX_SAFE_INTEGER = 2**53 - 1
MIN_PORTABLE_FLOAT_MAGNITUDE = 1e-6

_UNSAFE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class UnsafeReason(StrEnum):
    CONTROL_CHARACTER = "control-character"
    LONE_SURROGATE = "lone-surrogate"
    INTEGER_OUT_OF_RANGE = "integer-out-of-range"
    NON_FINITE_NUMBER = "non-finite-number"
    TINY_FLOAT = "tiny-float"
    NOT_JSON = "not-json"


_DETAILS = {
    UnsafeReason.CONTROL_CHARACTER: (
        "control characters other than tab, line feed and carriage return are not allowed"
    ),
    UnsafeReason.LONE_SURROGATE: "the text holds an unpaired UTF-16 surrogate",
    UnsafeReason.INTEGER_OUT_OF_RANGE: (
        f"integers must lie between -{MAX_SAFE_INTEGER} and {MAX_SAFE_INTEGER}"
    ),
    UnsafeReason.NON_FINITE_NUMBER: "NaN and infinite numbers are not JSON",
    UnsafeReason.TINY_FLOAT: "non-zero numbers smaller than 0.000001 in magnitude are not allowed",
    UnsafeReason.NOT_JSON: "the value is not a JSON type",
}


@dataclass(frozen=True, slots=True)
class UnsafeValue:
    """One refused value: ``pointer`` is an RFC 6901 JSON Pointer; ``detail`` is English."""

    pointer: str
    reason: UnsafeReason
    detail: str


def find_unsafe_values(value: object) -> list[UnsafeValue]:
    """Every value in a JSON document that would not canonicalize portably, in document order.

    A bad object key is reported at the pointer of its member. Implements the input rules of
    FACTS.md §4 gotcha 13 (see the module docstring).
    """
    found: list[UnsafeValue] = []
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        pointer, item = stack.pop()
        if isinstance(item, Mapping):
            members: list[tuple[str, object]] = []
            for key, member in item.items():
                if not isinstance(key, str):
                    found.append(_unsafe(pointer, UnsafeReason.NOT_JSON))
                    continue
                member_pointer = f"{pointer}/{_escape(key)}"
                reason = _string_reason(key)
                if reason is not None:
                    found.append(_unsafe(member_pointer, reason))
                members.append((member_pointer, member))
            stack.extend(reversed(members))
        elif isinstance(item, list):
            stack.extend(reversed([(f"{pointer}/{i}", member) for i, member in enumerate(item)]))
        else:
            reason = _scalar_reason(item)
            if reason is not None:
                found.append(_unsafe(pointer, reason))
    return found


def _scalar_reason(item: object) -> UnsafeReason | None:
    if item is None or isinstance(item, bool):
        return None
    if isinstance(item, str):
        return _string_reason(item)
    if isinstance(item, int):
        return None if abs(item) <= MAX_SAFE_INTEGER else UnsafeReason.INTEGER_OUT_OF_RANGE
    if isinstance(item, float):
        if not math.isfinite(item):
            return UnsafeReason.NON_FINITE_NUMBER
        if item != 0 and abs(item) < MIN_PORTABLE_FLOAT_MAGNITUDE:
            return UnsafeReason.TINY_FLOAT
        return None
    return UnsafeReason.NOT_JSON


def _string_reason(text: str) -> UnsafeReason | None:
    if _UNSAFE_CONTROL.search(text):
        return UnsafeReason.CONTROL_CHARACTER
    if _LONE_SURROGATE.search(text):
        return UnsafeReason.LONE_SURROGATE
    return None


def _unsafe(pointer: str, reason: UnsafeReason) -> UnsafeValue:
    return UnsafeValue(pointer, reason, _DETAILS[reason])


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
