"""Every message exists in French and English with the same placeholders."""

from __future__ import annotations

import pytest

from badgeservice.i18n import Lang, Text, negotiate_language, placeholders
from badgeservice.messages import MESSAGES


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) == {"fr", "en"}
    assert placeholders(entry["fr"]) == placeholders(entry["en"])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, Lang.EN),
        ("fr", Lang.FR),
        ("fr-CA,fr;q=0.9", Lang.FR),
        ("de-DE, en;q=0.5, fr;q=0.8", Lang.FR),
        ("de-DE", Lang.EN),
        ("fr;q=0, en", Lang.EN),
    ],
)
def test_language_negotiation(header: str | None, expected: Lang) -> None:
    assert negotiate_language(header, default=Lang.EN) is expected


def test_text_renders_parameters() -> None:
    text = Text("forbidden_scope", {"scope": "admin"})
    assert text.render(Lang.EN) == "This action needs the scope admin."
    assert text.render(Lang.FR) == "Cette action nécessite la portée admin."
