"""Every message exists in French and English with the same placeholders."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

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


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            Lang.FR,
            "Valide du 28 novembre 2026 à 21:06 UTC au 28 novembre 2028 à 19:06:30 UTC.",
        ),
        (
            Lang.EN,
            "Valid from November 28, 2026, 21:06 UTC until November 28, 2028, 19:06:30 UTC.",
        ),
    ],
)
def test_dates_in_messages_are_written_for_people_in_utc(lang: Lang, expected: str) -> None:
    # The text keeps the machine dates; only its rendering writes them for people (an offset
    # is brought back to UTC, seconds show only when not zero).
    params = {"date": "2026-11-28T21:06:00Z", "until": "2028-11-28T21:06:30+02:00"}
    assert Text("dates_valid", params).render(lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [(Lang.FR, "Expiré le 1 mars 2027 à 08:00 UTC (validUntil)."),
     (Lang.EN, "Expired on March 1, 2027, 08:00 UTC (validUntil).")],
)  # fmt: skip
def test_an_aware_datetime_parameter_is_written_for_people(lang: Lang, expected: str) -> None:
    params = {"date": datetime(2027, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1))),
              "end": "validUntil"}  # fmt: skip
    assert Text("dates_expired", params).render(lang) == expected


@pytest.mark.parametrize("value", ["not a date", "2026-11-28T21:06:00", 42])
def test_a_date_parameter_that_is_not_an_aware_date_time_is_shown_as_given(value: object) -> None:
    text = Text("dates_valid_no_end", {"date": value})
    assert text.render(Lang.EN) == f"Valid since {value}, without an end date."


def test_date_placeholders_are_formatted_alike_in_both_languages() -> None:
    assert placeholders("Du {date:datetime} au {until}.") == {"date:datetime", "until"}
    dated = [key for key, entry in MESSAGES.items() if ":datetime}" in entry["en"]]
    assert {"dates_valid", "dates_valid_no_end", "dates_expired", "dates_not_yet_valid"} <= set(
        dated
    )
