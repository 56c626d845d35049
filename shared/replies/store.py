"""Writing drafts and sending approved replies: shared by respond and followup.

A reply is keyed by ``(case, kind)`` and its id is derived from that key, so a redelivered
event finds the reply it already wrote instead of writing a second one.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics
from shared.db import Case, CaseEvent, Comment, Reply
from shared.events import Assignee, ReplyKind, ReplyOutbound
from shared.runtime import Outbox
from shared.streams import Stream

_REPLY_NAMESPACE = uuid.UUID("0b7f5a8e-93a4-4f6e-8a5e-2f1d9c4b7e21")
_RECENT_LIMIT = 200


def reply_id_for(case_id: uuid.UUID, kind: str) -> uuid.UUID:
    return uuid.uuid5(_REPLY_NAMESPACE, f"{case_id}\x00{kind}")


async def recent_texts(
    session: AsyncSession, *, thread_id: str, day: str, language: str
) -> list[str]:
    """Drafts in the same thread or of the same day: a new draft must differ from each."""
    rows = await session.scalars(
        select(Reply.draft_text)
        .where(or_(Reply.thread_id == thread_id, (Reply.day == day) & (Reply.language == language)))
        .order_by(Reply.created_at.desc())
        .limit(_RECENT_LIMIT)
    )
    return list(rows)


async def save_draft(
    session: AsyncSession,
    out: Outbox,
    *,
    case_id: uuid.UUID,
    kind: ReplyKind,
    text: str,
    language: str,
    assignee: Assignee | None,
    thread_id: str,
    checks_failed: tuple[str, ...],
    auto_send: bool,
    now: datetime,
    actor: str,
    correlation_id: str,
) -> Reply | None:
    """Store a draft unless this case already has one of this kind; send it when allowed.

    Returns the new reply, or None when it existed (a redelivery).
    """
    reply_id = reply_id_for(case_id, kind)
    if await session.get(Reply, reply_id) is not None:
        return None
    send_now = auto_send and not checks_failed
    reply = Reply(
        id=reply_id,
        case_id=case_id,
        kind=kind,
        channel="private" if kind in ("private_reply", "followup_private") else "public",
        status="approved" if send_now else "awaiting_approval",
        language=language,
        agent=assignee.name if assignee else "unassigned",
        draft_text=text,
        checks_failed=list(checks_failed),
        auto_send=auto_send,
        thread_id=thread_id,
        day=now.date().isoformat(),
        approved_by="policy" if send_now else None,
        approved_at=now if send_now else None,
        created_at=now,
    )
    session.add(reply)
    session.add(
        CaseEvent(
            case_id=case_id,
            at=now,
            actor=actor,
            event="reply.drafted",
            detail={
                "reply_id": str(reply_id),
                "kind": kind,
                "checks_failed": list(checks_failed),
                "status": reply.status,
            },
        )
    )
    await session.flush()
    approval = "auto" if send_now else "waiting"
    out.on_commit(lambda: metrics.replies_drafted.labels(language, kind, approval).inc())
    if send_now:
        await send(session, out, reply, correlation_id=correlation_id)
    return reply


async def send(session: AsyncSession, out: Outbox, reply: Reply, *, correlation_id: str) -> None:
    """Put an approved reply on ``replies.outbound`` for the connectors."""
    case = await session.get(Case, reply.case_id)
    if case is None:
        raise LookupError(f"reply {reply.id} has no case {reply.case_id}")
    comment = await session.get(Comment, case.comment_id)
    parent = comment.external_id if comment else case.external_id
    out.publish(
        Stream.REPLIES_OUTBOUND,
        ReplyOutbound(
            correlation_id=correlation_id,
            reply_id=reply.id,
            case_id=reply.case_id,
            kind=reply.kind,  # type: ignore[arg-type]
            channel=reply.channel,  # type: ignore[arg-type]
            platform=case.platform,  # type: ignore[arg-type]
            thread_id=case.thread_id,
            parent_id=parent,
            text=reply.edited_text or reply.draft_text,
            language=reply.language,  # type: ignore[arg-type]
            agent=reply.agent,
            approved_by=reply.approved_by,
        ),
    )


def history(case_id: uuid.UUID, at: datetime, actor: str, event: str, **detail: Any) -> CaseEvent:
    return CaseEvent(case_id=case_id, at=at, actor=actor, event=event, detail=detail)
