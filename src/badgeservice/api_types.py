"""Field types shared by the API schemas of several domains."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# C0 controls other than tab, LF and CR canonicalise differently in jsonld.js and pyld
# (FACTS.md gotcha 13): refused wherever text can end up in a signed document.
_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def _no_controls(value: str) -> str:
    if _C0.search(value):
        raise ValueError("control characters are not allowed")
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an absolute http(s) URL")
    if parts.username or parts.password:
        raise ValueError("must not contain credentials")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("must be an email address")
    return value


def _e164(value: str) -> str:
    if not _E164.match(value):
        raise ValueError("must be a telephone number in E.164 form, e.g. +33123456789")
    return value


CleanText = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_no_controls)]
ShortText = Annotated[CleanText, StringConstraints(min_length=1, max_length=300)]
LongText = Annotated[CleanText, StringConstraints(max_length=20_000)]
HttpUrlStr = Annotated[str, StringConstraints(max_length=2048), AfterValidator(_http_url)]
EmailStr = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=320), AfterValidator(_email)
]
E164Str = Annotated[str, AfterValidator(_e164)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=20_000)


class LocalizedName(StrictModel):
    """A short text in French (the network's language) and English."""

    fr: ShortText
    en: ShortText


class LocalizedText(StrictModel):
    """A longer text (markdown allowed) in French and English."""

    fr: LongText = ""
    en: LongText = ""


class ListParams(StrictModel):
    cursor: str | None = None
    limit: int = Field(default=50, ge=1, le=200)
