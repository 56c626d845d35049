"""Route's stage: decide, open the case with its SLA deadlines, assign, notify, moderate."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.route.assign import pick_agent
from services.route.policy import Decision, decide
from services.route.sla import deadlines
from shared import metrics, wire
from shared.business_hours import BusinessCalendar
from shared.clock import Clock
from shared.db import AuthorRecord, Case, CaseEvent, DecisionRecord
from shared.events import Assignee, CaseRouted, CommentClassified, ModerationRequested, Notification
from shared.policy import Policy, PolicyHolder
from shared.queries import OPEN_STATUSES
from shared.runtime import Item, Outbox
from shared.streams import Stream

#: Actions that leave nothing for a person to do, so no case is opened.
NO_CASE_ACTIONS = frozenset({"ignore", "hide"})
_CASE_NAMESPACE = uuid.UUID("6f1c3a52-2d0e-4a53-9d59-3b8f3c1e7a10")


def case_id_for(platform: str, external_id: str) -> uuid.UUID:
    """One case per comment across its versions: derived, so a redelivery finds the same id."""
    return uuid.uuid5(_CASE_NAMESPACE, f"{platform}\x00{external_id}")


def decode(fields: dict[bytes, bytes]) -> CommentClassified:
    return wire.parse(CommentClassified, fields)


class Router:
    def __init__(self, *, policy: PolicyHolder, clock: Clock) -> None:
        self.policy = policy
        self.clock = clock
        self._calendar: tuple[str, BusinessCalendar] | None = None

    def calendar(self, policy: Policy) -> BusinessCalendar:
        if self._calendar is None or self._calendar[0] != policy.fingerprint:
            self._calendar = (policy.fingerprint, BusinessCalendar(policy.calendar))
        return self._calendar[1]

    async def __call__(
        self, items: Sequence[Item[CommentClassified]], session: AsyncSession, out: Outbox
    ) -> None:
        policy = self.policy.current()
        calendar = self.calendar(policy)
        for item in items:
            await self.route_one(item.value, session, out, policy=policy, calendar=calendar)

    async def route_one(
        self,
        event: CommentClassified,
        session: AsyncSession,
        out: Outbox,
        *,
        policy: Policy,
        calendar: BusinessCalendar,
    ) -> None:
        comment = event.comment
        stored = await session.get(DecisionRecord, comment.comment_id)
        if stored is not None:  # redelivery: republish exactly what was decided
            routed = CaseRouted.model_validate(stored.event)
            out.publish(Stream.CASES_ROUTED, routed)
            self._side_events(routed, out, policy)
            return

        now = self.clock.now()
        decision = decide(
            comment=comment,
            classification=event.classification,
            policy=policy,
            now=now,
            author_troll_count=event.author_troll_count,
            author_abuse_count=event.author_abuse_count,
            in_business_hours=calendar.is_open(now),
        )
        case_uuid = case_id_for(comment.platform, comment.external_id)
        existing = await session.get(Case, case_uuid, with_for_update=True)
        assignee: Assignee | None = None
        first_due = resolution_due = None
        case_id: uuid.UUID | None = None

        if comment.kind == "deleted":
            if existing is not None and existing.status in OPEN_STATUSES:
                existing.status = "removed_by_author"
                existing.updated_at = now
                session.add(
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
        elif decision.action not in NO_CASE_ACTIONS:
            case_id = case_uuid
            assignee, first_due, resolution_due = await self._open_case(
                session, event, decision, case_id, now, policy=policy, calendar=calendar
            )

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
            policy_version=policy.fingerprint,
            reasons=decision.reasons,
            auto_send=decision.auto_send,
            routed_at=now,
        )
        session.add(
            DecisionRecord(
                comment_id=comment.comment_id,
                action=decision.action,
                priority=decision.priority,
                rule=decision.rule,
                policy_version=policy.fingerprint,
                reasons=list(decision.reasons),
                case_id=case_id,
                decided_at=now,
                event=routed.model_dump(mode="json"),
            )
        )
        session.add(
            self._history(
                case_id,
                comment.comment_id,
                now,
                "decision",
                {
                    "action": decision.action,
                    "priority": decision.priority,
                    "rule": decision.rule,
                    "policy_version": policy.fingerprint,
                    "model_version": event.classification.model_version,
                    "reasons": list(decision.reasons),
                },
            )
        )
        await self._remember_author(session, event, assignee)
        await session.flush()
        out.on_commit(
            lambda: metrics.route_actions.labels(decision.action, decision.priority).inc()
        )
        out.publish(Stream.CASES_ROUTED, routed)
        self._side_events(routed, out, policy)

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
    ) -> tuple[Assignee | None, datetime, datetime]:
        comment = event.comment
        # The customer has been waiting since they posted, not since the comment reached us.
        start = min(comment.created_at, now)
        due = deadlines(priority=decision.priority, start=start, policy=policy, calendar=calendar)
        load = dict(
            (
                await session.execute(
                    select(Case.assignee, func.count())
                    .where(Case.status.in_(OPEN_STATUSES))
                    .group_by(Case.assignee)
                )
            ).all()
        )
        author = await session.get(AuthorRecord, (comment.platform, comment.author_id))
        counter = (await session.execute(text("SELECT nextval('assign_rr')"))).scalar_one()
        agent = pick_agent(
            language=event.classification.language,
            platform=comment.platform,
            agents=policy.agents,
            open_cases={k: v for k, v in load.items() if k},
            previous_agent=author.last_agent if author else None,
            rr_counter=int(counter),
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
        session.add(
            Case(
                id=case_id,
                comment_id=comment.comment_id,
                platform=comment.platform,
                external_id=comment.external_id,
                thread_id=comment.thread_id,
                author_id=comment.author_id,
                language=event.classification.language,
                intent=event.classification.intent,
                action=decision.action,
                priority=decision.priority,
                status="open",
                assignee=assignee.name if assignee else None,
                opened_at=start,
                first_response_due=due.first_response_due,
                resolution_due=due.resolution_due,
                rule=decision.rule,
                policy_version=policy.fingerprint,
                updated_at=now,
            )
        )
        await session.flush()
        return assignee, due.first_response_due, due.resolution_due

    @staticmethod
    async def _remember_author(
        session: AsyncSession, event: CommentClassified, assignee: Assignee | None
    ) -> None:
        intent = event.classification.intent
        values: dict[str, Any] = {}
        if intent == "troll":
            values["troll_count"] = AuthorRecord.troll_count + 1
        if intent == "abuse":
            values["abuse_count"] = AuthorRecord.abuse_count + 1
        if assignee is not None:
            values["last_agent"] = assignee.name
        if values:
            await session.execute(
                update(AuthorRecord)
                .where(
                    AuthorRecord.platform == event.comment.platform,
                    AuthorRecord.author_id == event.comment.author_id,
                )
                .values(**values)
            )

    @staticmethod
    def _history(
        case_id: uuid.UUID | None, comment_id: int, at: datetime, name: str, detail: dict[str, Any]
    ) -> CaseEvent:
        return CaseEvent(
            case_id=case_id, comment_id=comment_id, at=at, actor="route", event=name, detail=detail
        )

    @staticmethod
    def _side_events(routed: CaseRouted, out: Outbox, policy: Policy) -> None:
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
            )
        if routed.case_id is None or comment.kind != "created":
            return
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
        )
        out.on_commit(lambda: metrics.notifications_sent.labels(kind).inc())
