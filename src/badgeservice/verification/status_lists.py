"""The OB 3.0 ``revocation`` check: the credential's status entry, read in its issuer's signed
status list (W3C Bitstring Status List v1.0 §3.2 "Validate Algorithm"; FACTS §2.7, §3).

The list credential is fetched (ours: from the database), its own proof is verified with a key
its controller publishes, its issuer must be the credential's, its purpose must match the
entry's, and it must hold at least 131,072 entries; then the bit is read. A list whose proof
fails fails the check: an unsigned bit proves nothing.

Verified lists are kept for :data:`TTL_SECONDS` (the ``Cache-Control`` we give our own), by
URL. Ours are read from the database on every verification, so a revocation shows at once;
only their proof's verdict is reused while their bytes are unchanged.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import orjson

from badgeservice.formats.status_list import (
    DEFAULT_MAX_DECOMPRESSED_BYTES,
    MIN_ENTRIES,
    StatusListError,
    StatusListLengthError,
    StatusListMalformedError,
    StatusListRangeError,
    decode_list,
    get_bit,
)
from badgeservice.i18n import Text
from badgeservice.verification.checks import CheckStatus
from badgeservice.verification.documents import Documents, DocumentUnavailableError
from badgeservice.verification.keys import KeyResolver, KeyState
from badgeservice.verification.proofs import proof_failure_text, verify_data_integrity

TTL_SECONDS = 30.0
REVOCATION = "revocation"
_ACCEPT = ("application/vc+ld+json", "application/ld+json", "application/json")


@dataclass(frozen=True)
class StatusOutcome:
    status: CheckStatus
    text: Text
    revoked: bool = False
    because: Text | None = None


@dataclass(frozen=True)
class VerifiedList:
    """A status list credential once checked: its subject, or why it is refused."""

    digest: bytes
    subject: Mapping[str, object] | None
    refusal: Text | None
    because: Text | None
    expires_at: float
    bits: bytes = b""  # the expanded bitstring, kept so that a bit read costs no inflation


class StatusListCache:
    """Checked status lists by URL (thread-safe LRU, monotonic expiry: cache age, not the
    business clock)."""

    def __init__(self, ttl_seconds: float = TTL_SECONDS, max_entries: int = 256) -> None:
        self.ttl_seconds = ttl_seconds
        self._max_entries = max_entries
        self._lists: OrderedDict[str, VerifiedList] = OrderedDict()
        self._lock = threading.Lock()

    def fresh(self, url: str) -> VerifiedList | None:
        with self._lock:
            entry = self._lists.get(url)
            if entry is None or entry.expires_at <= time.monotonic():
                return None
            self._lists.move_to_end(url)
            return entry

    def store(self, url: str, entry: VerifiedList) -> None:
        with self._lock:
            self._lists[url] = entry
            self._lists.move_to_end(url)
            while len(self._lists) > self._max_entries:
                self._lists.popitem(last=False)


def check_revocation(
    credential: Mapping[str, object],
    *,
    issuer_id: str | None,
    documents: Documents,
    keys: KeyResolver,
    cache: StatusListCache,
) -> StatusOutcome:
    entry = credential.get("credentialStatus")
    if entry is None:
        return StatusOutcome(CheckStatus.SKIPPED, Text("revocation_none_declared"))
    if not isinstance(entry, Mapping):
        return StatusOutcome(CheckStatus.FAILED, Text("revocation_entry_malformed"))
    kind = entry.get("type")
    if kind == "BitstringStatusListEntry":
        return _bitstring(entry, issuer_id, documents, keys, cache)
    if kind == "1EdTechRevocationList":
        return _revocation_list(entry, credential.get("id"), documents)
    return StatusOutcome(CheckStatus.WARNING, Text("revocation_unknown_type", {"type": str(kind)}))


def _bitstring(
    entry: Mapping[str, object],
    issuer_id: str | None,
    documents: Documents,
    keys: KeyResolver,
    cache: StatusListCache,
) -> StatusOutcome:
    purpose = entry.get("statusPurpose")
    if purpose != REVOCATION:
        # Only revocation decides validity here; suspension and messages are not ours to read.
        return StatusOutcome(
            CheckStatus.WARNING, Text("revocation_other_purpose", {"purpose": str(purpose)})
        )
    index, size, url = _entry_fields(entry)
    if index is None or size is None or url is None:
        return StatusOutcome(CheckStatus.FAILED, Text("revocation_entry_malformed"))
    try:
        checked = _checked_list(url, issuer_id, documents, keys, cache)
    except DocumentUnavailableError as exc:
        return StatusOutcome(
            CheckStatus.FAILED, Text("revocation_list_unavailable"), because=exc.text
        )
    if checked.refusal is not None or checked.subject is None:
        refusal = checked.refusal or Text("revocation_list_invalid")
        return StatusOutcome(CheckStatus.FAILED, refusal, because=checked.because)
    purposes = checked.subject.get("statusPurpose")
    purpose_list = purposes if isinstance(purposes, list) else [purposes]
    if REVOCATION not in purpose_list:
        return StatusOutcome(CheckStatus.FAILED, Text("revocation_purpose_mismatch"))
    try:
        value = _status_at(checked.bits, index, size)
    except StatusListError as exc:
        return StatusOutcome(
            CheckStatus.FAILED, Text("revocation_list_error", {"error": exc.error_type})
        )
    if value:
        return StatusOutcome(CheckStatus.FAILED, Text("revocation_revoked"), revoked=True)
    return StatusOutcome(CheckStatus.PASSED, Text("revocation_not_revoked"))


def _entry_fields(entry: Mapping[str, object]) -> tuple[int | None, int | None, str | None]:
    raw_index = entry.get("statusListIndex")
    # BSL §2.1: a base-10 string; an integer is read too, out of tolerance.
    text = str(raw_index) if isinstance(raw_index, str | int) and raw_index is not True else ""
    index = int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None
    raw_size = entry.get("statusSize", 1)
    size = raw_size if isinstance(raw_size, int) and not isinstance(raw_size, bool) else None
    if size is not None and not 1 <= size <= 8:
        size = None
    url = entry.get("statusListCredential")
    return index, size, url if isinstance(url, str) else None


def _checked_list(
    url: str,
    issuer_id: str | None,
    documents: Documents,
    keys: KeyResolver,
    cache: StatusListCache,
) -> VerifiedList:
    local = documents.is_local(url)
    cached = cache.fresh(url)
    if cached is not None and not local:
        return cached
    fetched = documents.get(url, accept=_ACCEPT)
    digest = hashlib.sha256(fetched.content).digest()
    if cached is not None and cached.digest == digest:
        return cached
    checked = _verify_list(fetched.content, url, digest, issuer_id, keys, cache.ttl_seconds)
    cache.store(url, checked)
    return checked


def _verify_list(
    content: bytes,
    url: str,
    digest: bytes,
    issuer_id: str | None,
    keys: KeyResolver,
    ttl_seconds: float,
) -> VerifiedList:
    expires_at = time.monotonic() + ttl_seconds

    def refused(text: Text, because: Text | None = None) -> VerifiedList:
        return VerifiedList(digest, None, text, because, expires_at)

    try:
        document = orjson.loads(content)
    except orjson.JSONDecodeError:
        return refused(Text("document_not_json", {"url": url}))
    if not isinstance(document, dict):
        return refused(Text("document_not_json", {"url": url}))
    types = document.get("type")
    if not isinstance(types, list) or "BitstringStatusListCredential" not in types:
        return refused(Text("revocation_list_invalid"))
    outcome = verify_data_integrity(document, keys)
    if not outcome.check.ok:
        reason = outcome.key_problem or proof_failure_text(outcome.check)
        return refused(Text("revocation_list_proof"), because=reason)
    key = outcome.key
    list_issuer = _issuer_id(document)
    if key is None or key.state is KeyState.REVOKED:
        return refused(Text("revocation_list_key_revoked"))
    if list_issuer is None or list_issuer != issuer_id or key.controller != list_issuer:
        return refused(Text("revocation_list_foreign"))
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        return refused(Text("revocation_list_invalid"))
    encoded = subject.get("encodedList")
    try:
        if not isinstance(encoded, str):
            raise StatusListMalformedError("the status list has no encodedList string")
        bits = decode_list(encoded, max_decompressed_bytes=DEFAULT_MAX_DECOMPRESSED_BYTES)
    except StatusListError as exc:
        return refused(Text("revocation_list_error", {"error": exc.error_type}))
    return VerifiedList(digest, subject, None, None, expires_at, bits)


def _status_at(bits: bytes, index: int, size: int) -> int:
    """The status at ``index`` (BSL § 3.2 steps 9-10), as ``status_list.read_status`` reads it,
    from an already expanded bitstring."""
    total = len(bits) * 8
    if total // size < MIN_ENTRIES:
        raise StatusListLengthError(f"the status list holds {total // size} entries")
    start = index * size
    if start + size > total:
        raise StatusListRangeError(f"index {index} is outside a list of {total} bits")
    value = 0
    for position in range(start, start + size):
        value = (value << 1) | get_bit(bits, position)
    return value


def _revocation_list(
    entry: Mapping[str, object], credential_id: object, documents: Documents
) -> StatusOutcome:
    # 1EdTech Revocation List (FACTS §2.7): VAL treats an unreachable list as a warning only.
    url = entry.get("id")
    if not isinstance(url, str):
        return StatusOutcome(CheckStatus.FAILED, Text("revocation_entry_malformed"))
    try:
        _, document = documents.get_json(url)
    except DocumentUnavailableError as exc:
        return StatusOutcome(
            CheckStatus.WARNING, Text("revocation_list_unavailable"), because=exc.text
        )
    revoked = document.get("revokedCredential")
    for item in revoked if isinstance(revoked, list) else []:
        revoked_item = isinstance(item, dict) and item.get("id") == credential_id
        if revoked_item and item.get("revoked", True) is not False:
            return StatusOutcome(CheckStatus.FAILED, Text("revocation_revoked"), revoked=True)
    return StatusOutcome(CheckStatus.PASSED, Text("revocation_not_revoked"))


def _issuer_id(document: Mapping[str, object]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None
