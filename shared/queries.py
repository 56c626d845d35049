"""Read models: the whole story of a comment and the case list (API and CLI share them)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import Case, CaseEvent, ClassificationRecord, Comment, DecisionRecord, Reply
from shared.replies.checks import DESCRIPTIONS

OPEN_STATUSES = ("open", "waiting_customer", "reopened")


def _row(obj: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in obj.__table__.columns:
        if column.key in skip:
            continue
        value = getattr(obj, column.key)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[column.key] = value
    return out


async def comment_story(
    session: AsyncSession, platform: str, external_id: str
) -> dict[str, Any] | None:
    """Every version of the comment with its classification, decision, case, replies and history."""
    comments = (
        await session.scalars(
            select(Comment)
            .where(Comment.platform == platform, Comment.external_id == external_id)
            .order_by(Comment.id)
        )
    ).all()
    if not comments:
        return None
    ids = [c.id for c in comments]
    classifications = {
        c.comment_id: c
        for c in await session.scalars(
            select(ClassificationRecord).where(ClassificationRecord.comment_id.in_(ids))
        )
    }
    decisions = {
        d.comment_id: d
        for d in await session.scalars(
            select(DecisionRecord).where(DecisionRecord.comment_id.in_(ids))
        )
    }
    case = await session.scalar(
        select(Case)
        .where(Case.platform == platform, Case.external_id == external_id)
        .order_by(Case.opened_at)
    )
    replies = []
    history = []
    if case is not None:
        replies = [
            reply_view(r)
            for r in await session.scalars(
                select(Reply).where(Reply.case_id == case.id).order_by(Reply.created_at)
            )
        ]
    history = [
        _row(e)
        for e in await session.scalars(
            select(CaseEvent)
            .where(
                (CaseEvent.comment_id.in_(ids)) | (CaseEvent.case_id == (case.id if case else None))
            )
            .order_by(CaseEvent.at, CaseEvent.id)
        )
    ]
    versions = []
    for c in comments:
        versions.append(
            {
                "comment": _row(c, skip=("raw", "source_entry")),
                "classification": _row(classifications[c.id]) if c.id in classifications else None,
                "decision": _row(decisions[c.id]) if c.id in decisions else None,
            }
        )
    latest = versions[-1]
    return {
        "platform": platform,
        "external_id": external_id,
        "comment": latest["comment"],
        "classification": latest["classification"],
        "decision": latest["decision"],
        "versions": versions,
        "case": _row(case) if case else None,
        "sla": _sla(case) if case else None,
        "replies": replies,
        "history": history,
    }


def _sla(case: Case) -> dict[str, Any]:
    return {
        "first_response_due": case.first_response_due.isoformat()
        if case.first_response_due
        else None,
        "first_response_at": case.first_response_at.isoformat() if case.first_response_at else None,
        "resolution_due": case.resolution_due.isoformat() if case.resolution_due else None,
        "resolved_at": case.resolved_at.isoformat() if case.resolved_at else None,
        "first_response_breached": case.breached_first_response,
        "resolution_breached": case.breached_resolution,
    }


async def list_cases(
    session: AsyncSession,
    *,
    now: datetime,
    status: str | None = "open",
    priority: str | None = None,
    assignee: str | None = None,
    overdue: bool | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Cases ordered by their next deadline (first response, then resolution)."""
    query = select(Case)
    if status == "open":
        query = query.where(Case.status.in_(OPEN_STATUSES))
    elif status and status != "all":
        query = query.where(Case.status == status)
    if priority:
        query = query.where(Case.priority == priority)
    if assignee:
        query = query.where(Case.assignee == assignee)
    due = Case.first_response_due
    if overdue is True:
        query = query.where(
            ((Case.first_response_at.is_(None)) & (Case.first_response_due < now))
            | ((Case.resolved_at.is_(None)) & (Case.resolution_due < now))
        )
    query = query.order_by(
        due.asc().nulls_last(), Case.resolution_due.asc().nulls_last(), Case.opened_at
    )
    rows = (await session.scalars(query.limit(limit).offset(offset))).all()
    return [_row(c) for c in rows]


def reply_view(reply: Reply) -> dict[str, Any]:
    """A reply as people read it: the draft, the agent's edit beside it, what went out or
    would go out, and why it waits (each failed check with what it means)."""
    row = _row(reply)
    failed = list(reply.checks_failed or [])
    row["edited"] = reply.edited_text is not None
    row["sent_text"] = reply.edited_text or reply.draft_text
    row["checks"] = [{"check": name, "why": DESCRIPTIONS.get(name, name)} for name in failed]
    row["edit_checks"] = [
        {"check": name, "why": DESCRIPTIONS.get(name, name)}
        for name in reply.edit_checks_failed or []
    ]
    waiting = None
    if reply.status == "awaiting_approval":
        reason = reply.approval_reason or ("checks_failed" if failed else "approval_required")
        if reason == "checks_failed":
            waiting = "a person: the draft failed " + ", ".join(failed)
        else:
            waiting = "a person: the policy sends this kind of reply only when approved"
    row["waiting_for"] = waiting
    return row


async def list_replies(
    session: AsyncSession,
    *,
    status: str | None = None,
    edited: bool | None = None,
    agent: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Replies newest first; ``edited=True`` shows what agents changed in the drafts."""
    query = select(Reply)
    if status:
        query = query.where(Reply.status == status)
    if edited is True:
        query = query.where(Reply.edited_text.is_not(None))
    elif edited is False:
        query = query.where(Reply.edited_text.is_(None))
    if agent:
        query = query.where(Reply.agent == agent)
    rows = await session.scalars(query.order_by(Reply.created_at.desc()).limit(limit))
    return [reply_view(r) for r in rows]
