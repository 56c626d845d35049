"""Pure parts of escalation: priorities, crisis thresholds, shifts, clocks that pause."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest

from services.followup.clocks import pause, record_response, resume, start_next_response
from services.route.crisis import ThreadActivity, is_crisis, reach_growth
from shared.assignment import on_shift_at, pick_agent
from shared.business_hours import BusinessCalendar
from shared.db import Case
from shared.policy import Agent, Escalation, TimeSlot, raise_priority
from tests.unit.factories_route import DEFAULT_POLICY
from webcare.policy_tools import parse_since

# Tuesday 17 November 2026, 10:00 in Amsterdam.
TUESDAY_10 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("before", "after"),
    [("low", "normal"), ("normal", "high"), ("high", "critical"), ("critical", "critical")],
)
def test_raising_a_priority_steps_up_and_stops_at_critical(before: str, after: str) -> None:
    assert raise_priority(before) == after  # type: ignore[arg-type]


def test_a_handful_of_negative_comments_is_no_crisis_however_quiet_the_thread() -> None:
    crisis, _ = is_crisis(ThreadActivity(recent_negative=9, baseline_negative=0), Escalation())
    assert not crisis


def test_ten_negative_comments_in_an_hour_on_a_quiet_thread_is_a_crisis() -> None:
    crisis, why = is_crisis(ThreadActivity(recent_negative=10, baseline_negative=7), Escalation())
    assert crisis and "10 negative comments in 60 min" in why


def test_a_busy_thread_needs_many_times_its_usual_rate() -> None:
    # 1,680 negative comments over 7 days is 10 an hour: a crisis needs 50.
    busy = ThreadActivity(recent_negative=40, baseline_negative=1680)
    assert not is_crisis(busy, Escalation())[0]
    assert is_crisis(ThreadActivity(recent_negative=50, baseline_negative=1680), Escalation())[0]


def test_reach_growth_is_per_minute_since_posting_with_at_least_one_minute() -> None:
    assert reach_growth(300, 10) == 30
    assert reach_growth(12, 0) == 12


def _agent(name: str, shifts: dict | None = None, languages: tuple[str, ...] = ("nl",)) -> Agent:
    return Agent(
        name=name, languages=list(languages), contact=f"{name.lower()}@example.org", shifts=shifts
    )  # type: ignore[arg-type]


def test_an_agent_off_shift_is_passed_over_for_one_on_shift() -> None:
    mornings = {"tue": [TimeSlot(start=time(8), end=time(12))]}
    evenings = {"tue": [TimeSlot(start=time(17), end=time(22))]}
    agents = [_agent("Evening", evenings), _agent("Morning", mornings)]
    chosen = pick_agent(
        language="nl",
        platform="facebook",
        agents=agents,
        open_cases={},
        previous_agent=None,
        rr_counter=0,
        on_shift=on_shift_at(TUESDAY_10, DEFAULT_POLICY),
    )
    assert chosen is not None and chosen.name == "Morning"


def test_when_nobody_is_on_shift_the_case_still_gets_an_owner() -> None:
    night = {"tue": [TimeSlot(start=time(22), end=time(23))]}
    agents = [_agent("Night", night)]
    chosen = pick_agent(
        language="nl",
        platform="facebook",
        agents=agents,
        open_cases={},
        previous_agent=None,
        rr_counter=0,
        on_shift=on_shift_at(TUESDAY_10, DEFAULT_POLICY),
    )
    assert chosen is not None and chosen.name == "Night"


def test_a_reassigned_case_goes_to_someone_else() -> None:
    agents = [_agent("Anna"), _agent("Bram")]
    chosen = pick_agent(
        language="nl",
        platform="x",
        agents=agents,
        open_cases={},
        previous_agent="Anna",
        rr_counter=0,
        exclude=frozenset({"Anna"}),
    )
    assert chosen is not None and chosen.name == "Bram"


def _case(**fields) -> Case:
    base = dict(
        id=uuid.uuid4(),
        comment_id=1,
        platform="facebook",
        external_id="e",
        thread_id="t",
        author_id="a",
        language="nl",
        intent="complaint",
        action="respond_offline",
        priority="normal",
        status="open",
        opened_at=TUESDAY_10,
        first_response_due=TUESDAY_10 + timedelta(hours=1),
        resolution_due=TUESDAY_10 + timedelta(hours=6),
        paused_at=None,
        paused_seconds=0.0,
        first_response_at=None,
        next_response_due=None,
        next_response_at=None,
        rule="r",
        policy_version="v",
    )
    base.update(fields)
    return Case(**base)


def test_waiting_on_the_customer_moves_the_resolution_deadline_by_the_business_time_waited() -> (
    None
):
    calendar = BusinessCalendar(DEFAULT_POLICY.calendar)
    case = _case()
    assert pause(case, TUESDAY_10 + timedelta(hours=1)) and case.status == "waiting_customer"
    # Paused from Tuesday 11:00 to Wednesday 10:00 Amsterdam: 6 + 1 business hours.
    waited = resume(case, TUESDAY_10 + timedelta(days=1), policy=DEFAULT_POLICY, calendar=calendar)
    assert waited == pytest.approx(7 * 3600)
    assert case.status == "open" and case.paused_at is None
    # 6 business hours from Tuesday 10:00 was 16:00; plus 7 business hours is Wednesday 15:00.
    assert case.resolution_due == datetime(2026, 11, 18, 14, 0, tzinfo=UTC)


def test_pausing_twice_does_nothing_the_second_time() -> None:
    case = _case()
    assert pause(case, TUESDAY_10)
    assert not pause(case, TUESDAY_10 + timedelta(minutes=5))
    assert case.paused_at == TUESDAY_10


def test_each_customer_message_starts_a_next_response_clock_that_a_reply_stops() -> None:
    calendar = BusinessCalendar(DEFAULT_POLICY.calendar)
    case = _case(first_response_at=TUESDAY_10)
    due = start_next_response(
        case, TUESDAY_10 + timedelta(hours=2), policy=DEFAULT_POLICY, calendar=calendar
    )
    assert due == TUESDAY_10 + timedelta(hours=3)
    assert record_response(case, TUESDAY_10 + timedelta(hours=2, minutes=30)) == "next_response"
    assert record_response(case, TUESDAY_10 + timedelta(hours=4)) is None


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("30m", timedelta(minutes=30)),
        ("24h", timedelta(hours=24)),
        ("7d", timedelta(days=7)),
        ("2w", timedelta(weeks=2)),
    ],
)
def test_replay_windows_read_like_durations(text: str, delta: timedelta) -> None:
    assert parse_since(text) == delta


def test_a_replay_window_that_is_no_duration_is_refused() -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_since("last week")
