"""Escalation beside the SLA watch: reach that grows, breaches, cases nobody picks up.

Each round claims its cases with row locks (``SKIP LOCKED``), so followup replicas share the
work; each escalation is recorded on the case (``escalations``) so it happens once, and
the notifications are published before the transaction commits (repeated, never lost).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics
from shared.assignment import on_shift_at, pick_agent
from shared.business_hours import BusinessCalendar, CalendarCache, deadline
from shared.db import Case, CaseEvent
from shared.events import Notification, NotificationKind
from shared.policy import Policy, raise_priority
from shared.queries import OPEN_STATUSES
from shared.runtime import is_transient
from shared.service import Runtime
from shared.streams import Stream

#: Reach samples older than this do not count towards growth.
GROWTH_WINDOW_MINUTES = 15
ROUND_INTERVAL_S = 5.0
#: Candidate cases for reassignment read at a time.
CANDIDATE_CHUNK_ROWS = 1000

_GROWTH_SQL = text(
    """
    SELECT platform, external_id,
           (max(likes + replies + shares) - min(likes + replies + shares))
             / GREATEST(EXTRACT(EPOCH FROM max(at) - min(at)) / 60.0, 1.0) AS per_minute
    FROM reach_samples
    WHERE at > now() - make_interval(mins => :window)
    GROUP BY platform, external_id
    HAVING count(*) >= 2
    """
)


class Escalator:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._calendars = CalendarCache()

    def calendar(self, policy: Policy, language: str) -> BusinessCalendar:
        return self._calendars.get(policy, language)

    async def round(
        self, session: AsyncSession, *, now: datetime, policy: Policy
    ) -> list[Notification]:
        notes: list[Notification] = []
        notes += await self._reach(session, now=now, policy=policy)
        notes += await self._breaches(session, now=now, policy=policy)
        notes += await self._reassign(session, now=now, policy=policy)
        return notes

    async def _reach(
        self, session: AsyncSession, *, now: datetime, policy: Policy
    ) -> list[Notification]:
        threshold = policy.escalation.reach_growth_per_minute
        growing = {
            (p, e): float(g)
            for p, e, g in (
                await session.execute(_GROWTH_SQL, {"window": GROWTH_WINDOW_MINUTES})
            ).all()
            if g is not None and float(g) >= threshold
        }
        notes = []
        for (platform, external_id), growth in growing.items():
            case = await session.scalar(
                select(Case)
                .where(
                    Case.platform == platform,
                    Case.external_id == external_id,
                    Case.status.in_(OPEN_STATUSES),
                    Case.priority != "critical",
                )
                .with_for_update(skip_locked=True)
            )
            if case is None or "reach" in case.escalations:
                continue
            self._tighten(case, raise_priority(case.priority), now=now, policy=policy)  # type: ignore[arg-type]
            case.escalations = [*case.escalations, "reach"]
            session.add(
                self._event(
                    case,
                    now,
                    "case.escalated",
                    reason=f"reach grows {growth:.1f}/min",
                    priority=case.priority,
                )
            )
            notes.append(
                self._note(
                    case, "spike", now, f"reach grows {growth:.1f}/min: priority {case.priority}"
                )
            )
        return notes

    async def _breaches(
        self, session: AsyncSession, *, now: datetime, policy: Policy
    ) -> list[Notification]:
        breached = (
            await session.scalars(
                select(Case)
                .where(
                    Case.status.in_(OPEN_STATUSES),
                    Case.breached_first_response
                    | Case.breached_next_response
                    | Case.breached_resolution,
                    ~Case.escalations.contains(["breach"]),
                )
                .with_for_update(skip_locked=True)
            )
        ).all()
        lead = next((a.name for a in policy.agents if a.lead), None)
        notes = []
        for case in breached:
            if policy.escalation.breach_raises_priority and case.priority != "critical":
                case.priority = raise_priority(case.priority)  # type: ignore[arg-type]
            case.escalations = [*case.escalations, "breach"]
            case.updated_at = now
            session.add(
                self._event(
                    case,
                    now,
                    "case.escalated",
                    reason="SLA breached",
                    lead=lead,
                    priority=case.priority,
                )
            )
            notes.append(
                self._note(
                    case, "escalated", now, f"SLA breached; priority {case.priority}", to=lead
                )
            )
        return notes

    async def _reassign(
        self, session: AsyncSession, *, now: datetime, policy: Policy
    ) -> list[Notification]:
        limit = policy.escalation.reassign_after_minutes * 60
        waiting_where = (
            Case.status.in_(("open", "reopened")),
            Case.assignee.is_not(None),
            Case.assigned_at.is_not(None),
            Case.first_response_at.is_(None),
            # Business time never runs faster than the calendar: a case assigned less than
            # the limit ago in calendar time cannot be due, so it is not even read.
            Case.assigned_at <= now - timedelta(minutes=policy.escalation.reassign_after_minutes),
        )
        # Which are due is read as plain columns, without locks: outside business hours
        # every open case can be past the limit in calendar time and none in business time,
        # and each round used to load (and lock) all of them as full objects. Only the due
        # ones are then locked, and checked again as they stand.
        # They are read CANDIDATE_CHUNK_ROWS at a time from a server-side cursor, so a round
        # holds one chunk of the 30,000 cases a busy evening can leave open, not all of them.
        candidates = await session.stream(
            select(Case.id, Case.language, Case.priority, Case.assigned_at)
            .where(*waiting_where)
            .execution_options(yield_per=CANDIDATE_CHUNK_ROWS)
        )
        due: list[uuid.UUID] = []
        async for chunk in candidates.partitions(CANDIDATE_CHUNK_ROWS):
            due += [
                case_id
                for case_id, language, priority, assigned_at in chunk
                if self._idle(language, priority, assigned_at, now=now, policy=policy) >= limit
            ]
        if not due:
            return []
        waiting = (
            await session.scalars(
                select(Case)
                .where(Case.id.in_(due), *waiting_where)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if not waiting:
            return []
        load: dict[str, int] = dict(
            (
                await session.execute(
                    select(Case.assignee, func.count())
                    .where(Case.status.in_(OPEN_STATUSES))
                    .group_by(Case.assignee)
                )
            ).all()  # type: ignore[arg-type]
        )
        lead = next((a.name for a in policy.agents if a.lead), None)
        notes = []
        for case in waiting:
            assert case.assigned_at is not None and case.assignee is not None
            idle = self._idle(
                case.language, case.priority, case.assigned_at, now=now, policy=policy
            )
            if idle < limit:
                continue
            counter = (await session.execute(text("SELECT nextval('assign_rr')"))).scalar_one()
            agent = pick_agent(
                language=case.language,
                platform=case.platform,
                agents=policy.agents,
                open_cases=load,
                previous_agent=None,
                rr_counter=int(counter),
                on_shift=on_shift_at(now, policy),
                exclude=frozenset({case.assignee}),
            )
            if agent is None or agent.name == case.assignee:
                continue
            before = case.assignee
            load[before] = max(load.get(before, 1) - 1, 0)
            load[agent.name] = load.get(agent.name, 0) + 1
            case.assignee, case.assigned_at, case.updated_at = agent.name, now, now
            session.add(
                self._event(
                    case,
                    now,
                    "case.reassigned",
                    before=before,
                    after=agent.name,
                    idle_minutes=round(idle / 60),
                )
            )
            summary = (
                f"no reply after {round(idle / 60)} business minutes: {before} -> {agent.name}"
            )
            notes.append(self._note(case, "reassigned", now, summary, to=agent.name))
            if lead and lead != agent.name:
                notes.append(self._note(case, "reassigned", now, summary, to=lead, suffix="lead"))
        return notes

    def _idle(
        self, language: str, priority: str, assigned_at: datetime, *, now: datetime, policy: Policy
    ) -> float:
        """Seconds the assignee has had the case: business time, real time when critical."""
        if priority == "critical":
            return (now - assigned_at).total_seconds()
        return self.calendar(policy, language).seconds_between(assigned_at, now)

    def _tighten(self, case: Case, priority: str, *, now: datetime, policy: Policy) -> None:
        """A more urgent case gets the more urgent target, never a later deadline."""
        case.priority = priority
        target = policy.sla.targets[priority]  # type: ignore[index]
        calendar = self.calendar(policy, case.language)
        if case.first_response_at is None and case.first_response_due is not None:
            due = deadline(
                now, target.first_response_minutes, clock=target.clock, calendar=calendar
            )
            case.first_response_due = min(case.first_response_due, due)
        if case.resolution_due is not None:
            due = deadline(now, target.resolution_minutes, clock=target.clock, calendar=calendar)
            case.resolution_due = min(case.resolution_due, due)
        case.updated_at = now

    @staticmethod
    def _event(case: Case, at: datetime, name: str, **detail: Any) -> CaseEvent:
        return CaseEvent(
            case_id=case.id,
            comment_id=case.comment_id,
            at=at,
            actor="followup",
            event=name,
            detail=detail,
        )

    @staticmethod
    def _note(
        case: Case,
        kind: NotificationKind,
        at: datetime,
        summary: str,
        *,
        to: str | None = None,
        suffix: str = "",
    ) -> Notification:
        stamp = f"{kind}:{case.id}:{at.isoformat()}{':' + suffix if suffix else ''}"
        return Notification(
            correlation_id=stamp,
            kind=kind,
            case_id=case.id,
            priority=case.priority,  # type: ignore[arg-type]
            assignee=to or case.assignee,
            summary=summary,
            due=case.first_response_due,
            at=at,
        )


async def escalate(rt: Runtime) -> None:
    """Runs beside the consumers for as long as the followup service runs."""
    escalator = Escalator(rt)
    while True:
        try:
            async with rt.sessions() as session, session.begin():
                notes = await escalator.round(
                    session, now=rt.clock.now(), policy=rt.policy.current()
                )
                await rt.publisher.send([(Stream.NOTIFICATIONS_OUTBOUND, n) for n in notes])
            for note in notes:
                metrics.notifications_sent.labels(note.kind).inc()
        except Exception as exc:
            if not is_transient(exc):
                rt.log.exception("escalation.failed")
        await asyncio.sleep(min(rt.settings.sla_check_interval_s, ROUND_INTERVAL_S))
