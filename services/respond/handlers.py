"""Respond's stages: a draft for each routed case, and approvals from ``cases.updates``."""

from __future__ import annotations

from collections.abc import Sequence

from shared.replies.checks import check
from shared.replies.names import first_name
from shared.replies.templates import compose
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics, wire
from shared.clock import Clock
from shared.db import AppliedUpdate, Reply
from shared.events import CaseRouted, CaseUpdate
from shared.policy import PolicyHolder
from shared.replies.store import history, recent_texts, reply_id_for, save_draft, send
from shared.runtime import Item, Outbox

#: Updates this service acts on; the others belong to followup.
_REPLY_UPDATES = frozenset({"approved", "edited", "rejected", "published", "failed"})


def decode_routed(fields: dict[bytes, bytes]) -> CaseRouted:
    return wire.parse(CaseRouted, fields)


def decode_update(fields: dict[bytes, bytes]) -> CaseUpdate:
    return wire.parse(CaseUpdate, fields)


class Drafter:
    def __init__(self, *, policy: PolicyHolder, clock: Clock) -> None:
        self.policy = policy
        self.clock = clock

    async def __call__(
        self, items: Sequence[Item[CaseRouted]], session: AsyncSession, out: Outbox
    ) -> None:
        for item in items:
            await self.draft_one(item.value, session, out)

    async def draft_one(self, routed: CaseRouted, session: AsyncSession, out: Outbox) -> None:
        if routed.case_id is None:
            return
        now = self.clock.now()
        comment = routed.comment
        if comment.kind == "deleted":
            # Nothing is ever posted under a deleted comment.
            await session.execute(
                update(Reply)
                .where(
                    Reply.case_id == routed.case_id,
                    Reply.status.in_(("awaiting_approval", "approved")),
                    Reply.published_at.is_(None),
                )
                .values(status="cancelled")
            )
            return
        if comment.kind == "edited" and await session.get(
            Reply, reply_id_for(routed.case_id, "public_reply")
        ):
            return  # the case already has its reply; the agent sees the edit in the history
        policy = self.policy.current()
        language = routed.classification.language
        avoid = await recent_texts(
            session, thread_id=comment.thread_id, day=now.date().isoformat(), language=language
        )
        draft = compose(
            action=routed.action,
            comment=comment,
            classification=routed.classification,
            assignee=routed.assignee,
            policy=policy,
            kind="public_reply",
            variant_seed=f"{routed.case_id}",
            avoid_texts=avoid,
        )
        if draft is None:
            return
        failed = check(
            draft.text,
            language=draft.language,
            action=routed.action,
            platform=comment.platform,
            policy=policy,
            assignee=routed.assignee,
            expected_name=first_name(comment.author_display_name, comment.author_handle),
            comment_text=comment.text,
        )
        await save_draft(
            session,
            out,
            case_id=routed.case_id,
            kind="public_reply",
            text=draft.text,
            language=draft.language,
            assignee=routed.assignee,
            thread_id=comment.thread_id,
            checks_failed=failed,
            auto_send=routed.auto_send,
            now=now,
            actor="respond",
            correlation_id=routed.correlation_id,
        )


class Approvals:
    """Agents approve, edit or reject drafts; connectors confirm publication."""

    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock

    async def __call__(
        self, items: Sequence[Item[CaseUpdate]], session: AsyncSession, out: Outbox
    ) -> None:
        for item in items:
            update_ = item.value
            if update_.type not in _REPLY_UPDATES:
                continue
            key = update_.update_id or f"entry:{item.entry_id}"
            applied = await session.execute(
                insert(AppliedUpdate)
                .values(consumer="respond", update_id=key)
                .on_conflict_do_nothing()
            )
            if applied.rowcount == 0:
                continue  # already applied: a redelivery or a retried POST
            await self.apply(update_, session, out, correlation_id=key)

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
            if reply.status not in ("awaiting_approval", "failed"):
                session.add(
                    history(
                        u.case_id, now, u.actor, "update.ignored", type=u.type, status=reply.status
                    )
                )
                return
            edited = bool(u.text and u.text.strip() and u.text.strip() != reply.draft_text)
            if edited:
                reply.edited_text = u.text.strip() if u.text else None
            reply.status = "approved"
            reply.approved_by = u.actor
            reply.approved_at = now
            session.add(
                history(
                    u.case_id, now, u.actor, "reply.approved", reply_id=str(reply.id), edited=edited
                )
            )
            out.on_commit(lambda: metrics.replies_approved.labels(str(edited).lower()).inc())
            await send(session, out, reply, correlation_id=correlation_id)
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
