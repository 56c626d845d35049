"""Agents approve, edit or reject drafts; connectors confirm publication or failure.

An approval re-checks the text that would go out (the agent's edit, or the draft): a text
that fails a check the policy lists as blocking (``replies.approval.blocking_checks``:
banned phrases, personal data, length, compensation) is refused and keeps waiting, with
the reasons in the history and on the reply. An accepted edit is stored beside the draft
so the team can see what agents change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics
from shared.clock import Clock
from shared.db import AppliedUpdate, Case, Comment, Reply
from shared.events import CaseUpdate
from shared.policy import PolicyHolder
from shared.replies import approval
from shared.replies.checks import check
from shared.replies.names import first_name
from shared.replies.store import history, send
from shared.runtime import Item, Outbox

#: Updates this service acts on; the others belong to followup.
REPLY_UPDATES = frozenset({"approved", "edited", "rejected", "published", "failed"})


async def final_checks(
    session: AsyncSession, holder: PolicyHolder, reply: Reply, text: str
) -> tuple[str, ...]:
    """The checks ``text`` fails as the reply ``reply`` would post it."""
    policy = holder.current()
    case = await session.get(Case, reply.case_id)
    comment = await session.get(Comment, case.comment_id) if case else None
    if case is None or comment is None:
        raise LookupError(f"reply {reply.id} has no case or comment")
    return check(
        text,
        language=reply.language,
        action=case.action,  # type: ignore[arg-type]
        platform=case.platform,
        policy=policy,
        assignee=policy.assignee(reply.agent),
        expected_name=first_name(comment.author_display_name, comment.author_handle),
        comment_text=comment.text,
        kind=reply.kind,  # type: ignore[arg-type]
    )


class Approvals:
    """Approve (as written or edited), reject, and record publication of replies."""

    def __init__(self, *, clock: Clock, policy: PolicyHolder) -> None:
        self.clock = clock
        self.policy = policy

    async def __call__(
        self, items: Sequence[Item[CaseUpdate]], session: AsyncSession, out: Outbox
    ) -> None:
        mine = [
            (item.value, item.value.update_id or f"entry:{item.entry_id}")
            for item in items
            if item.value.type in REPLY_UPDATES
        ]
        if not mine:
            return
        # One statement claims the batch's keys; a key already applied (a redelivery or a
        # retried POST) does not come back, and one twice in the batch counts once.
        keys = list(dict.fromkeys(key for _, key in mine))
        fresh = set(
            await session.scalars(
                insert(AppliedUpdate)
                .values([{"consumer": "respond", "update_id": key} for key in keys])
                .on_conflict_do_nothing()
                .returning(AppliedUpdate.update_id)
            )
        )
        await self._preload(session, [u for u, key in mine if key in fresh])
        for update_, key in mine:
            if key not in fresh:
                continue
            fresh.discard(key)
            await self.apply(update_, session, out, correlation_id=key)

    @staticmethod
    async def _preload(session: AsyncSession, updates: Sequence[CaseUpdate]) -> None:
        """Read the batch's cases and their comments once: ``final_checks`` and ``send``
        then find them in the session instead of asking one by one."""
        case_ids = {u.case_id for u in updates if u.type in ("approved", "edited")}
        if not case_ids:
            return
        cases = (await session.scalars(select(Case).where(Case.id.in_(case_ids)))).all()
        comment_ids = {c.comment_id for c in cases}
        if comment_ids:
            (await session.scalars(select(Comment).where(Comment.id.in_(comment_ids)))).all()

    async def apply(
        self, u: CaseUpdate, session: AsyncSession, out: Outbox, *, correlation_id: str
    ) -> None:
        now = u.at or self.clock.now()
        reply = await self._reply(session, u)
        if reply is None:
            session.add(
                history(
                    u.case_id, now, u.actor, "update.ignored", type=u.type, reason="no such reply"
                )
            )
            return
        if u.type in ("approved", "edited"):
            await self._approve(u, reply, session, out, now=now, correlation_id=correlation_id)
        elif u.type == "rejected":
            reply.status = "rejected"
            session.add(
                history(
                    u.case_id,
                    now,
                    u.actor,
                    "reply.rejected",
                    reply_id=str(reply.id),
                    reason=u.reason,
                )
            )
            out.on_commit(metrics.replies_rejected.inc)
        elif u.type == "published":
            reply.status = "published"
            reply.published_at = now
            reply.platform_reply_id = u.platform_reply_id
            session.add(
                history(
                    u.case_id,
                    now,
                    u.actor,
                    "reply.published",
                    reply_id=str(reply.id),
                    platform_reply_id=u.platform_reply_id,
                )
            )
            out.on_commit(lambda: metrics.replies_published.labels(reply.kind).inc())
        elif u.type == "failed":
            reply.status = "failed"
            session.add(
                history(
                    u.case_id, now, u.actor, "reply.failed", reply_id=str(reply.id), reason=u.reason
                )
            )

    async def _approve(
        self,
        u: CaseUpdate,
        reply: Reply,
        session: AsyncSession,
        out: Outbox,
        *,
        now: datetime,
        correlation_id: str,
    ) -> None:
        if reply.status not in ("awaiting_approval", "failed"):
            session.add(
                history(u.case_id, now, u.actor, "update.ignored", type=u.type, status=reply.status)
            )
            return
        new_text = u.text.strip() if u.text else ""
        edited = bool(new_text) and new_text != reply.draft_text
        text = new_text if edited else reply.draft_text
        failed = await final_checks(session, self.policy, reply, text)
        if edited:
            reply.edit_checks_failed = list(failed)
        refused = approval.blocking(self.policy.current(), failed)
        if refused:
            # No approval overrides these: the reply keeps waiting, and people see why.
            session.add(
                history(
                    u.case_id,
                    now,
                    u.actor,
                    "reply.approval_refused",
                    reply_id=str(reply.id),
                    edited=edited,
                    checks_failed=list(refused),
                    text=text if edited else None,
                )
            )
            return
        reply.edited_text = text if edited else None
        reply.status = "approved"
        reply.approved_by = u.actor
        reply.approved_at = now
        session.add(
            history(
                u.case_id,
                now,
                u.actor,
                "reply.approved",
                reply_id=str(reply.id),
                edited=edited,
                checks_failed=list(failed),
            )
        )
        out.on_commit(lambda: metrics.replies_approved.labels(str(edited).lower()).inc())
        await send(session, out, reply, correlation_id=correlation_id)

    @staticmethod
    async def _reply(session: AsyncSession, u: CaseUpdate) -> Reply | None:
        if u.reply_id is not None:
            reply = await session.get(Reply, u.reply_id, with_for_update=True)
            return reply if reply is not None and reply.case_id == u.case_id else None
        # Without a reply id: the case's reply that waits for this kind of update.
        wanted = (
            ("awaiting_approval", "failed")
            if u.type in ("approved", "edited", "rejected")
            else ("approved",)
        )
        return await session.scalar(
            select(Reply)
            .where(Reply.case_id == u.case_id, Reply.status.in_(wanted))
            .order_by(Reply.created_at)
            .limit(1)
            .with_for_update()
        )
