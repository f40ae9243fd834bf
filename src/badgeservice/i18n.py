"""Language negotiation and the localised message catalogue (French and English).

Problem ``detail``s, ``errors[].detail`` and verification messages are looked up here by a
stable key, so both languages always exist for every message (a test checks it).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

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
        return string.Formatter().vformat(template, (), dict(self.params))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
