"""Undoing a hide: every hide is recorded with its rule, and a person can reverse it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import CaseEvent, Comment, DecisionRecord
from shared.events import ModerationRequested
from shared.runtime import Outbox
from shared.streams import Stream


async def unhide(
    session: AsyncSession,
    out: Outbox,
    *,
    platform: str,
    external_id: str,
    reason: str,
    actor: str,
    now: datetime,
) -> ModerationRequested:
    """Queue an unhide for a comment that was hidden; ``LookupError`` when it never was."""
    row = (
        await session.execute(
            select(Comment, DecisionRecord)
            .join(DecisionRecord, DecisionRecord.comment_id == Comment.id)
            .where(
                Comment.platform == platform,
                Comment.external_id == external_id,
                DecisionRecord.action == "hide",
            )
            .order_by(DecisionRecord.decided_at.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        raise LookupError(f"{platform}/{external_id} was not hidden by webcare")
    comment, decision = row
    request = ModerationRequested(
        correlation_id=comment.correlation_id,
        request="unhide",
        platform=comment.platform,  # type: ignore[arg-type]
        external_id=comment.external_id,
        thread_id=comment.thread_id,
        comment_id=comment.id,
        rule=decision.rule,
        policy_version=decision.policy_version,
        reason=f"{actor}: {reason}",
    )
    session.add(
        CaseEvent(
            case_id=None,
            comment_id=comment.id,
            at=now,
            actor=actor,
            event="moderation.unhide",
            detail={
                "reason": reason,
                "hidden_by_rule": decision.rule,
                "policy_version": decision.policy_version,
            },
        )
    )
    out.publish(Stream.MODERATION_OUTBOUND, request)
    return request
