"""The ``dates`` check, shared by both formats: not before the start, not after the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from badgeservice.i18n import Text
from badgeservice.verification.checks import CheckStatus


class InvalidDateError(ValueError):
    pass


@dataclass(frozen=True)
class DatesOutcome:
    status: CheckStatus
    text: Text


def parse_date(value: object) -> datetime | None:
    """An ISO 8601 date-time with a time zone (OB 2.0 DateTime, XML Schema dateTimeStamp);
    None when absent; InvalidDateError when present but not one."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidDateError("not a string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidDateError(value) from exc
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidDateError("no time zone")
    return parsed


def check_dates(
    *, start: object, end: object, now: datetime, start_name: str, end_name: str
) -> DatesOutcome:
    """Valid when ``start <= now < end`` (end optional); the start is required."""
    try:
        valid_from = parse_date(start)
        valid_until = parse_date(end)
    except InvalidDateError:
        return DatesOutcome(CheckStatus.FAILED, Text("dates_invalid", {"start": start_name}))
    if valid_from is None:
        return DatesOutcome(CheckStatus.FAILED, Text("dates_no_start", {"start": start_name}))
    stamp = {"start": start_name, "end": end_name}
    if now < valid_from:
        return DatesOutcome(
            CheckStatus.FAILED,
            Text("dates_not_yet_valid", {**stamp, "date": _z(valid_from)}),
        )
    if valid_until is not None and now >= valid_until:
        return DatesOutcome(
            CheckStatus.FAILED, Text("dates_expired", {**stamp, "date": _z(valid_until)})
        )
    if valid_until is None:
        return DatesOutcome(
            CheckStatus.PASSED, Text("dates_valid_no_end", {"date": _z(valid_from)})
        )
    return DatesOutcome(
        CheckStatus.PASSED,
        Text("dates_valid", {"date": _z(valid_from), "until": _z(valid_until)}),
    )


def _z(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
