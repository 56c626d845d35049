"""Business-hours arithmetic on the Amsterdam calendar (2026 dates unless said otherwise)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared.business_hours import BusinessCalendar, deadline
from shared.policy import Calendar, ExtraClosure, TimeSlot

AMS = ZoneInfo("Europe/Amsterdam")


def ams(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=AMS)


def slot(start: str, end: str) -> TimeSlot:
    return TimeSlot(start=time.fromisoformat(start), end=time.fromisoformat(end))


def weekdays(*slots: TimeSlot) -> dict:
    return {d: list(slots) for d in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture
def office() -> BusinessCalendar:
    return BusinessCalendar(Calendar(timezone="Europe/Amsterdam", holidays_country="NL"))


def test_friday_afternoon_comment_is_due_monday_half_past_nine(office: BusinessCalendar) -> None:
    assert office.add(ams(2026, 3, 6, 16, 30), 60) == ams(2026, 3, 9, 9, 30)


def test_saturday_comment_is_due_monday_at_ten(office: BusinessCalendar) -> None:
    assert office.add(ams(2026, 3, 7, 11, 15), 60) == ams(2026, 3, 9, 10, 0)


def test_a_deadline_ending_exactly_at_closing_time_stays_that_day(
    office: BusinessCalendar,
) -> None:
    assert office.add(ams(2026, 3, 6, 16, 0), 60) == ams(2026, 3, 6, 17, 0)


def test_kings_day_monday_pushes_the_deadline_to_tuesday(office: BusinessCalendar) -> None:
    # 27 April 2026 is a Monday and a Dutch national holiday.
    assert office.add(ams(2026, 4, 24, 16, 30), 60) == ams(2026, 4, 28, 9, 30)


def test_christmas_and_boxing_day_are_skipped(office: BusinessCalendar) -> None:
    # 24 Dec 2026 is a Thursday; 25 and 26 Dec are holidays, then the weekend.
    assert office.add(ams(2026, 12, 24, 16, 30), 60) == ams(2026, 12, 28, 9, 30)


def test_the_office_is_closed_on_a_holiday_that_falls_on_a_weekday(
    office: BusinessCalendar,
) -> None:
    assert not office.is_open(ams(2026, 4, 27, 11, 0))
    assert office.is_open(ams(2026, 4, 28, 11, 0))


def test_without_a_holiday_country_kings_day_is_an_ordinary_monday() -> None:
    cal = BusinessCalendar(Calendar(holidays_country=None))
    assert cal.add(ams(2026, 4, 24, 16, 30), 60) == ams(2026, 4, 27, 9, 30)


def test_the_lunch_break_does_not_count() -> None:
    cal = BusinessCalendar(Calendar(week=weekdays(slot("09:00", "12:00"), slot("13:00", "17:00"))))
    assert cal.add(ams(2026, 3, 10, 11, 30), 60) == ams(2026, 3, 10, 13, 30)
    assert not cal.is_open(ams(2026, 3, 10, 12, 30))
    assert cal.seconds_between(ams(2026, 3, 10, 9, 0), ams(2026, 3, 10, 17, 0)) == 7 * 3600


def test_overlapping_slots_are_counted_once() -> None:
    cal = BusinessCalendar(Calendar(week=weekdays(slot("09:00", "13:00"), slot("12:00", "17:00"))))
    assert cal.seconds_between(ams(2026, 3, 10, 0, 0), ams(2026, 3, 11, 0, 0)) == 8 * 3600


def test_business_minutes_on_the_spring_forward_night_are_real_minutes() -> None:
    # 29 March 2026: clocks jump from 02:00 to 03:00. A Sunday night shift 01:00-05:00
    # is three real hours, and 120 minutes after 01:00 is 04:00 on the wall clock.
    cal = BusinessCalendar(Calendar(week={"sun": [slot("01:00", "05:00")]}))
    assert cal.add(ams(2026, 3, 29, 1, 0), 120) == ams(2026, 3, 29, 4, 0)
    assert cal.seconds_between(ams(2026, 3, 29, 0, 0), ams(2026, 3, 30, 0, 0)) == 3 * 3600


def test_business_minutes_on_the_fall_back_night_include_the_repeated_hour() -> None:
    # 25 October 2026: clocks go from 03:00 back to 02:00, so 01:00-05:00 lasts five hours.
    cal = BusinessCalendar(Calendar(week={"sun": [slot("01:00", "05:00")]}))
    assert cal.seconds_between(ams(2026, 10, 25, 0, 0), ams(2026, 10, 26, 0, 0)) == 5 * 3600
    assert cal.add(ams(2026, 10, 25, 1, 0), 300) == ams(2026, 10, 25, 5, 0)


def test_a_calendar_clock_deadline_across_the_spring_change_counts_real_hours(
    office: BusinessCalendar,
) -> None:
    start = ams(2026, 3, 28, 23, 0)
    due = deadline(start, 240, clock="calendar", calendar=office)
    assert due == ams(2026, 3, 29, 4, 0)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=4)


def test_a_business_clock_deadline_uses_the_calendar(office: BusinessCalendar) -> None:
    due = deadline(ams(2026, 3, 6, 16, 30), 60, clock="business", calendar=office)
    assert due == ams(2026, 3, 9, 9, 30)


def test_the_deadline_comes_back_in_the_timezone_it_was_asked_in(
    office: BusinessCalendar,
) -> None:
    start = ams(2026, 3, 6, 16, 30).astimezone(UTC)
    due = office.add(start, 60)
    assert due.tzinfo is UTC
    assert due == ams(2026, 3, 9, 9, 30)


def test_seconds_between_friday_afternoon_and_monday_morning_skip_the_weekend(
    office: BusinessCalendar,
) -> None:
    assert office.seconds_between(ams(2026, 3, 6, 16, 0), ams(2026, 3, 9, 10, 0)) == 2 * 3600


def test_seconds_between_is_negative_when_the_end_comes_first(office: BusinessCalendar) -> None:
    assert office.seconds_between(ams(2026, 3, 9, 10, 0), ams(2026, 3, 6, 16, 0)) == -2 * 3600


def test_seconds_between_and_add_agree(office: BusinessCalendar) -> None:
    start = ams(2026, 4, 22, 14, 7)
    due = office.add(start, 1_000)
    assert office.seconds_between(start, due) == 1_000 * 60


def test_a_partial_day_closure_closes_only_those_hours() -> None:
    outing = ExtraClosure(date=date(2026, 3, 11), closed=[slot("12:00", "17:00")], name="outing")
    cal = BusinessCalendar(Calendar(closures=[outing]))
    assert cal.is_open(ams(2026, 3, 11, 10, 0))
    assert not cal.is_open(ams(2026, 3, 11, 13, 0))
    assert cal.add(ams(2026, 3, 11, 11, 30), 60) == ams(2026, 3, 12, 9, 30)


def test_a_closure_range_closes_every_day_until_its_end() -> None:
    move = ExtraClosure(date=date(2026, 3, 9), until=date(2026, 3, 10), name="office move")
    cal = BusinessCalendar(Calendar(closures=[move]))
    assert cal.add(ams(2026, 3, 6, 16, 30), 60) == ams(2026, 3, 11, 9, 30)


def test_a_single_closed_date_closes_the_whole_day() -> None:
    cal = BusinessCalendar(Calendar(closures=[ExtraClosure(date=date(2026, 3, 9))]))
    assert not cal.is_open(ams(2026, 3, 9, 12, 0))
    assert cal.is_open(ams(2026, 3, 10, 12, 0))


def test_is_open_counts_the_opening_minute_but_not_the_closing_one(
    office: BusinessCalendar,
) -> None:
    assert office.is_open(ams(2026, 3, 9, 9, 0))
    assert not office.is_open(ams(2026, 3, 9, 17, 0))
    assert not office.is_open(ams(2026, 3, 7, 12, 0))


def test_another_timezone_counts_its_own_hours() -> None:
    cal = BusinessCalendar(Calendar(timezone="Europe/Stockholm", holidays_country="SE"))
    # 6 June 2025, a Friday, is Sweden's national day.
    sto = ZoneInfo("Europe/Stockholm")
    assert cal.add(datetime(2025, 6, 5, 16, 30, tzinfo=sto), 60) == datetime(
        2025, 6, 9, 9, 30, tzinfo=sto
    )


def test_a_long_deadline_spans_weeks_of_business_days(office: BusinessCalendar) -> None:
    # 40 business hours from Monday 09:00 are the whole working week, to Friday's close.
    assert office.add(ams(2026, 3, 9, 9, 0), 40 * 60) == ams(2026, 3, 13, 17, 0)


def test_naive_datetimes_are_refused(office: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        office.add(datetime(2026, 3, 6, 16, 30), 60)
    with pytest.raises(ValueError, match="timezone-aware"):
        office.is_open(datetime(2026, 3, 6, 16, 30))


def test_a_calendar_that_never_opens_is_an_error_not_a_hang() -> None:
    cal = BusinessCalendar(Calendar(week={}))
    with pytest.raises(ValueError, match="no opening hours"):
        cal.add(ams(2026, 3, 6, 16, 30), 60)
