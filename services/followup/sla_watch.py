"""The SLA watcher: warnings before a deadline, breaches after it, open-case gauges.

Each warning or breach is claimed with an ``UPDATE ... RETURNING`` on its flag, so several
followup replicas never send the same notification twice; the notification is published
before the flag commits, so a crash in between repeats it rather than losing it.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics
from shared.db import Case, Reply
from shared.events import Notification
from shared.policy import Policy
from shared.queries import OPEN_STATUSES
from shared.retention import apply_retention
from shared.runtime import is_transient
from shared.service import Runtime
from shared.streams import Stream

#: (deadline column, done column, warned flag, breached flag, label)
_CLOCKS = (
    (
        Case.first_response_due,
        Case.first_response_at,
        "warned_first_response",
        "breached_first_response",
        "first_response",
    ),
    (
        Case.resolution_due,
        Case.resolved_at,
        "warned_resolution",
        "breached_resolution",
        "resolution",
    ),
    (
        Case.next_response_due,
        Case.next_response_at,
        "warned_next_response",
        "breached_next_response",
        "next_response",
    ),
)


async def check_deadlines(
    session: AsyncSession, *, now: datetime, warning_minutes: int
) -> list[Notification]:
    """Mark and return the notifications due at ``now``; the caller publishes, then commits."""
    notes: list[Notification] = []
    soon = now + timedelta(minutes=warning_minutes)
    for due, done, warned, breached, label in _CLOCKS:
        base = (Case.status.in_(OPEN_STATUSES), done.is_(None), due.is_not(None))
        if label == "resolution":
            # A case waiting on the customer has its resolution clock stopped.
            base = (*base, Case.paused_at.is_(None))
        for flag, cond, kind in (
            (breached, due <= now, "sla_breach"),
            (warned, (due <= soon) & (due > now), "sla_at_risk"),
        ):
            column = getattr(Case, flag)
            rows = await session.execute(
                update(Case)
                .where(*base, cond, column.is_(False))
                .values({flag: True})
                .returning(Case.id, Case.priority, Case.assignee, due)
            )
            for case_id, priority, assignee, deadline in rows.all():
                notes.append(
                    Notification(
                        correlation_id=f"{kind}:{label}:{case_id}",
                        kind=kind,
                        case_id=case_id,
                        priority=priority,
                        assignee=assignee,
                        due=deadline,
                        at=now,
                        summary=f"{label.replace('_', ' ')} deadline "
                        + (
                            "missed"
                            if kind == "sla_breach"
                            else f"within {warning_minutes} minutes"
                        ),
                    )
                )
                counter = metrics.sla_breaches if kind == "sla_breach" else metrics.sla_warnings
                counter.labels(label, priority).inc()
    return notes


async def refresh_gauges(session: AsyncSession) -> None:
    counts: dict[str, Any] = dict(
        (
            await session.execute(
                select(Case.priority, func.count())
                .where(Case.status.in_(OPEN_STATUSES))
                .group_by(Case.priority)
            )
        ).all()
    )
    for priority in ("critical", "high", "normal", "low"):
        metrics.cases_open.labels(priority).set(counts.get(priority, 0))
    waiting = await session.scalar(select(func.count()).where(Reply.status == "awaiting_approval"))
    metrics.replies_awaiting_approval.set(waiting or 0)


#: SLA compliance is measured over deadlines that fell due (or were met) this recently.
COMPLIANCE_WINDOW = timedelta(hours=24)


async def refresh_sla_health(session: AsyncSession, *, now: datetime, policy: Policy) -> None:
    """Compliance, unassigned cases about to breach, and the targets, for dashboards and
    alerts. A deadline counts as met when it was done in time within the window, and as
    missed when the watcher marked it breached and it fell due within the window."""
    since = now - COMPLIANCE_WINDOW
    soon = now + timedelta(minutes=policy.sla.warning_minutes)
    for due, done, _, breached, label in _CLOCKS:
        met = dict(
            (
                await session.execute(
                    select(Case.priority, func.count())
                    .where(done.is_not(None), due.is_not(None), done <= due, done > since)
                    .group_by(Case.priority)
                )
            ).all()
        )
        missed = dict(
            (
                await session.execute(
                    select(Case.priority, func.count())
                    .where(getattr(Case, breached).is_(True), due > since, due <= now)
                    .group_by(Case.priority)
                )
            ).all()
        )
        at_risk = dict(
            (
                await session.execute(
                    select(Case.priority, func.count())
                    .where(
                        Case.status.in_(OPEN_STATUSES),
                        Case.assignee.is_(None),
                        done.is_(None),
                        due > now,
                        due <= soon,
                    )
                    .group_by(Case.priority)
                )
            ).all()
        )
        for priority, target in policy.sla.targets.items():
            minutes = getattr(target, f"{label}_minutes", None)
            if isinstance(minutes, int | float):
                metrics.sla_target_seconds.labels(label, priority).set(minutes * 60)
            metrics.sla_outcomes.labels(label, priority, "met").set(met.get(priority, 0))
            metrics.sla_outcomes.labels(label, priority, "missed").set(missed.get(priority, 0))
            metrics.cases_at_risk_unassigned.labels(label, priority).set(at_risk.get(priority, 0))
        total_met, total_missed = sum(met.values()), sum(missed.values())
        decided = total_met + total_missed
        metrics.sla_compliance.labels(label).set(total_met / decided if decided else 1.0)


async def _retention_due(rt: Runtime, last_run: float | None) -> float | None:
    """Run the retention job when it is configured and its interval has passed."""
    days = rt.settings.retention_days
    clock = asyncio.get_running_loop().time()
    if days is None or (
        last_run is not None and clock - last_run < rt.settings.retention_interval_s
    ):
        return last_run
    report = await apply_retention(
        rt.sessions, rt.redis, rt.settings.stream_prefix, days=days, now=rt.clock.now()
    )
    rt.log.info("retention.applied", extra=report.as_dict())
    return clock


async def watch_sla(rt: Runtime) -> None:
    """Runs beside the consumers for as long as the followup service runs."""
    metrics.initialise("followup")
    retention_run: float | None = None
    while True:
        try:
            async with rt.sessions() as session, session.begin():
                policy = rt.policy.current()
                notes = await check_deadlines(
                    session, now=rt.clock.now(), warning_minutes=policy.sla.warning_minutes
                )
                await rt.publisher.send([(Stream.NOTIFICATIONS_OUTBOUND, n) for n in notes])
                for note in notes:
                    metrics.notifications_sent.labels(note.kind).inc()
            async with rt.sessions() as session:
                await refresh_gauges(session)
                await refresh_sla_health(session, now=rt.clock.now(), policy=rt.policy.current())
            retention_run = await _retention_due(rt, retention_run)
        except Exception as exc:
            if not is_transient(exc):
                rt.log.exception("sla.watch_failed")
        await asyncio.sleep(rt.settings.sla_check_interval_s)
