"""Language negotiation and the localised message catalogue (French and English).

Problem ``detail``s, ``errors[].detail`` and verification messages are looked up here by a
stable key, so both languages always exist for every message (a test checks it).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from badgeservice.human_dates import moment_text
from badgeservice.messages import MESSAGES


class Lang(StrEnum):
    FR = "fr"
    EN = "en"


def negotiate_language(accept_language: str | None, *, default: Lang) -> Lang:
    """Pick fr or en from an Accept-Language header (RFC 9110 §12.5.4), by quality."""
    if not accept_language:
        return default
    best: tuple[float, int, Lang] | None = None
    for position, item in enumerate(accept_language.split(",")):
        parts = [p.strip() for p in item.split(";")]
        tag = parts[0].lower()
        quality = 1.0
        for param in parts[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        primary = tag.split("-")[0]
        if primary not in (Lang.FR, Lang.EN) or quality <= 0:
            continue
        candidate = (quality, -position, Lang(primary))
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else default


@dataclass(frozen=True)
class Text:
    """A message key and its parameters, rendered in a language when a response is built."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        entry = MESSAGES[self.key]
        template = entry[lang.value]
        return _MessageFormatter(lang).vformat(template, (), dict(self.params))


class _MessageFormatter(string.Formatter):
    """``{name:datetime}`` writes a date-time parameter (kept as ISO 8601 by whoever made the
    text) for people, in the message's language."""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self._lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec == "datetime":
            return moment_text(value, self._lang.value)
        formatted: str = super().format_field(value, format_spec)
        return formatted


def placeholders(template: str) -> set[str]:
    """The parameters a template uses, with their format (``date:datetime``) if any."""
    return {
        f"{name}:{spec}" if spec else name
        for _, name, spec, _ in string.Formatter().parse(template)
        if name
    }
