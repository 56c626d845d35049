"""Route's stage: decide, open the case with its SLA deadlines, assign, notify, moderate."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.route.batch import NewCase, RouteBatch
from services.route.crisis import ThreadActivity, is_crisis, reach_growth
from services.route.policy import Decision, decide
from services.route.sla import deadlines
from shared import metrics, wire
from shared.assignment import on_shift_at, pick_agent
from shared.business_hours import BusinessCalendar, CalendarCache
from shared.clock import Clock
from shared.db import Case, ColumnsInsert, DecisionRecord
from shared.events import Assignee, CaseRouted, CommentClassified, ModerationRequested, Notification
from shared.policy import Policy, PolicyHolder, raise_priority
from shared.queries import OPEN_STATUSES
from shared.replies.store import INSERT_HISTORY, history_row
from shared.runtime import Item, Outbox
from shared.streams import Stream

#: Actions that leave nothing for a person to do, so no case is opened.
NO_CASE_ACTIONS = frozenset({"ignore", "hide"})
_CASE_NAMESPACE = uuid.UUID("6f1c3a52-2d0e-4a53-9d59-3b8f3c1e7a10")


#: A batch derives each comment's case ids when it reads the cases, then again as it routes.
_CASE_IDS_KEPT = 4096


@functools.lru_cache(maxsize=_CASE_IDS_KEPT)
def case_id_for(platform: str, external_id: str) -> uuid.UUID:
    """One case per comment across its versions: derived, so a redelivery finds the same id."""
    return uuid.uuid5(_CASE_NAMESPACE, f"{platform}\x00{external_id}")


@functools.lru_cache(maxsize=_CASE_IDS_KEPT)
def crisis_case_id(platform: str, thread_id: str, generation: str = "") -> uuid.UUID:
    """One crisis case per thread (a later crisis on the same thread gets a new one)."""
    return uuid.uuid5(_CASE_NAMESPACE, f"crisis\x00{platform}\x00{thread_id}\x00{generation}")


def _case_ids(event: CommentClassified) -> list[uuid.UUID]:
    """The cases a comment may touch: its own, and its thread's crisis case."""
    c = event.comment
    return [case_id_for(c.platform, c.external_id), crisis_case_id(c.platform, c.thread_id)]


def decode(fields: dict[bytes, bytes]) -> CommentClassified:
    return wire.parse(CommentClassified, fields)


#: A batch's new cases, decisions and history go in as one statement each, whatever the
#: number of rows (the columns a new case does not set keep their table defaults; the four
#: without one are set here). The decision keeps the published event, as its JSON.
_INSERT_CASES = ColumnsInsert(
    Case.__table__,
    NewCase.__slots__,
    constants={
        "warned_first_response": "false",
        "breached_first_response": "false",
        "warned_resolution": "false",
        "breached_resolution": "false",
    },
)
_INSERT_DECISIONS = ColumnsInsert(
    DecisionRecord.__table__, [c.key for c in DecisionRecord.__table__.columns]
)


@dataclass
class _Rows:
    """What a batch writes, in the order it was decided."""

    decisions: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    async def write(self, session: AsyncSession, cases: Sequence[NewCase]) -> None:
        await _INSERT_CASES.execute(session, [case.row() for case in cases])
        await _INSERT_DECISIONS.execute(session, self.decisions)
        await INSERT_HISTORY.execute(session, self.history)


class Router:
    def __init__(self, *, policy: PolicyHolder, clock: Clock) -> None:
        self.policy = policy
        self.clock = clock
        self._calendars = CalendarCache()

    def calendar(self, policy: Policy, language: str = "") -> BusinessCalendar:
        """The business calendar for ``language``, built once per policy version."""
        return self._calendars.get(policy, language)

    async def __call__(
        self, items: Sequence[Item[CommentClassified]], session: AsyncSession, out: Outbox
    ) -> None:
        policy = self.policy.current()
        events = [item.value for item in items]
        batch = await RouteBatch.load_for(
            session, events, now=self.clock.now(), escalation=policy.escalation, case_ids=_case_ids
        )
        rows = _Rows()
        calendars: dict[str, BusinessCalendar] = {}
        for event in events:
            language = event.classification.language
            if language not in calendars:
                calendars[language] = self.calendar(policy, language)
            await self.route_one(
                event,
                session,
                out,
                policy=policy,
                calendar=calendars[language],
                batch=batch,
                rows=rows,
            )
        await rows.write(session, batch.new_cases)
        await batch.write_authors(session)

    async def route_one(
        self,
        event: CommentClassified,
        session: AsyncSession,
        out: Outbox,
        *,
        policy: Policy,
        calendar: BusinessCalendar,
        batch: RouteBatch,
        rows: _Rows,
    ) -> None:
        comment = event.comment
        stored = batch.decisions.get(comment.comment_id)
        if stored is not None:  # redelivery: republish exactly what was decided
            routed = CaseRouted.model_validate(stored.event)
            out.publish(Stream.CASES_ROUTED, routed)
            self._side_events(routed, out, batch)
            return

        now = self.clock.now()
        total = (comment.likes or 0) + (comment.replies or 0) + (comment.shares or 0)
        growth = reach_growth(total, (now - comment.created_at).total_seconds() / 60)
        decision = decide(
            comment=comment,
            classification=event.classification,
            policy=policy,
            now=now,
            author_troll_count=event.author_troll_count,
            author_abuse_count=event.author_abuse_count,
            in_business_hours=calendar.is_open(now),
            reach_growth=growth,
        )
        decision = self._escalate(event, decision, growth, policy=policy, batch=batch)
        case_uuid = case_id_for(comment.platform, comment.external_id)
        existing = batch.cases.get(case_uuid)
        assignee: Assignee | None = None
        first_due = resolution_due = None
        case_id: uuid.UUID | None = None
        conversation = (
            batch.conversations.get((comment.platform, comment.thread_id, comment.author_id))
            if existing is None
            and comment.kind == "created"
            and decision.action not in NO_CASE_ACTIONS
            and decision.action != "escalate_crisis"
            else None
        )

        if comment.kind == "deleted":
            if existing is not None and existing.status in OPEN_STATUSES:
                existing.status = "removed_by_author"
                existing.updated_at = now
                rows.history.append(
                    self._history(
                        existing.id, comment.comment_id, now, "case.removed_by_author", {}
                    )
                )
            case_id = existing.id if existing else None
        elif existing is not None:
            # An edit of a comment that already has a case: the case goes on, no second one.
            case_id = existing.id
            first_due, resolution_due = existing.first_response_due, existing.resolution_due
            assignee = policy.assignee(existing.assignee)
        elif decision.action == "escalate_crisis":
            # One crisis case per thread, however many comments feed it.
            case_id = crisis_case_id(comment.platform, comment.thread_id)
            crisis = batch.cases.get(case_id)
            if crisis is None or crisis.status not in OPEN_STATUSES:
                if crisis is not None:  # an earlier crisis on the thread was closed: a new one
                    case_id = crisis_case_id(
                        comment.platform, comment.thread_id, str(comment.comment_id)
                    )
                assignee, first_due, resolution_due = await self._open_case(
                    session,
                    event,
                    decision,
                    case_id,
                    now,
                    policy=policy,
                    calendar=calendar,
                    batch=batch,
                )
            else:
                first_due, resolution_due = crisis.first_response_due, crisis.resolution_due
                assignee = policy.assignee(crisis.assignee)
                rows.history.append(
                    self._history(case_id, comment.comment_id, now, "crisis.comment_added", {})
                )
        elif conversation is not None:
            # The customer writes again in the same thread: the conversation goes on.
            case_id = conversation.id
            first_due, resolution_due = conversation.first_response_due, conversation.resolution_due
            assignee = policy.assignee(conversation.assignee)
        elif decision.action not in NO_CASE_ACTIONS:
            case_id = case_uuid
            assignee, first_due, resolution_due = await self._open_case(
                session,
                event,
                decision,
                case_id,
                now,
                policy=policy,
                calendar=calendar,
                batch=batch,
            )

        fingerprint = policy.fingerprint
        routed = CaseRouted(
            correlation_id=event.correlation_id,
            comment=comment,
            classification=event.classification,
            action=decision.action,
            case_id=case_id,
            priority=decision.priority,
            first_response_due=first_due,
            resolution_due=resolution_due,
            assignee=assignee,
            rule=decision.rule,
            policy_version=fingerprint,
            reasons=decision.reasons,
            auto_send=decision.auto_send,
            routed_at=now,
        )
        data = routed.model_dump_json()
        rows.decisions.append(
            {
                "comment_id": comment.comment_id,
                "action": decision.action,
                "priority": decision.priority,
                "rule": decision.rule,
                "policy_version": fingerprint,
                "reasons": list(decision.reasons),
                "case_id": case_id,
                "decided_at": now,
                "event": data,
            }
        )
        rows.history.append(
            self._history(
                case_id,
                comment.comment_id,
                now,
                "decision",
                {
                    "action": decision.action,
                    "priority": decision.priority,
                    "rule": decision.rule,
                    "policy_version": fingerprint,
                    "model_version": event.classification.model_version,
                    "reasons": list(decision.reasons),
                },
            )
        )
        self._remember_author(batch, event, assignee)
        out.on_commit(
            lambda: metrics.route_actions.labels(decision.action, decision.priority).inc()
        )
        out.publish(Stream.CASES_ROUTED, routed, data=data)
        self._side_events(routed, out, batch)

    def _escalate(
        self,
        event: CommentClassified,
        decision: Decision,
        growth: float,
        *,
        policy: Policy,
        batch: RouteBatch,
    ) -> Decision:
        """Reach, influence and a pile-up of negative comments make a decision more urgent."""
        if decision.action in ("hold_legal", "hide") or event.comment.kind != "created":
            return decision
        esc = policy.escalation
        reasons = list(decision.reasons)
        action, priority = decision.action, decision.priority
        if event.classification.sentiment == "negative" and action != "ignore":
            thread = (event.comment.platform, event.comment.thread_id)
            activity = batch.threads.get(thread, ThreadActivity(0, 0))
            crisis, why = is_crisis(activity, esc)
            if crisis:
                action, priority = "escalate_crisis", "critical"
                reasons.append(f"crisis: {why}")
        if action in NO_CASE_ACTIONS or priority == "critical":
            return Decision(
                action,
                priority,
                decision.rule,
                decision.auto_send and action == decision.action,
                tuple(reasons),
            )
        followers = event.comment.author_followers or 0
        if followers >= esc.followers:
            priority = raise_priority(priority)
            reasons.append(f"escalated: author has {followers} followers")
        if growth >= esc.reach_growth_per_minute:
            priority = raise_priority(priority)
            reasons.append(f"escalated: reach grows {growth:.1f}/min")
        return Decision(
            action,
            priority,
            decision.rule,
            decision.auto_send and priority == decision.priority,
            tuple(reasons),
        )

    async def _open_case(
        self,
        session: AsyncSession,
        event: CommentClassified,
        decision: Decision,
        case_id: uuid.UUID,
        now: datetime,
        *,
        policy: Policy,
        calendar: BusinessCalendar,
        batch: RouteBatch,
    ) -> tuple[Assignee | None, datetime, datetime]:
        comment = event.comment
        # The customer has been waiting since they posted, not since the comment reached us.
        start = min(comment.created_at, now)
        due = deadlines(priority=decision.priority, start=start, policy=policy, calendar=calendar)
        author = batch.authors.get((comment.platform, comment.author_id))
        agent = pick_agent(
            language=event.classification.language,
            platform=comment.platform,
            agents=policy.agents,
            open_cases=await batch.load(policy.agents),
            previous_agent=author.last_agent if author else None,
            rr_counter=await batch.next_counter(),
            on_shift=on_shift_at(now, policy),
        )
        assignee = (
            Assignee(
                name=agent.name,
                contact_kind=agent.contact_kind,
                contact=agent.contact,
                team=agent.team or policy.team,
            )
            if agent
            else None
        )
        case = NewCase(
            id=case_id,
            comment_id=comment.comment_id,
            platform=comment.platform,
            external_id=comment.external_id,
            thread_id=comment.thread_id,
            author_id=comment.author_id,
            language=event.classification.language,
            intent=event.classification.intent,
            first_sentiment=event.classification.sentiment,
            last_sentiment=event.classification.sentiment,
            action=decision.action,
            priority=decision.priority,
            status="open",
            assignee=assignee.name if assignee else None,
            assigned_at=now if assignee else None,
            opened_at=start,
            first_response_due=due.first_response_due,
            resolution_due=due.resolution_due,
            rule=decision.rule,
            policy_version=policy.fingerprint,
            updated_at=now,
        )
        batch.opened(case)
        return assignee, due.first_response_due, due.resolution_due

    @staticmethod
    def _remember_author(
        batch: RouteBatch, event: CommentClassified, assignee: Assignee | None
    ) -> None:
        """Troll and abuse history and the last agent; the rows are locked for the batch."""
        author = batch.authors.get((event.comment.platform, event.comment.author_id))
        if author is None:
            return
        if event.classification.intent == "troll":
            author.troll_count += 1
        if event.classification.intent == "abuse":
            author.abuse_count += 1
        if assignee is not None:
            author.last_agent = assignee.name

    @staticmethod
    def _history(
        case_id: uuid.UUID | None, comment_id: int, at: datetime, name: str, detail: dict[str, Any]
    ) -> dict[str, Any]:
        """A ``case_events`` row."""
        return history_row(case_id, at, "route", name, comment_id=comment_id, **detail)

    @staticmethod
    def _side_events(routed: CaseRouted, out: Outbox, batch: RouteBatch) -> None:
        """Moderation requests and notifications that follow from a decision."""
        comment = routed.comment
        if routed.action == "hide":
            out.publish(
                Stream.MODERATION_OUTBOUND,
                ModerationRequested(
                    correlation_id=routed.correlation_id,
                    request="hide",
                    platform=comment.platform,
                    external_id=comment.external_id,
                    thread_id=comment.thread_id,
                    comment_id=comment.comment_id,
                    rule=routed.rule,
                    policy_version=routed.policy_version,
                    reason=f"{routed.classification.intent} ({routed.classification.intent_confidence:.2f})",
                ),
                once=f"hide:{comment.comment_id}",
            )
        if routed.case_id is None or comment.kind != "created":
            return
        case = batch.cases.get(routed.case_id)
        if case is None or case.comment_id != comment.comment_id:
            return  # an existing case goes on (crisis, conversation): it was announced already
        kind = {"hold_legal": "legal_hold", "escalate_crisis": "crisis"}.get(routed.action)
        if kind is None and routed.auto_send:
            return
        kind = kind or "new_case"
        out.publish(
            Stream.NOTIFICATIONS_OUTBOUND,
            Notification(
                correlation_id=routed.correlation_id,
                kind=kind,
                case_id=routed.case_id,
                priority=routed.priority,
                assignee=routed.assignee.name if routed.assignee else None,
                summary=f"{routed.action} on {comment.platform}: {routed.classification.intent} "
                f"in {routed.classification.language} (rule {routed.rule})",
                due=routed.first_response_due,
                at=routed.routed_at,
            ),
            once=f"{kind}:{routed.case_id}",
        )
        out.on_commit(lambda: metrics.notifications_sent.labels(kind).inc())
