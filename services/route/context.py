"""What route reads besides the comment: the thread's activity, the open conversation."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.route.crisis import ThreadActivity
from shared.db import Case, ClassificationRecord, Comment
from shared.events import StoredComment
from shared.policy import Escalation
from shared.queries import OPEN_STATUSES


async def thread_activity(
    session: AsyncSession, comment: StoredComment, *, now: datetime, escalation: Escalation
) -> ThreadActivity:
    window_start = now - timedelta(minutes=escalation.crisis_window_minutes)
    baseline_start = now - timedelta(days=escalation.crisis_baseline_days)
    negative = (
        select(func.count(func.distinct(Comment.external_id)))
        .join(ClassificationRecord, ClassificationRecord.comment_id == Comment.id)
        .where(
            Comment.platform == comment.platform,
            Comment.thread_id == comment.thread_id,
            ClassificationRecord.sentiment == "negative",
        )
    )
    recent = await session.scalar(
        negative.where(Comment.created_at > window_start, Comment.created_at <= now)
    )
    baseline = await session.scalar(
        negative.where(Comment.created_at > baseline_start, Comment.created_at <= window_start)
    )
    return ThreadActivity(recent_negative=int(recent or 0), baseline_negative=int(baseline or 0))


#: A comment in the thread this soon after resolution answers the follow-up question.
ANSWER_WINDOW = timedelta(days=14)


async def open_conversation(
    session: AsyncSession, comment: StoredComment, *, now: datetime
) -> Case | None:
    """The author's open (or just resolved) case in this thread: a new comment continues it."""
    return await session.scalar(
        select(Case)
        .where(
            Case.platform == comment.platform,
            Case.thread_id == comment.thread_id,
            Case.author_id == comment.author_id,
            Case.status.in_(OPEN_STATUSES)
            | ((Case.status == "resolved") & (Case.resolved_at > now - ANSWER_WINDOW)),
            Case.action != "escalate_crisis",
        )
        .order_by(Case.opened_at.desc())
        .limit(1)
        .with_for_update()
    )
