"""ISO 8601 durations for a badge class's validity (``P2Y``, ``P6M``, ``P1Y6M``, ``P30D``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_DURATION = re.compile(
    r"^P(?:(?P<y>\d{1,3})Y)?(?:(?P<m>\d{1,4})M)?(?:(?P<w>\d{1,4})W)?(?:(?P<d>\d{1,5})D)?$"
)


@dataclass(frozen=True)
class Validity:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def after(self, start: datetime) -> datetime:
        """``start`` plus this duration; month arithmetic clamps to the month's last day."""
        total_months = start.month - 1 + self.months + 12 * self.years
        year = start.year + total_months // 12
        month = total_months % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        moved = start.replace(year=year, month=month, day=day)
        return moved + timedelta(weeks=self.weeks, days=self.days)


def parse_validity(text: str) -> Validity:
    """Parse a date-only ISO 8601 duration; raises ValueError otherwise."""
    match = _DURATION.match(text)
    if match is None or text == "P":
        raise ValueError("not an ISO 8601 duration of years, months, weeks and days")
    parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    validity = Validity(years=parts["y"], months=parts["m"], weeks=parts["w"], days=parts["d"])
    if validity == Validity():
        raise ValueError("a validity must be longer than zero")
    return validity
