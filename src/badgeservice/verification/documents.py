"""Getting the documents a verification needs, by URL: ours from the database, others through
the one outbound client (``badgeservice.fetch``).

Documents under PUBLIC_URL are never fetched over HTTP: :class:`LocalDocuments` builds them
exactly as the public routes serve them. Anything else goes through :class:`~badgeservice.fetch.
Fetcher`, with its SSRF rules. Failures of either kind become :class:`DocumentUnavailableError`
with a localised reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import orjson

from badgeservice.fetch import JSON_MEDIA_TYPES, Fetched, Fetcher, FetchError
from badgeservice.i18n import Text

OK = frozenset({200})


class DocumentUnavailableError(Exception):
    """A document could not be had; ``text`` says why, ``status`` is the HTTP status if any."""

    def __init__(self, text: Text, *, status: int | None = None) -> None:
        super().__init__(text.key)
        self.text = text
        self.status = status


class LocalSource(Protocol):
    def owns(self, url: str) -> bool:
        """Whether ``url`` is one of ours (under PUBLIC_URL)."""
        ...

    def get(self, url: str, *, accept: Sequence[str]) -> Fetched:
        """The document as the public route would serve it (status 404 when there is none)."""
        ...


class Documents:
    def __init__(self, fetcher: Fetcher, local: LocalSource | None = None) -> None:
        self._fetcher = fetcher
        self._local = local

    def is_local(self, url: str) -> bool:
        return self._local is not None and self._local.owns(url)

    def get(self, url: str, *, accept: Sequence[str], statuses: frozenset[int] = OK) -> Fetched:
        if self._local is not None and self._local.owns(url):
            fetched = self._local.get(url, accept=accept)
            if fetched.status not in statuses:
                raise DocumentUnavailableError(
                    Text("document_status", {"url": url, "status": fetched.status}),
                    status=fetched.status,
                )
            return fetched
        try:
            return self._fetcher.get(url, accept=accept, statuses=statuses)
        except FetchError as exc:
            raise DocumentUnavailableError(fetch_failure_text(exc), status=exc.status) from exc

    def get_json(
        self,
        url: str,
        *,
        accept: Sequence[str] = JSON_MEDIA_TYPES,
        statuses: frozenset[int] = OK,
    ) -> tuple[Fetched, dict[str, object]]:
        """The document at ``url`` as a JSON object."""
        fetched = self.get(url, accept=accept, statuses=statuses)
        try:
            document = orjson.loads(fetched.content)
        except orjson.JSONDecodeError as exc:
            raise DocumentUnavailableError(Text("document_not_json", {"url": url})) from exc
        if not isinstance(document, dict):
            raise DocumentUnavailableError(Text("document_not_json", {"url": url}))
        return fetched, document


def fetch_failure_text(error: FetchError) -> Text:
    """The localised reason a fetch failed (one message per ``FetchRefusal``)."""
    key = "fetch_" + error.reason.value.replace("-", "_")
    return Text(key, {"url": error.url, "detail": error.detail})
