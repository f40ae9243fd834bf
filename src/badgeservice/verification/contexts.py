"""The JSON-LD ``contexts`` check: known, pinned contexts in the order the specs require, and a
strict expansion in which every term is defined (``formats.jsonld``).

Strict expansion is pyld work (milliseconds) and a pure function of the document: verdicts are
kept by the SHA-256 of the document's canonical JSON, so a credential verified again (a badge
page, a popular badge) is not expanded again, and successes are also kept by the document's
skeleton (``expansion_shapes``), so a new credential of a badge class already seen is not
expanded either. Data Integrity proofs expand the document while canonicalizing it, and pass
their verdict in instead.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping

import orjson

from badgeservice.formats.jsonld import (
    JsonLdError,
    UnknownContextError,
    VocabularyUse,
    expand_strict,
)
from badgeservice.formats.jsonld import unknown_context_urls as unknown_urls
from badgeservice.formats.ob2_documents import OB2_CONTEXT
from badgeservice.i18n import Text
from badgeservice.verification.expansion_shapes import ShapeMemo

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
# OB 3.0 JSON Schema: item 1 matches this (FACTS §2.1).
_OB3_CONTEXT = re.compile(r"https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json")
_MAX_REASON_CHARS = 300


def ob3_context_problem(credential: Mapping[str, object]) -> Text | None:
    """OB 3.0 §"@context": the VC context first, the OB 3.0 context second, all bundled."""
    context = credential.get("@context")
    if not isinstance(context, list) or len(context) < 2:
        return Text("contexts_ob3_order")
    if context[0] not in (VC_V2, VC_V1) or not (
        isinstance(context[1], str) and _OB3_CONTEXT.fullmatch(context[1])
    ):
        return Text("contexts_ob3_order")
    return unknown_context_problem(credential)


def ob2_context_problem(document: Mapping[str, object]) -> Text | None:
    """OB 2.0: ``@context`` is ``https://w3id.org/openbadges/v2`` (a string)."""
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    if first != OB2_CONTEXT:
        return Text("contexts_ob2")
    return unknown_context_problem(document)


def unknown_context_problem(document: Mapping[str, object]) -> Text | None:
    unknown = unknown_urls(document)
    if unknown:
        return Text("contexts_unknown", {"urls": ", ".join(unknown[:5])})
    return None


def expansion_problem_text(error: JsonLdError) -> Text:
    if isinstance(error, UnknownContextError):
        return Text("contexts_unknown", {"urls": str(error.url)})
    return Text("contexts_invalid", {"reason": str(error)[:_MAX_REASON_CHARS]})


class ExpansionMemo:
    """Contexts verdicts (None: known contexts, strict expansion) by document digest; a
    thread-safe LRU. ``shapes`` holds the skeletons of documents that expanded strictly (it
    may be shared with other memos)."""

    def __init__(self, max_entries: int = 4096, shapes: ShapeMemo | None = None) -> None:
        self._max_entries = max_entries
        self._verdicts: OrderedDict[bytes, Text | None] = OrderedDict()
        self._lock = threading.Lock()
        self.shapes = shapes if shapes is not None else ShapeMemo()

    def problem(
        self,
        document: Mapping[str, object],
        *,
        precheck: Callable[[Mapping[str, object]], Text | None],
        expanded: bool = False,
    ) -> Text | None:
        """``precheck`` (the format's context order and bundled URLs), then strict expansion,
        unless the caller already ``expanded`` the document strictly (a Data Integrity proof's
        canonicalization does): then the precheck alone, cheaper than the document's digest,
        is the verdict."""
        if expanded:
            return precheck(document)
        digest = _digest(document)
        with self._lock:
            if digest in self._verdicts:
                self._verdicts.move_to_end(digest)
                return self._verdicts[digest]
        verdict = precheck(document)
        if verdict is None and not self.shapes.expands_strictly(document):
            verdict = _expansion_problem(document, self.shapes)
        with self._lock:
            self._verdicts[digest] = verdict
            self._verdicts.move_to_end(digest)
            while len(self._verdicts) > self._max_entries:
                self._verdicts.popitem(last=False)
        return verdict


def _digest(document: Mapping[str, object]) -> bytes:
    return hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).digest()


def _expansion_problem(document: Mapping[str, object], shapes: ShapeMemo) -> Text | None:
    used = VocabularyUse()
    try:
        _expand(document, used)
    except JsonLdError as exc:
        return expansion_problem_text(exc)
    shapes.remember(document, used)
    return None


def _expand(document: Mapping[str, object], used: VocabularyUse) -> None:
    try:
        expand_strict(document, vocabulary=used)
    except JsonLdError:
        raise
    except Exception as exc:
        # pyld is not hardened against hostile input (deep nesting, odd shapes): a verifier
        # reports it, it does not crash.
        raise JsonLdError(f"the document cannot be expanded ({type(exc).__name__})") from exc
