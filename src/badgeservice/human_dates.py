"""Date-times written for people, in French or English (CLDR dates through Babel).

Messages carry machine dates (ISO 8601, as documents write them); this is how a message shows
one to a reader: the CLDR long date the pages use, a 24-hour time, in UTC, said so.
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_date

# How each language joins the date and the time.
_JOINS = {"fr": "{date} à {time} UTC", "en": "{date}, {time} UTC"}


def moment_text(value: object, language: str) -> str:
    """``value`` (an aware datetime, or an ISO 8601 date-time with a time zone) in UTC, for
    people: "28 novembre 2026 à 21:06 UTC", "November 28, 2026, 21:06 UTC"; seconds only when
    not zero. Anything else is returned as text, unchanged: a message is never lost to a date
    it cannot read."""
    moment = _parse(value)
    if moment is None:
        return str(value)
    moment = moment.astimezone(UTC)
    time = f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"
    language = language if language in _JOINS else "en"
    date = format_date(moment.date(), format="long", locale=language)
    return _JOINS[language].format(date=date, time=time)


def _parse(value: object) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return moment if moment.utcoffset() is not None else None
