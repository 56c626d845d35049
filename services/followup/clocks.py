"""Pausing, resuming and restarting a case's SLA clocks. Pure: no I/O, ``now`` passed in.

While a case waits on the customer (a private channel was offered in public and they have
not answered yet) its resolution clock stands still; when the customer writes again the
resolution deadline moves by the time spent waiting, and a next-response clock starts.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from shared.business_hours import BusinessCalendar, deadline
from shared.db import Case
from shared.policy import Policy

#: Actions whose public reply offers a private channel: after it, the case waits on the customer.
WAITS_ON_CUSTOMER = frozenset({"respond_offline"})


def pause(case: Case, now: datetime) -> bool:
    """Stop the resolution clock; True when it was running."""
    if case.paused_at is not None or case.status not in ("open", "reopened"):
        return False
    case.paused_at = now
    case.status = "waiting_customer"
    case.updated_at = now
    return True


def resume(case: Case, now: datetime, *, policy: Policy, calendar: BusinessCalendar) -> float:
    """Restart the resolution clock, moving its deadline by the wait; returns seconds paused."""
    if case.paused_at is None:
        return 0.0
    target = policy.sla.targets[case.priority]  # type: ignore[index]
    if target.clock == "calendar":
        waited = max((now - case.paused_at).total_seconds(), 0.0)
        if case.resolution_due is not None:
            case.resolution_due = case.resolution_due + timedelta(seconds=waited)
    else:
        waited = max(calendar.seconds_between(case.paused_at, now), 0.0)
        if case.resolution_due is not None:
            case.resolution_due = calendar.add(case.resolution_due, math.ceil(waited / 60))
    case.paused_seconds = (case.paused_seconds or 0.0) + waited
    case.paused_at = None
    if case.status == "waiting_customer":
        case.status = "open"
    if case.resolution_due is not None and case.resolution_due > now:
        case.warned_resolution = False
    case.updated_at = now
    return waited


def start_next_response(
    case: Case, now: datetime, *, policy: Policy, calendar: BusinessCalendar
) -> datetime:
    """The customer wrote again: a new response is due, on the case's own priority target."""
    target = policy.sla.targets[case.priority]  # type: ignore[index]
    due = deadline(now, target.first_response_minutes, clock=target.clock, calendar=calendar)
    case.next_response_due = due
    case.next_response_at = None
    case.warned_next_response = False
    case.breached_next_response = False
    case.updated_at = now
    return due


def record_response(case: Case, now: datetime) -> str | None:
    """A reply went out: which clock it stops ("first_response" or "next_response")."""
    if case.first_response_at is None:
        case.first_response_at = now
        case.updated_at = now
        return "first_response"
    if case.next_response_due is not None and case.next_response_at is None:
        case.next_response_at = now
        case.updated_at = now
        return "next_response"
    return None
