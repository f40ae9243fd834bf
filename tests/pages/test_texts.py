"""Page texts exist in both languages with the same placeholders; dates are CLDR's."""

from __future__ import annotations

from datetime import date

import pytest

from badgeservice.i18n import Lang, placeholders
from badgeservice.pages.texts import PAGE_TEXTS, long_date, page_language, translator


def test_both_languages_have_the_same_keys() -> None:
    assert set(PAGE_TEXTS[Lang.FR]) == set(PAGE_TEXTS[Lang.EN])


@pytest.mark.parametrize("key", sorted(PAGE_TEXTS[Lang.FR]))
def test_both_languages_have_the_same_placeholders(key: str) -> None:
    assert placeholders(PAGE_TEXTS[Lang.FR][key]) == placeholders(PAGE_TEXTS[Lang.EN][key])


def test_translator_fills_placeholders() -> None:
    assert translator(Lang.FR)("revocation_reason", reason="erreur") == "Motif : erreur"
    assert translator(Lang.EN)("revocation_reason", reason="mistake") == "Reason: mistake"


@pytest.mark.parametrize(
    ("lang", "expected"), [(Lang.FR, "1 juin 2026"), (Lang.EN, "June 1, 2026")]
)
def test_dates_are_written_the_cldr_way(lang: Lang, expected: str) -> None:
    assert long_date(date(2026, 6, 1), lang) == expected


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        (None, None, Lang.FR),
        (None, "en-US,en;q=0.9", Lang.EN),
        ("en", "fr", Lang.EN),
        ("FR", "en", Lang.FR),
        ("de", "en", Lang.EN),
        ("", "de", Lang.FR),
    ],
)
def test_page_language(query: str | None, header: str | None, expected: Lang) -> None:
    assert page_language(query, header) is expected
