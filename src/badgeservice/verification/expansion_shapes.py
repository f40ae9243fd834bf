"""Strict JSON-LD expansion verdicts shared by documents of the same shape.

Strict expansion (``formats.jsonld.expand_strict``) costs milliseconds of pyld work, and every
credential of one badge class is the same document but for its leaf values: ids, dates, names,
narrative, hashes. Whether such a document expands strictly does not depend on most of those
values, so a success is remembered under a *skeleton* of the document that keeps exactly what
the verdict can depend on, and a document with the same skeleton is not expanded again.

Why the skeleton decides the verdict (JSON-LD 1.1 API §4.1 Context Processing, §5.1 Expansion,
§5.2 IRI Expansion; pyld 3 ``JsonLdProcessor._expand*``):

* Expansion reads a document's member names, its ``@context`` values, its values of members
  that are keywords or keyword aliases (``@language``, ``@value``, ``@index``, ...) and the
  JSON type of every value. The skeleton keeps all of these as they are.
* Besides those, a string value is read in one of three ways, decided by the active context at
  its position, which the above alone determines (type-scoped contexts are chosen by ``@type``
  values, which rule 1 keeps):
  1. expanded against the vocabulary (``@type`` values, values of ``@vocab``-typed terms,
     ``@json`` detection): pyld looks the string up as a term, so the verdict depends on the
     string itself. The skeleton keeps as they are the strings that a document of the same
     shape expanded this way (``VocabularyUse.terms``).
  2. expanded as a document IRI (``@id`` and its aliases, ``@id``-typed terms, ``@graph``):
     never looked up as a term. If the string is ``scheme:rest`` (a scheme as RFC 3986 writes
     it) or ``_:rest``, with no character in ``rest`` that an IRI excludes or that pyld reads as
     whitespace, the skeleton keeps its class: the scheme (or ``_``), whether ``rest`` starts
     with ``//``, whether it is empty. For all strings of one class, §5.2 gives the same kind
     of outcome: the blank node identifier or absolute IRI itself or, if the scheme is a prefix
     the active context defines, that prefix's IRI followed by ``rest``; ``formats.jsonld``
     accepts or refuses them all alike (an absolute IRI or blank node, no excluded character).
     Any other string that the same-shaped document expanded this way
     (``VocabularyUse.document_iris``) is kept as it is.
  3. a literal (``{"@value": ...}``, with a datatype or language from the term definition):
     copied, never examined, so the skeleton keeps only that it is a string.
  Rule 1 and 2 strings of the representative document are kept (or classed) wherever they
  occur, so a document with an equal skeleton has the same strings (or classes) at the
  positions the representative read by rule 1 or 2, and no other string there: by induction
  over the expansion, it takes the same path (same terms, same contexts, same checks), and
  differs only in literals and in IRIs of the same class. Numbers, booleans and null are kept
  as they are, tagged by type (``1``, ``1.0`` and ``true`` differ).

Only successes are remembered: a refused document is expanded again, so its report names its
own terms and pointers. The memo holds no state of the world, only facts about documents, so
it is correct in any number of replicas.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from badgeservice.formats.jsonld import VocabularyUse

_SCHEME_OR_BLANK = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*|_):")
# What ``formats.jsonld`` refuses in an IRI, and what pyld's ``_is_absolute_iri`` reads as
# whitespace (``\s``, Unicode too).
_UNSAFE = re.compile(r"[\x00-\x20<>\"{}|^`\\]|\s")
_OPAQUE_KEYWORDS = frozenset({"@id", "@type"})
_MAX_SHAPES = 1024
_MAX_READINGS = 8
_MAX_SKELETONS = 64

Skeleton = tuple[object, ...]


class ShapeMemo:
    """Skeletons of documents that expanded strictly (a thread-safe LRU).

    Grouped by shape (the document with every string outside ``@context`` and keyword members
    blanked); under each, the readings seen (what rules 1 and 2 kept) and the skeletons that
    expanded strictly under them.
    """

    def __init__(self, max_shapes: int = _MAX_SHAPES) -> None:
        self._max_shapes = max_shapes
        self._shapes: OrderedDict[Skeleton, dict[_Reading, set[Skeleton]]] = OrderedDict()
        self._lock = threading.Lock()

    def expands_strictly(self, document: Mapping[str, object]) -> bool:
        """Whether a document with the same skeleton already expanded strictly."""
        shape = _encode(document, None, exact=False)
        with self._lock:
            readings = list(self._shapes.get(shape, {}).items())
        return any(skeleton(document, reading) in known for reading, known in readings)

    def remember(self, document: Mapping[str, object], used: VocabularyUse) -> None:
        """Note that ``document`` expanded strictly, having expanded ``used``."""
        shape = _encode(document, None, exact=False)
        reading = _Reading.of(used)
        key = skeleton(document, reading)
        with self._lock:
            readings = self._shapes.setdefault(shape, {})
            self._shapes.move_to_end(shape)
            known = readings.setdefault(reading, set())
            if len(known) >= _MAX_SKELETONS:
                known.pop()  # bounded against submissions made to fill it; any one may go
            known.add(key)
            while len(readings) > _MAX_READINGS:
                del readings[next(iter(readings))]
            while len(self._shapes) > self._max_shapes:
                self._shapes.popitem(last=False)


@dataclass(frozen=True)
class _Reading:
    """What a skeleton keeps of a document's strings, from a same-shaped one's expansion."""

    terms: frozenset[str]
    opaque_iris: frozenset[str]  # rule 2 strings without a class: kept as they are
    keyword_aliases: frozenset[str]  # members whose values are read as they are

    @classmethod
    def of(cls, used: VocabularyUse) -> _Reading:
        return cls(
            frozenset(used.terms),
            frozenset(iri for iri in used.document_iris if _iri_class(iri) is None),
            frozenset(
                key
                for key, keywords in used.keyword_aliases.items()
                if not keywords <= _OPAQUE_KEYWORDS
            ),
        )


def skeleton(document: Mapping[str, object], reading: _Reading) -> Skeleton:
    """What strict expansion of ``document`` depends on, given how a document of the same
    shape was read (module docstring)."""
    return _encode(document, reading, exact=False)


def _encode(value: object, reading: _Reading | None, *, exact: bool) -> Skeleton:
    if isinstance(value, str):
        if exact:
            return ("s", value)
        if reading is None:
            return ("?",)
        if value in reading.terms or value in reading.opaque_iris:
            return ("s", value)
        return _iri_class(value) or ("?",)
    if isinstance(value, list):
        return ("[", *(_encode(item, reading, exact=exact) for item in value))
    if isinstance(value, Mapping):
        return (
            "{",
            *(
                (key, _encode(member, reading, exact=exact or _verbatim(key, reading)))
                for key, member in value.items()
            ),
        )
    return (type(value).__name__, value)


def _verbatim(key: str, reading: _Reading | None) -> bool:
    """Members whose values expansion reads as they are: ``@context`` and keywords (or their
    aliases) other than ``@id`` and ``@type``, whose strings rules 1 and 2 cover."""
    if key.startswith("@"):
        return key not in _OPAQUE_KEYWORDS
    return reading is not None and key in reading.keyword_aliases


def _iri_class(value: str) -> Skeleton | None:
    match = _SCHEME_OR_BLANK.match(value)
    if match is None:
        return None
    rest = value[match.end() :]
    if _UNSAFE.search(rest):
        return None
    return ("iri", match.group(), rest.startswith("//"), rest == "")
