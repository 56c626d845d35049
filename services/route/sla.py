"""SLA deadlines for a routed case, and where a case stands against one.

Playbook 2: first response within one business hour, measured and warned about before it
breaks. Pure: the caller passes ``start`` and ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from shared.business_hours import BusinessCalendar, deadline
from shared.events import Priority
from shared.policy import Policy

SlaState = Literal["ok", "at_risk", "breached"]


@dataclass(frozen=True)
class Deadlines:
    """When the first response and the resolution are due, and on which clock."""

    first_response_due: datetime
    resolution_due: datetime
    #: ``business`` or ``calendar``, from the priority's SLA target.
    clock: str


def deadlines(
    *, priority: Priority, start: datetime, policy: Policy, calendar: BusinessCalendar
) -> Deadlines:
    """The deadlines for a case of ``priority`` that started at ``start`` (its timezone)."""
    target = policy.sla.targets[priority]
    return Deadlines(
        first_response_due=deadline(
            start, target.first_response_minutes, clock=target.clock, calendar=calendar
        ),
        resolution_due=deadline(
            start, target.resolution_minutes, clock=target.clock, calendar=calendar
        ),
        clock=target.clock,
    )


def sla_state(*, due: datetime, now: datetime, warning_minutes: int) -> SlaState:
    """``breached`` from ``due`` on, ``at_risk`` within ``warning_minutes`` (real minutes)
    before it, ``ok`` earlier."""
    if now >= due:
        return "breached"
    if now >= due - timedelta(minutes=warning_minutes):
        return "at_risk"
    return "ok"
