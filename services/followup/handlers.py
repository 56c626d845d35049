"""Followup's stages: SLA clocks, publication and resolution, the follow-up in the thread."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics, wire
from shared.business_hours import BusinessCalendar
from shared.clock import Clock
from shared.db import AppliedUpdate, Case, Comment, Reply
from shared.events import CaseRouted, CaseUpdate, StoredComment
from shared.policy import Policy, PolicyHolder
from shared.replies.checks import check
from shared.replies.names import first_name
from shared.replies.store import history, save_draft
from shared.replies.templates import compose_followup
from shared.runtime import Item, Outbox

_FOLLOWUP_UPDATES = frozenset({"published", "resolved", "customer_replied", "reclassified"})
_NO_FOLLOWUP_INTENTS = frozenset({"troll", "abuse", "spam", "legal_threat"})


def decode_routed(fields: dict[bytes, bytes]) -> CaseRouted:
    return wire.parse(CaseRouted, fields)


def decode_update(fields: dict[bytes, bytes]) -> CaseUpdate:
    return wire.parse(CaseUpdate, fields)


async def _first_time(session: AsyncSession, key: str) -> bool:
    result = await session.execute(
        insert(AppliedUpdate)
        .values(consumer="followup", update_id=key[:160])
        .on_conflict_do_nothing()
    )
    return bool(result.rowcount)


class Clocks:
    """Holds the business calendar of the policy in force."""

    def __init__(self, *, policy: PolicyHolder, clock: Clock) -> None:
        self.policy = policy
        self.clock = clock
        self._calendar: tuple[str, BusinessCalendar] | None = None

    def calendar(self, policy: Policy) -> BusinessCalendar:
        if self._calendar is None or self._calendar[0] != policy.fingerprint:
            self._calendar = (policy.fingerprint, BusinessCalendar(policy.calendar))
        return self._calendar[1]


class RoutedCases(Clocks):
    """Start the SLA clock of each new case in the history, once."""

    async def __call__(
        self, items: Sequence[Item[CaseRouted]], session: AsyncSession, out: Outbox
    ) -> None:
        for item in items:
            routed = item.value
            if routed.case_id is None or routed.comment.kind != "created":
                continue
            if not await _first_time(session, f"routed:{routed.case_id}"):
                continue
            session.add(
                history(
                    routed.case_id,
                    routed.routed_at,
                    "followup",
                    "sla.started",
                    priority=routed.priority,
                    first_response_due=routed.first_response_due.isoformat()
                    if routed.first_response_due
                    else None,
                    resolution_due=routed.resolution_due.isoformat()
                    if routed.resolution_due
                    else None,
                )
            )


class CaseUpdates(Clocks):
    """Publication stops the first-response clock; resolution stops the case and follows up."""

    async def __call__(
        self, items: Sequence[Item[CaseUpdate]], session: AsyncSession, out: Outbox
    ) -> None:
        policy = self.policy.current()
        for item in items:
            u = item.value
            if u.type not in _FOLLOWUP_UPDATES:
                continue
            if not await _first_time(session, u.update_id or f"entry:{item.entry_id}"):
                continue
            case = await session.get(Case, u.case_id, with_for_update=True)
            if case is None:
                continue
            now = u.at or self.clock.now()
            if u.type == "published":
                self._published(case, now, policy, out)
            elif u.type == "resolved":
                await self._resolved(
                    case, u, now, policy, session, out, correlation_id=f"resolved:{case.id}"
                )
            elif u.type == "customer_replied":
                session.add(history(case.id, now, u.actor, "customer.replied"))
            elif u.type == "reclassified":
                session.add(
                    history(
                        case.id, now, u.actor, "case.reclassified", intent=u.intent, reason=u.reason
                    )
                )

    def _published(self, case: Case, now: datetime, policy: Policy, out: Outbox) -> None:
        if case.first_response_at is not None:
            return
        case.first_response_at = now
        case.updated_at = now
        seconds = self._elapsed(case, now, policy)
        out.on_commit(lambda: metrics.first_response_seconds.labels(case.priority).observe(seconds))

    def _elapsed(self, case: Case, now: datetime, policy: Policy) -> float:
        clock = policy.sla.targets[case.priority].clock  # type: ignore[index]
        if clock == "calendar":
            return max((now - case.opened_at).total_seconds(), 0.0)
        return self.calendar(policy).seconds_between(case.opened_at, now)

    async def _resolved(
        self,
        case: Case,
        u: CaseUpdate,
        now: datetime,
        policy: Policy,
        session: AsyncSession,
        out: Outbox,
        *,
        correlation_id: str,
    ) -> None:
        if case.resolved_at is not None:
            return
        case.status = "resolved"
        case.resolved_at = now
        case.updated_at = now
        session.add(history(case.id, now, u.actor, "case.resolved", reason=u.reason))
        seconds = self._elapsed(case, now, policy)
        out.on_commit(lambda: metrics.resolution_seconds.labels(case.priority).observe(seconds))
        reason = await self._no_followup_reason(case, policy, session)
        if reason:
            session.add(history(case.id, now, "followup", "followup.suppressed", reason=reason))
            return
        comment_row = await session.get(Comment, case.comment_id)
        assert comment_row is not None  # a case always has its comment (foreign key)
        comment = StoredComment.model_validate(
            {
                **{
                    k: getattr(comment_row, k)
                    for k in StoredComment.model_fields
                    if k != "comment_id"
                },
                "comment_id": comment_row.id,
            }
        )
        assignee = policy.assignee(case.assignee)
        draft = compose_followup(
            comment=comment,
            language=case.language,
            assignee=assignee,
            policy=policy,
            variant_seed=f"{case.id}:followup",
        )
        failed = check(
            draft.text,
            language=draft.language,
            action="answer",
            platform=case.platform,
            policy=policy,
            assignee=assignee,
            expected_name=first_name(comment.author_display_name, comment.author_handle),
            comment_text=comment.text,
        )
        await save_draft(
            session,
            out,
            case_id=case.id,
            kind="followup_public",
            text=draft.text,
            language=draft.language,
            assignee=assignee,
            thread_id=case.thread_id,
            checks_failed=failed,
            auto_send=False,
            now=now,
            actor="followup",
            correlation_id=correlation_id,
        )

    @staticmethod
    async def _no_followup_reason(case: Case, policy: Policy, session: AsyncSession) -> str | None:
        """Playbook 7 follow-up, except where going back would do harm."""
        deleted = await session.scalar(
            select(Comment.id).where(
                Comment.platform == case.platform,
                Comment.external_id == case.external_id,
                Comment.kind == "deleted",
            )
        )
        if deleted is not None or case.status == "removed_by_author":
            return "comment deleted by its author"
        if case.thread_id in policy.do_not_engage.threads:
            return "thread is on the do-not-engage list"
        if case.intent in _NO_FOLLOWUP_INTENTS:
            return f"author was classified as {case.intent}"
        answered = await session.scalar(
            select(Reply.id).where(
                Reply.case_id == case.id,
                Reply.kind == "public_reply",
                Reply.status.in_(("approved", "published")),
            )
        )
        if answered is None:
            return "the brand never answered in the thread"
        return None
