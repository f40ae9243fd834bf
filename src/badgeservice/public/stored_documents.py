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
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from badgeservice.awards import public_service
from badgeservice.awards.public_service import StoredDocument
from badgeservice.db import unit_of_work
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


@dataclass(frozen=True)
class StoredDocuments:
    """The stored documents the public GETs serve: the memory copy, else the database."""

    cache: StoredDocumentCache
    factory: sessionmaker[Session]

    async def get(self, award_id: uuid.UUID, document: StoredDocument) -> tuple[bytes, str]:
        """The document and its ETag. A hit is answered on the event loop: a thread-pool
        round trip costs more than the rest of such a request. Only a miss goes to a worker
        thread, for the (sync) database read."""
        held = self.cache.get(award_id, document)
        if held is not None:
            return held
        return await run_in_threadpool(self.read, award_id, document)

    def read(self, award_id: uuid.UUID, document: StoredDocument) -> tuple[bytes, str]:
        """From a read transaction of its own, ended before the response is built."""
        with unit_of_work(self.factory) as session:
            content = public_service.get_stored_document(
                session, award_id=award_id, document=document
            )
        return self.cache.put(award_id, document, content)


def stored_documents(request: Request, factory: sessionmaker[Session]) -> StoredDocuments:
    """The app's memory copy, and ``factory`` (the ``SessionFactoryDep`` of the route) for a
    miss. A plain call rather than a dependency of its own: FastAPI's resolution of each
    dependency costs more than the rest of a hit."""
    return StoredDocuments(cache=request.app.state.stored_documents, factory=factory)
