"""SLA deadlines per priority and the state of a case against its deadline."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services.route.sla import deadlines, sla_state
from shared.business_hours import BusinessCalendar
from shared.events import Priority
from shared.policy import load_policy

AMS = ZoneInfo("Europe/Amsterdam")
POLICY = load_policy(Path(__file__).parents[2] / "shared" / "default_policy.yaml")
CALENDAR = BusinessCalendar(POLICY.calendar)
FRIDAY_HALF_FIVE = datetime(2026, 3, 6, 16, 30, tzinfo=AMS)


def test_a_normal_friday_afternoon_case_needs_a_first_response_by_monday_half_past_nine() -> None:
    due = deadlines(priority="normal", start=FRIDAY_HALF_FIVE, policy=POLICY, calendar=CALENDAR)
    assert due.first_response_due == datetime(2026, 3, 9, 9, 30, tzinfo=AMS)
    # 480 business minutes: 30 on Friday, 7 h 30 on Monday.
    assert due.resolution_due == datetime(2026, 3, 9, 16, 30, tzinfo=AMS)
    assert due.clock == "business"


def test_a_critical_case_runs_on_the_calendar_clock_through_the_weekend() -> None:
    due = deadlines(priority="critical", start=FRIDAY_HALF_FIVE, policy=POLICY, calendar=CALENDAR)
    assert due.first_response_due == FRIDAY_HALF_FIVE + timedelta(minutes=15)
    assert due.resolution_due == FRIDAY_HALF_FIVE + timedelta(hours=4)
    assert due.clock == "calendar"


@pytest.mark.parametrize(("priority", "minutes"), [("high", 30), ("low", 240)])
def test_each_priority_uses_its_own_target(priority: Priority, minutes: int) -> None:
    monday_nine = datetime(2026, 3, 9, 9, 0, tzinfo=AMS)
    due = deadlines(priority=priority, start=monday_nine, policy=POLICY, calendar=CALENDAR)
    assert due.first_response_due == monday_nine + timedelta(minutes=minutes)


def test_a_case_well_before_its_deadline_is_ok() -> None:
    due = datetime(2026, 3, 9, 9, 30, tzinfo=AMS)
    assert sla_state(due=due, now=due - timedelta(minutes=16), warning_minutes=15) == "ok"


def test_a_case_inside_the_warning_window_is_at_risk() -> None:
    due = datetime(2026, 3, 9, 9, 30, tzinfo=AMS)
    assert sla_state(due=due, now=due - timedelta(minutes=15), warning_minutes=15) == "at_risk"
    assert sla_state(due=due, now=due - timedelta(seconds=1), warning_minutes=15) == "at_risk"


def test_a_case_at_or_past_its_deadline_is_breached() -> None:
    due = datetime(2026, 3, 9, 9, 30, tzinfo=AMS)
    assert sla_state(due=due, now=due, warning_minutes=15) == "breached"
    assert sla_state(due=due, now=due + timedelta(days=1), warning_minutes=15) == "breached"
