"""Business-hours arithmetic: the clock SLA deadlines and response times are counted on.

A ``BusinessCalendar`` turns a ``shared.policy.Calendar`` (timezone, opening slots per
weekday, national holidays, extra closures) into open intervals per local date, and walks
those intervals a day at a time, so a deadline a week away costs seven steps, not 10,080.

Business time is *elapsed* time inside opening hours: a slot of 00:00-06:00 on the night
clocks go forward lasts five real hours. Every function takes timezone-aware datetimes and
returns them in the timezone of the ``start`` (or ``at``) it was given.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

from shared.policy import WEEKDAYS, Calendar, Policy, TimeSlot

Interval = tuple[datetime, datetime]

#: How far ``add`` looks ahead before deciding the calendar never opens (about ten years).
_MAX_DAYS_AHEAD = 3660


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


class BusinessCalendar:
    """Opening hours of one policy calendar, with holiday and closure lookups cached."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.tz = ZoneInfo(calendar.timezone)
        self._holidays: dict[int, frozenset[date]] = {}
        self._days: dict[date, tuple[Interval, ...]] = {}
        self._never_open = not any(calendar.week.get(day) for day in WEEKDAYS)

    # -- lookups ------------------------------------------------------------------------

    def is_holiday(self, day: date) -> bool:
        """Is ``day`` a national holiday of the calendar's country?"""
        country = self.calendar.holidays_country
        if country is None:
            return False
        if day.year not in self._holidays:
            found = holidays.country_holidays(country, years=day.year)
            self._holidays[day.year] = frozenset(found.keys())
        return day in self._holidays[day.year]

    def open_intervals(self, day: date) -> tuple[Interval, ...]:
        """The open periods of a local date, as sorted, disjoint UTC intervals."""
        if day not in self._days:
            self._days[day] = self._compute_day(day)
        return self._days[day]

    def _compute_day(self, day: date) -> tuple[Interval, ...]:
        slots = self.calendar.week.get(WEEKDAYS[day.weekday()]) or []
        if not slots or self.is_holiday(day):
            return ()
        intervals = _merge([self._to_utc(day, slot) for slot in slots])
        for closure in self.calendar.closures:
            if not closure.date <= day <= (closure.until or closure.date):
                continue
            if closure.closed is None:
                return ()
            for slot in closure.closed:
                intervals = _subtract(intervals, self._to_utc(day, slot))
        return tuple(intervals)

    def _to_utc(self, day: date, slot: TimeSlot) -> Interval:
        # A wall time that does not exist (the hour skipped in spring) resolves with the
        # offset before the change, which lands on the same instant as the first valid
        # minute after it; an ambiguous one (autumn) takes its first occurrence.
        start = datetime.combine(day, slot.start, tzinfo=self.tz).astimezone(UTC)
        end = datetime.combine(day, slot.end, tzinfo=self.tz).astimezone(UTC)
        return start, max(start, end)

    def _local_date(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()

    # -- the arithmetic -------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Is the business open at the instant ``at``? (slot start inclusive, end exclusive)"""
        _require_aware(at, "at")
        moment = at.astimezone(UTC)
        return any(s <= moment < e for s, e in self.open_intervals(self._local_date(at)))

    def add(self, start: datetime, minutes: int) -> datetime:
        """The instant ``minutes`` business minutes after ``start``, in ``start``'s timezone.

        A start outside opening hours counts from the next opening. ``minutes == 0`` gives
        ``start`` when open, else the next opening. Raises ``ValueError`` for a calendar
        that never opens.
        """
        _require_aware(start, "start")
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        if self._never_open:
            raise ValueError("the calendar has no opening hours on any weekday")
        remaining = timedelta(minutes=minutes)
        cursor = start.astimezone(UTC)
        day = self._local_date(start)
        for _ in range(_MAX_DAYS_AHEAD):
            for open_at, close_at in self.open_intervals(day):
                if close_at <= cursor:
                    continue
                begin = max(open_at, cursor)
                available = close_at - begin
                if available >= remaining:
                    return (begin + remaining).astimezone(start.tzinfo)
                remaining -= available
                cursor = close_at
            day += timedelta(days=1)
        raise ValueError(f"no opening hours within {_MAX_DAYS_AHEAD} days of {start.isoformat()}")

    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Business seconds elapsed from ``start`` to ``end`` (negative when end is earlier)."""
        _require_aware(start, "start")
        _require_aware(end, "end")
        if end < start:
            return -self.seconds_between(end, start)
        lo, hi = start.astimezone(UTC), end.astimezone(UTC)
        total = 0.0
        day, last = self._local_date(start), self._local_date(end)
        while day <= last:
            for open_at, close_at in self.open_intervals(day):
                overlap = min(close_at, hi) - max(open_at, lo)
                if overlap > timedelta(0):
                    total += overlap.total_seconds()
            day += timedelta(days=1)
        return total


def deadline(
    start: datetime,
    minutes: int,
    *,
    clock: Literal["business", "calendar"],
    calendar: BusinessCalendar,
) -> datetime:
    """When something started at ``start`` is due, in ``start``'s timezone.

    ``business`` counts only opening hours; ``calendar`` counts real elapsed minutes around
    the clock (computed in UTC, so a daylight-saving change neither adds nor removes an hour).
    """
    _require_aware(start, "start")
    if clock == "business":
        return calendar.add(start, minutes)
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(intervals: list[Interval], cut: Interval) -> list[Interval]:
    out: list[Interval] = []
    for start, end in intervals:
        if cut[1] <= start or cut[0] >= end:
            out.append((start, end))
            continue
        if start < cut[0]:
            out.append((start, cut[0]))
        if cut[1] < end:
            out.append((cut[1], end))
    return out


__all__ = ["BusinessCalendar", "deadline"]


class CalendarCache:
    """The business calendar for a language under the policy in force, built once.

    Building one reads the holiday tables, so every stage keeps them per policy version.
    """

    def __init__(self) -> None:
        self._for = ""
        self._calendars: dict[str, BusinessCalendar] = {}

    def get(self, policy: Policy, language: str = "") -> BusinessCalendar:
        if self._for != policy.fingerprint:
            self._for, self._calendars = policy.fingerprint, {}
        if language not in self._calendars:
            self._calendars[language] = BusinessCalendar(policy.calendar_for(language))
        return self._calendars[language]
