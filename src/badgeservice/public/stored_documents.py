"""A memory copy of the documents awards store as signed (credential JSON, VC-JWT, signed
assertion), for the hottest public GETs.

Those documents are written once, when the award is signed, and never change afterwards
(revocation changes the hosted assertion and the status lists, neither of which is kept here),
so a copy is always current, on every replica, with nothing to invalidate. Each entry keeps
its ETag, so a hit neither reads the database nor hashes the document. Bounded (LRU) and
thread-safe; one per app (``app.state.stored_documents``).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from typing import Annotated

from fastapi import Depends, Request

from badgeservice.awards.public_service import StoredDocument
from badgeservice.public.caching import etag_for

DEFAULT_MAX_ENTRIES = 4096  # a few kilobytes each: tens of megabytes at most

Key = tuple[uuid.UUID, StoredDocument]


class StoredDocumentCache:
    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self._max_entries = max_entries
        self._entries: OrderedDict[Key, tuple[bytes, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, award_id: uuid.UUID, document: StoredDocument) -> tuple[bytes, str] | None:
        """The document and its ETag, if held."""
        key = (award_id, document)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(
        self, award_id: uuid.UUID, document: StoredDocument, content: bytes
    ) -> tuple[bytes, str]:
        entry = (content, etag_for(content))
        with self._lock:
            self._entries[(award_id, document)] = entry
            self._entries.move_to_end((award_id, document))
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return entry


async def get_stored_documents(request: Request) -> StoredDocumentCache:
    # async: resolved on the event loop, without a thread-pool round trip.
    cache: StoredDocumentCache = request.app.state.stored_documents
    return cache


StoredDocumentsDep = Annotated[StoredDocumentCache, Depends(get_stored_documents)]
