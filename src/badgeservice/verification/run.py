"""What one verification works with: documents (ours local, others fetched), keys, the caches
shared across verifications, and the moment it is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from badgeservice.verification.contexts import ExpansionMemo
from badgeservice.verification.documents import Documents
from badgeservice.verification.keys import KeyResolver
from badgeservice.verification.status_lists import StatusListCache


@dataclass(frozen=True)
class VerificationCaches:
    """Per-process caches, shared by every verification of an app (thread-safe)."""

    status_lists: StatusListCache = field(default_factory=StatusListCache)
    expansions: ExpansionMemo = field(default_factory=ExpansionMemo)


@dataclass(frozen=True)
class Run:
    documents: Documents
    keys: KeyResolver
    caches: VerificationCaches
    now: datetime
