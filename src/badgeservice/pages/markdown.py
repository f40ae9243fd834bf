"""A small, safe Markdown subset for criteria and narratives written by admins and issuers.

Open Badges narratives are Markdown (OB 2.0 Criteria, OB 3.0 ``narrative``). No Markdown
library is among the project's dependencies (LIBRARIES.md), and none is needed for what labels
use: paragraphs, line breaks, bullet lists, ``**strong**``, ``*emphasis*`` and ``[links](https://…)``.
Everything is HTML-escaped *first*; the subset only adds tags it builds itself, and links only
to http(s) URLs, so no input can inject markup or a ``javascript:`` URL.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_LIST_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s<>\"']+)\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def render_markdown(text: str | None) -> Markup:
    """``text`` as HTML paragraphs and lists (the subset above); empty Markup for no text."""
    if not text or not text.strip():
        return Markup("")
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return Markup("\n").join(_block(block) for block in blocks)


def _block(block: str) -> Markup:
    lines = [line for line in block.split("\n") if line.strip()]
    items = [_LIST_ITEM.match(line) for line in lines]
    if all(items):
        return Markup("<ul>{}</ul>").format(
            Markup("").join(Markup("<li>{}</li>").format(_inline(m.group(1))) for m in items if m)
        )
    return Markup("<p>{}</p>").format(
        Markup("<br>\n").join(_inline(line.strip()) for line in lines)
    )


def _inline(line: str) -> Markup:
    """Links split the line first, so that emphasis never reaches inside an ``href``."""
    parts: list[Markup] = []
    position = 0
    for match in _LINK.finditer(line):
        parts.append(_emphasis(line[position : match.start()]))
        parts.append(
            Markup('<a href="{}" rel="nofollow noopener">{}</a>').format(
                match.group(2), _emphasis(match.group(1))
            )
        )
        position = match.end()
    parts.append(_emphasis(line[position:]))
    return Markup("").join(parts)


def _emphasis(text: str) -> Markup:
    html = str(escape(text))
    html = _STRONG.sub(r"<strong>\1</strong>", html)
    html = _EMPHASIS.sub(r"<em>\1</em>", html)
    return Markup(html)  # noqa: S704 - escaped text with our own tags only
