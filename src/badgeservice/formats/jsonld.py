"""Strict, offline JSON-LD 1.1 expansion over the bundled contexts.

https://www.w3.org/TR/json-ld11-api/#expansion-algorithm

Contexts are never fetched: ``bundled_loader()`` serves the files in ``formats/contexts/``
(listed, with their registry source and sha256, in ``contexts/SOURCES.json``) and refuses any
other URL with ``UnknownContextError``.

pyld has no safe mode: it silently drops what it cannot map to an IRI, and data that is dropped
is data that is not signed. ``expand_strict`` therefore refuses what jsonld.js's ``safe: true``
refuses (``jsonld/lib/events.js`` ``_notSafeEventCodes``, the stack most verifiers run):

* a property that is not a term, a compact IRI or an absolute IRI, or a reserved ``@term``
  (``invalid property``, ``reserved term``): pyld's ``on_property_dropped`` hook;
* an ``@id`` that is neither an absolute IRI nor a blank node identifier (``relative @id
  reference``, ``relative object reference``, ``relative graph reference``);
* a node ``@type`` or value datatype that is not an absolute IRI, e.g. an undefined ``type``
  value (``relative @type reference``);
* a blank node used as a property (``blank node predicate``), ``@direction`` without an RDF
  direction mode (``rdfDirection not set``), a malformed ``@language`` (``invalid @language
  value``), a null ``id`` or ``@value`` (``null @id value``, ``null @value value``), and a
  document that expands to nothing (``object with only @id``, ``empty object``).

Free-floating nodes inside an explicit ``@graph`` that hold only an ``@id`` are still dropped
by both libraries' expansion; credentials never contain them.

IRIs must also be free of the characters RFC 3987 excludes (space, controls, ``<>"{}|^`\\``):
jsonld.js treats them as relative, and rdf-canonize escapes them where pyld writes them raw.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import TypeAlias, TypeVar

from pyld import jsonld as pyld_jsonld

CONTEXTS_DIR = "contexts"
SOURCES_FILE = "SOURCES.json"

# pyld keeps module-level LRU caches (resolved contexts, inverse contexts) built on cachetools,
# which is not thread-safe; sync endpoints run in a thread pool. pyld is pure Python, so the GIL
# already serialises the work: holding a lock costs no throughput. The lock also guards
# ``_TYPE_SCOPED``.
_PYLD_LOCK = threading.RLock()
# Type-scoped contexts already applied (see ``_StrictProcessor._process_context``): at most
# this many, least recently used dropped first. Issuing needs a dozen.
_TYPE_SCOPED_MAX = 256
_TypeScopedKey: TypeAlias = tuple[str, int, bool, bool, object, object]
_TYPE_SCOPED: OrderedDict[_TypeScopedKey, tuple[object, object, object]] = OrderedDict()

_T = TypeVar("_T")

_SCHEME_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*\Z")
_BLANK_NODE = re.compile(r"_:[^\x00-\x20<>\"{}|^`\\]+\Z")
# BCP 47 shape, as jsonld.js checks it (expand.js, ``invalid @language value``).
_LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
_NULL_REFUSED_KEYS = frozenset({"id", "@id", "@value"})
_RESERVED_LOOKING = re.compile(r"@[A-Za-z]+\Z")
_SCALARS = (str, int, float, type(None))


class JsonLdError(ValueError):
    """A document that strict JSON-LD processing refuses; ``code`` names the rule."""

    code = "invalid-json-ld"

    def __init__(self, message: str, *, pointers: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.pointers = pointers


class UnknownContextError(JsonLdError):
    """A ``@context`` URL that is not bundled; nothing is ever fetched."""

    code = "unknown-context"

    def __init__(self, url: str) -> None:
        super().__init__(f"unknown JSON-LD context {url!r}: only bundled contexts are used")
        self.url = url


class UndefinedTermError(JsonLdError):
    """A property that no context defines: pyld would drop it, unsigned."""

    code = "undefined-term"

    def __init__(self, term: str | None, pointers: tuple[str, ...]) -> None:
        where = f" at {', '.join(pointers)}" if pointers else ""
        shown = repr(term) if term is not None else "(a reserved @term or a term mapped to null)"
        super().__init__(f"undefined JSON-LD term {shown}{where}", pointers=pointers)
        self.term = term


class RelativeIriError(JsonLdError):
    """An ``@id`` or ``@type`` that does not expand to an absolute IRI (or a blank node)."""

    code = "relative-iri"

    def __init__(self, keyword: str, value: str, pointers: tuple[str, ...]) -> None:
        where = f" at {', '.join(pointers)}" if pointers else ""
        super().__init__(
            f"{keyword} value {value!r} is not an absolute IRI: an undefined term or a "
            f"relative reference{where}",
            pointers=pointers,
        )
        self.keyword = keyword
        self.value = value


class UnsafeJsonLdError(JsonLdError):
    """Other constructs that JSON-LD processors drop or render differently."""

    code = "unsafe-json-ld"


class _PropertyDroppedError(Exception):
    def __init__(self, expanded_property: str | None) -> None:
        super().__init__(expanded_property)
        self.expanded_property = expanded_property


class ContextLoader:
    """A frozen, URL-keyed JSON-LD document loader (pyld's ``documentLoader`` signature).

    Returns ``tag: "static"`` so pyld keeps each resolved context in its shared cache across
    calls (``pyld/context_resolver.py``): a context is parsed and processed once per process.
    That cache is keyed by URL alone and consulted before any loader, so every loader used in
    one process must serve the same document for a URL (ours all serve the bundled files).
    """

    __slots__ = ("_documents",)

    def __init__(self, documents: Mapping[str, Mapping[str, object]]) -> None:
        self._documents: Mapping[str, Mapping[str, object]] = MappingProxyType(dict(documents))

    def __call__(self, url: str, options: Mapping[str, object] | None = None) -> dict[str, object]:
        """The RemoteDocument for ``url`` (JSON-LD 1.1 API §9.4), or ``UnknownContextError``."""
        document = self._documents.get(url)
        if document is None:
            raise UnknownContextError(url)
        # pyld rewrites nested context URLs in place while resolving: hand it a copy.
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": copy.deepcopy(dict(document)),
            "tag": "static",
        }

    @property
    def urls(self) -> frozenset[str]:
        return frozenset(self._documents)


@functools.cache
def bundled_loader() -> ContextLoader:
    """The loader over the contexts bundled in ``formats/contexts/``, built once per process."""
    return load_context_folder(resources.files("badgeservice.formats").joinpath(CONTEXTS_DIR))


def load_context_folder(folder: Traversable) -> ContextLoader:
    """A loader over a folder holding ``SOURCES.json`` and the files it lists.

    Each file must match the sha256 recorded for it: a context altered after it was checked
    would silently change what every signature covers.
    """
    sources = json.loads(folder.joinpath(SOURCES_FILE).read_text(encoding="utf-8"))
    documents: dict[str, Mapping[str, object]] = {}
    for entry in sources["contexts"]:
        raw = folder.joinpath(entry["file"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
            raise ValueError(f"context file {entry['file']} does not match its sha256")
        document = json.loads(raw)
        for url in [entry["url"], *entry.get("aliases", [])]:
            documents[url] = document
    return ContextLoader(documents)


def unknown_context_urls(document: object, *, loader: ContextLoader | None = None) -> list[str]:
    """The ``@context`` URLs in ``document`` (at any depth) that ``loader`` does not serve."""
    known = (loader or bundled_loader()).urls
    unknown: list[str] = []
    # Every verification runs this: a plain walk over containers only, without the JSON
    # pointers of _walk_members (and without asking whether a string is a Mapping).
    stack: list[object] = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(value for value in item if not isinstance(value, _SCALARS))
        elif type(item) is dict or isinstance(item, Mapping):  # dict first: no ABC check
            for key, value in item.items():
                if key == "@context":
                    for url in value if isinstance(value, list) else [value]:
                        if isinstance(url, str) and url not in known and url not in unknown:
                            unknown.append(url)
                if not isinstance(value, _SCALARS):
                    stack.append(value)
    return unknown


@dataclass
class VocabularyUse:
    """The strings one expansion expanded as IRIs (JSON-LD 1.1 API §5.2 IRI Expansion):
    ``terms``, with ``vocab`` true (properties, ``@type`` values, values of ``@vocab``-typed
    terms), looked up in the active context; ``document_iris``, with ``vocab`` false (``@id``
    values, values of ``@id``-typed terms), never looked up as terms; and the properties that
    expanded to a keyword, with those keywords (aliases such as ``id`` → ``@id``)."""

    terms: set[str] = field(default_factory=set)
    document_iris: set[str] = field(default_factory=set)
    keyword_aliases: dict[str, set[str]] = field(default_factory=dict)


def expand_strict(
    document: Mapping[str, object],
    *,
    loader: ContextLoader | None = None,
    vocabulary: VocabularyUse | None = None,
) -> list[object]:
    """JSON-LD 1.1 expansion (JSON-LD 1.1 API §5.1) refusing everything pyld would drop.

    Raises a ``JsonLdError`` subclass naming the offending term or value and the JSON pointers
    where it occurs in ``document``. ``vocabulary``, if given, is filled with what the
    expansion looked up (see ``VocabularyUse``).
    """

    def expand(processor: pyld_jsonld.JsonLdProcessor, options: dict[str, object]) -> list[object]:
        expanded = processor.expand(document, options)
        if not isinstance(expanded, list):
            raise JsonLdError("JSON-LD expansion returned no list")
        return expanded

    return run_strict(document, expand, loader=loader, vocabulary=vocabulary)


def run_strict(
    document: Mapping[str, object],
    operation: Callable[[pyld_jsonld.JsonLdProcessor, dict[str, object]], _T],
    *,
    loader: ContextLoader | None = None,
    vocabulary: VocabularyUse | None = None,
) -> _T:
    """Run a pyld operation on ``document`` with every expansion it makes checked strictly.

    ``operation(processor, options)`` calls one JsonLdProcessor method (``expand``,
    ``normalize``, ...) with ``options`` (our loader, no base) plus its own; pyld expands the
    input inside every such method, so the checks cover what it goes on to process.
    """
    if not isinstance(document, Mapping):
        raise JsonLdError("a JSON-LD document must be a JSON object")
    _refuse_null_identifiers(document)
    # base None keeps relative IRIs relative, so they can be refused; with the default ""
    # pyld 3.3 quietly resolves them against http://example.org/base/.
    options: dict[str, object] = {"documentLoader": loader or bundled_loader(), "base": None}
    try:
        with _PYLD_LOCK:
            processor = (
                _StrictProcessor(document)
                if vocabulary is None
                else _RecordingProcessor(document, vocabulary)
            )
            return operation(processor, options)
    except (pyld_jsonld.JsonLdError, _PropertyDroppedError) as exc:
        raise _translate(exc, document) from exc


class _StrictProcessor(pyld_jsonld.JsonLdProcessor):  # type: ignore[misc]  # pyld is untyped
    """pyld's processor, raising on dropped properties and checking each expansion result.

    One expansion serves both the checks and what follows (``to_rdf``, ``normalize``), so
    nothing is processed twice and nothing unchecked is signed.
    """

    def _process_context(  # type: ignore[no-untyped-def]  # pyld's signature, untyped
        self,
        active_ctx,
        local_ctx,
        options,
        override_protected=False,
        propagate=True,
        validate_scoped=True,
        cycles=None,
    ):
        """JSON-LD 1.1 API §4.1 Context Processing, remembering type-scoped contexts.

        pyld caches a processed context per active context (``ResolvedContext``, keyed by the
        active context's ``_uuid``), but applies a type-scoped context (``propagate`` false,
        JSON-LD 1.1 API §4.1.2 step 3) to a fresh copy of the active context, with a new
        ``_uuid`` its cache has never seen: each node whose type carries a scoped context (OB
        3.0 ``AchievementSubject``, ``Achievement``, ``Profile``, ...) had that context
        processed again, term by term, in every document, which was half of canonicalizing a
        credential. The result depends only on the active context (frozen once processed,
        named by its ``_uuid`` as in pyld's cache) and the scoped context (a value in one of
        its term definitions, held here so that its ``id`` stays its own), so it is kept for
        the next document: the same context pyld would build again, and the same output.
        """
        if propagate or cycles is not None or "_uuid" not in active_ctx:
            return super()._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected=override_protected,
                propagate=propagate,
                validate_scoped=validate_scoped,
                cycles=cycles,
            )
        key = (
            active_ctx["_uuid"],
            id(local_ctx),
            override_protected,
            validate_scoped,
            options.get("base"),
            options.get("processingMode"),
        )
        known = _TYPE_SCOPED.get(key)
        if known is not None and known[0] is active_ctx and known[1] is local_ctx:
            _TYPE_SCOPED.move_to_end(key)
            return known[2]
        processed = super()._process_context(
            active_ctx,
            local_ctx,
            options,
            override_protected=override_protected,
            propagate=propagate,
            validate_scoped=validate_scoped,
        )
        _TYPE_SCOPED[key] = (active_ctx, local_ctx, processed)
        if len(_TYPE_SCOPED) > _TYPE_SCOPED_MAX:
            _TYPE_SCOPED.popitem(last=False)
        return processed

    def __init__(self, document: Mapping[str, object]) -> None:
        super().__init__(on_property_dropped=_raise_dropped)
        self._document = document

    def expand(self, input_: object, options: dict[str, object]) -> list[object]:
        expanded = super().expand(dict(input_) if isinstance(input_, Mapping) else input_, options)
        if not isinstance(expanded, list) or not expanded:
            raise UnsafeJsonLdError("the document expands to nothing: it has no linked data")
        _check_expanded(expanded, self._document)
        return expanded


class _RecordingProcessor(_StrictProcessor):
    """The strict processor, noting what it expands as IRIs (``VocabularyUse``); a subclass
    so that expansions that do not ask pay nothing for it."""

    def __init__(self, document: Mapping[str, object], vocabulary: VocabularyUse) -> None:
        super().__init__(document)
        self._vocabulary = vocabulary

    def _expand_iri(  # type: ignore[no-untyped-def]  # pyld's signature, untyped
        self, active_ctx, value, base=None, vocab=False, local_ctx=None, defined=None
    ):
        """pyld's IRI Expansion (JSON-LD 1.1 API §5.2), noting the string it expanded."""
        expanded = super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        if isinstance(value, str):
            if not vocab:
                self._vocabulary.document_iris.add(value)
            else:
                self._vocabulary.terms.add(value)
                if isinstance(expanded, str) and expanded.startswith("@"):
                    self._vocabulary.keyword_aliases.setdefault(value, set()).add(expanded)
        return expanded


def _raise_dropped(expanded_property: str | None) -> None:
    raise _PropertyDroppedError(expanded_property)


def _translate(exc: BaseException, document: Mapping[str, object]) -> JsonLdError:
    """Find our own exception in pyld's ``raise ... from`` chain, or wrap pyld's error."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, JsonLdError):
            return cause
        if isinstance(cause, _PropertyDroppedError):
            term = cause.expanded_property
            if term is not None:
                return UndefinedTermError(term, _pointers_of_key(document, term))
            # pyld reports a reserved "@term" (or a term the context maps to null) as None.
            pointers = tuple(
                sorted(
                    pointer
                    for pointer, key, _value in _walk_members(document, skip_contexts=True)
                    if _RESERVED_LOOKING.match(key) and key not in pyld_jsonld.KEYWORDS
                )
            )
            return UndefinedTermError(None, pointers)
        cause = cause.__cause__
    details = getattr(exc, "code", None) or getattr(exc, "type", None)
    return JsonLdError(f"invalid JSON-LD: {exc}" + (f" ({details})" if details else ""))


def _refuse_null_identifiers(document: Mapping[str, object]) -> None:
    for pointer, key, value in _walk_members(document, skip_contexts=True):
        if value is None and key in _NULL_REFUSED_KEYS:
            raise UnsafeJsonLdError(f"{key} must not be null at {pointer}", pointers=(pointer,))


def _check_expanded(expanded: list[object], document: Mapping[str, object]) -> None:
    stack: list[object] = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        is_value_object = "@value" in item
        for key, value in item.items():
            if key == "@id":
                _check_id(value, document)
            elif key == "@type":
                for type_iri in value if isinstance(value, list) else [value]:
                    if not (is_value_object and type_iri == "@json"):
                        _check_iri("@type", type_iri, document, allow_blank=False)
            elif key == "@direction":
                raise UnsafeJsonLdError(
                    "@direction is not supported: RDF canonicalization would drop it "
                    "(jsonld.js safe mode: rdfDirection not set)"
                )
            elif key == "@language":
                if not isinstance(value, str) or not _LANGUAGE_TAG.match(value):
                    raise UnsafeJsonLdError(f"invalid @language value {value!r}")
            elif key == "@value":
                continue  # a literal, or a JSON literal whose members are not terms
            elif key == "@reverse" and isinstance(value, dict):
                for reverse_property, nodes in value.items():
                    _check_property(reverse_property, document)
                    stack.append(nodes)
            elif key.startswith("@"):
                stack.append(value)
            else:
                _check_property(key, document)
                stack.append(value)


def _check_id(value: object, document: Mapping[str, object]) -> None:
    _check_iri("@id", value, document, allow_blank=True)


def _check_iri(
    keyword: str, value: object, document: Mapping[str, object], *, allow_blank: bool
) -> None:
    if isinstance(value, str) and (
        _SCHEME_IRI.match(value) or (allow_blank and _BLANK_NODE.match(value))
    ):
        return
    shown = value if isinstance(value, str) else repr(value)
    raise RelativeIriError(keyword, shown, _pointers_of_value(document, shown))


def _check_property(iri: str, document: Mapping[str, object]) -> None:
    if iri.startswith("_:"):
        raise UnsafeJsonLdError(
            f"property {iri!r} expands to a blank node: RDF has no blank node predicates",
            pointers=_pointers_of_key(document, iri),
        )
    if not _SCHEME_IRI.match(iri):
        raise UndefinedTermError(iri, _pointers_of_key(document, iri))


def _walk_members(value: object, *, skip_contexts: bool) -> Iterator[tuple[str, str, object]]:
    """Yield (JSON pointer, key, value) for every object member, depth first."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        pointer, item = stack.pop()
        if isinstance(item, Mapping):
            for key, member in item.items():
                member_pointer = f"{pointer}/{_escape_pointer(str(key))}"
                yield member_pointer, str(key), member
                if skip_contexts and key == "@context":
                    continue
                stack.append((member_pointer, member))
        elif isinstance(item, list):
            stack.extend((f"{pointer}/{index}", member) for index, member in enumerate(item))


def _pointers_of_key(document: object, key: str) -> tuple[str, ...]:
    return tuple(sorted(p for p, k, _v in _walk_members(document, skip_contexts=True) if k == key))


def _pointers_of_value(document: object, value: str) -> tuple[str, ...]:
    found: list[str] = []
    for pointer, key, member in _walk_members(document, skip_contexts=True):
        if key == "@context":
            continue
        if member == value or (isinstance(member, list) and value in member):
            found.append(pointer)
    return tuple(sorted(found))


def _escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
