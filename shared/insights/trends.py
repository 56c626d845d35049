"""Sliding windows and what a topic's counts over them say: new, rising, steady, falling.

Windows end at ``now``: with a week as the period and four periods of look-back, the
current period is the last seven days and each earlier one the seven days before it, so
the current period is always complete and comparable with the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Trend = Literal["new", "rising", "steady", "falling"]

PERIODS: dict[str, timedelta] = {"day": timedelta(days=1), "week": timedelta(weeks=1)}

_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(value: str) -> timedelta:
    """``30m``, ``24h``, ``28d``, ``4w``."""
    match = _DURATION.match(value)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{value!r} is not a duration like 24h, 28d or 4w")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@dataclass(frozen=True)
class Windows:
    """``count`` consecutive periods of ``period`` ending at ``until``, oldest first."""

    until: datetime
    period: timedelta
    count: int

    @classmethod
    def covering(cls, until: datetime, since: timedelta, period: timedelta) -> Windows:
        """Enough whole periods to cover ``since`` (28 days by week: 4; 10 days: 2)."""
        if period <= timedelta(0) or since <= timedelta(0):
            raise ValueError("the period and the look-back must be positive")
        count = max(1, -(-since // period))
        if count > 400:
            raise ValueError(f"{count} periods is too many: give a longer period or less look-back")
        try:
            until - period * count
        except OverflowError as exc:
            raise ValueError("the look-back reaches before the year 1") from exc
        return cls(until=until, period=period, count=count)

    @property
    def since(self) -> datetime:
        return self.until - self.period * self.count

    def bounds(self) -> list[tuple[datetime, datetime]]:
        return [
            (self.since + self.period * i, self.since + self.period * (i + 1))
            for i in range(self.count)
        ]

    def index(self, at: datetime) -> int | None:
        """Which period ``at`` falls in, or None outside the look-back."""
        if at < self.since or at >= self.until:
            return None
        return int((at - self.since) // self.period)


@dataclass(frozen=True)
class TrendRules:
    """When a count differs enough from its baseline (the mean of the earlier periods).

    Rising: the current period is at least ``ratio`` times the baseline and at least
    ``min_change`` more. Falling: the baseline is at least ``ratio`` times the current
    period and at least ``min_change`` more. New: nothing in any earlier period of the
    look-back. Steady: everything else, including small counts that move a little.
    """

    ratio: float = 1.5
    min_change: float = 3.0


def classify_trend(counts: list[int], rules: TrendRules = TrendRules()) -> Trend:
    """The trend of per-period counts (oldest first, the current period last)."""
    if not counts:
        return "steady"
    *earlier, current = counts
    if not earlier:  # one period has nothing to compare with
        return "steady"
    if current > 0 and not any(earlier):
        return "new"
    baseline = sum(earlier) / len(earlier)
    if current >= baseline * rules.ratio and current - baseline >= rules.min_change:
        return "rising"
    if baseline >= current * rules.ratio and baseline - current >= rules.min_change:
        return "falling"
    return "steady"
