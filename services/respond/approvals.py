"""Agents approve, edit or reject drafts; connectors confirm publication or failure.

An approval re-checks the text that would go out (the agent's edit, or the draft): a text
that fails a check the policy lists as blocking (``replies.approval.blocking_checks``:
banned phrases, personal data, length, compensation) is refused and keeps waiting, with
the reasons in the history and on the reply. An accepted edit is stored beside the draft
so the team can see what agents change.

A batch is read in two statements (its replies, locked, and the cases and comments its
approvals check against), decided in memory in the order the updates came, and written in
two (the replies' new state, and the history).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics
from shared.clock import Clock
from shared.db import AppliedUpdate
from shared.events import CaseUpdate
from shared.policy import Policy, PolicyHolder
from shared.replies import approval
from shared.replies.checks import check
from shared.replies.names import first_name
from shared.replies.store import INSERT_HISTORY, ReplyTarget, history_row, publish_reply
from shared.runtime import Item, Outbox

#: Updates this service acts on; the others belong to followup.
REPLY_UPDATES = frozenset({"approved", "edited", "rejected", "published", "failed"})

_REPLY_COLUMNS = (
    "id",
    "case_id",
    "kind",
    "channel",
    "status",
    "language",
    "agent",
    "draft_text",
    "edited_text",
    "approved_by",
    "approved_at",
    "published_at",
    "platform_reply_id",
    "created_at",
)
#: The replies the batch names and, for updates without a reply id, every reply of their
#: cases; locked in the order of their ids, so concurrent batches lock alike.
_LOAD_REPLIES = text(
    f"SELECT {', '.join(_REPLY_COLUMNS)} FROM replies"
    " WHERE id = ANY(CAST(:ids AS uuid[])) OR case_id = ANY(CAST(:cases AS uuid[]))"
    " ORDER BY id FOR UPDATE"
)
#: What an approval checks the text against and where the reply goes.
_LOAD_CASES = text(
    "SELECT c.id, c.action, c.platform, c.thread_id, c.external_id, m.id IS NOT NULL,"
    " m.external_id, m.author_display_name, m.author_handle, m.text"
    " FROM cases AS c LEFT JOIN comments AS m ON m.id = c.comment_id"
    " WHERE c.id = ANY(CAST(:cases AS uuid[]))"
)
#: The batch's changed replies in one statement. ``edit_checks_failed`` is only written
#: where an approved edit set it (NULL here keeps the stored value).
_UPDATE_REPLIES = text(
    "UPDATE replies AS r SET status = u.status, edited_text = u.edited_text,"
    " approved_by = u.approved_by, approved_at = u.approved_at, published_at = u.published_at,"
    " platform_reply_id = u.platform_reply_id,"
    " edit_checks_failed = COALESCE(CAST(u.edit_checks_failed AS jsonb), r.edit_checks_failed)"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]), CAST(:edited AS text[]),"
    " CAST(:approved_by AS text[]), CAST(:approved_at AS timestamptz[]),"
    " CAST(:published_at AS timestamptz[]), CAST(:platform_ids AS text[]),"
    " CAST(:edit_checks AS text[])) AS u(id, status, edited_text, approved_by, approved_at,"
    " published_at, platform_reply_id, edit_checks_failed)"
    " WHERE r.id = u.id"
)


class _Context:
    """A case as an approval needs it: the check's inputs and where the reply goes."""

    __slots__ = ("action", "platform", "expected_name", "comment_text", "target")

    def __init__(self, row: Sequence[Any]) -> None:
        _, action, platform, thread_id, external_id, has_comment, parent, name, handle, text_ = row
        if not has_comment:
            raise LookupError(f"case {row[0]} has no comment")
        self.action = action
        self.platform = platform
        self.expected_name = first_name(name, handle)
        self.comment_text = text_
        self.target = ReplyTarget(platform, thread_id, parent or external_id)


def final_checks(
    policy: Policy, reply: dict[str, Any], context: _Context, text_: str
) -> tuple[str, ...]:
    """The checks ``text_`` fails as the reply ``reply`` would post it."""
    return check(
        text_,
        language=reply["language"],
        action=context.action,
        platform=context.platform,
        policy=policy,
        assignee=policy.assignee(reply["agent"]),
        expected_name=context.expected_name,
        comment_text=context.comment_text,
        kind=reply["kind"],
    )


class _Batch:
    """The replies and cases a batch of updates reads, and what it writes."""

    def __init__(self) -> None:
        self.replies: dict[uuid.UUID, dict[str, Any]] = {}
        self.by_case: dict[uuid.UUID, list[dict[str, Any]]] = {}
        self.cases: dict[uuid.UUID, _Context] = {}
        self._case_rows: dict[uuid.UUID, Sequence[Any]] = {}
        self.changed: dict[uuid.UUID, dict[str, Any]] = {}
        self.edit_checks: dict[uuid.UUID, list[str]] = {}
        self.events: list[dict[str, Any]] = []

    @classmethod
    async def load(cls, session: AsyncSession, updates: Sequence[CaseUpdate]) -> _Batch:
        batch = cls()
        ids = sorted({u.reply_id for u in updates if u.reply_id is not None})
        cases = sorted({u.case_id for u in updates if u.reply_id is None})
        rows = await session.execute(_LOAD_REPLIES, {"ids": ids, "cases": cases})
        for row in rows.all():
            reply = dict(zip(_REPLY_COLUMNS, row, strict=True))
            batch.replies[reply["id"]] = reply
            batch.by_case.setdefault(reply["case_id"], []).append(reply)
        for replies in batch.by_case.values():
            # The order ``ORDER BY created_at`` read them in: by time, then as the index holds them.
            replies.sort(key=lambda r: (r["created_at"], r["kind"]))
        checked = sorted({u.case_id for u in updates if u.type in ("approved", "edited")})
        if checked:
            found = await session.execute(_LOAD_CASES, {"cases": checked})
            batch._case_rows = {row[0]: row for row in found.all()}
        return batch

    def reply(self, u: CaseUpdate) -> dict[str, Any] | None:
        if u.reply_id is not None:
            found = self.replies.get(u.reply_id)
            return found if found is not None and found["case_id"] == u.case_id else None
        # Without a reply id: the case's reply that waits for this kind of update.
        wanted = (
            ("awaiting_approval", "failed")
            if u.type in ("approved", "edited", "rejected")
            else ("approved",)
        )
        return next((r for r in self.by_case.get(u.case_id, ()) if r["status"] in wanted), None)

    def context(self, case_id: uuid.UUID) -> _Context:
        found = self.cases.get(case_id)
        if found is None:
            row = self._case_rows.get(case_id)
            if row is None:
                raise LookupError(f"no case {case_id}")
            found = self.cases[case_id] = _Context(row)
        return found

    def history(
        self, case_id: uuid.UUID, at: datetime, actor: str, event: str, **detail: Any
    ) -> None:
        self.events.append(history_row(case_id, at, actor, event, **detail))

    def change(self, reply: dict[str, Any], **values: Any) -> None:
        reply.update(values)
        self.changed[reply["id"]] = reply

    async def write(self, session: AsyncSession) -> None:
        if self.changed:
            replies = sorted(self.changed.values(), key=lambda r: r["id"])
            checks = [self.edit_checks.get(r["id"]) for r in replies]
            await session.execute(
                _UPDATE_REPLIES,
                {
                    "ids": [r["id"] for r in replies],
                    "statuses": [r["status"] for r in replies],
                    "edited": [r["edited_text"] for r in replies],
                    "approved_by": [r["approved_by"] for r in replies],
                    "approved_at": [r["approved_at"] for r in replies],
                    "published_at": [r["published_at"] for r in replies],
                    "platform_ids": [r["platform_reply_id"] for r in replies],
                    "edit_checks": [None if c is None else json.dumps(c) for c in checks],
                },
            )
        await INSERT_HISTORY.execute(session, self.events)


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
        todo = []
        for update_, key in mine:
            if key in fresh:
                fresh.discard(key)
                todo.append((update_, key))
        if not todo:
            return
        batch = await _Batch.load(session, [u for u, _ in todo])
        policy = self.policy.current()
        for update_, key in todo:
            self.apply(update_, batch, policy, out, correlation_id=key)
        await batch.write(session)

    def apply(
        self, u: CaseUpdate, batch: _Batch, policy: Policy, out: Outbox, *, correlation_id: str
    ) -> None:
        now = u.at or self.clock.now()
        reply = batch.reply(u)
        if reply is None:
            batch.history(
                u.case_id, now, u.actor, "update.ignored", type=u.type, reason="no such reply"
            )
            return
        if u.type in ("approved", "edited"):
            self._approve(u, reply, batch, policy, out, now=now, correlation_id=correlation_id)
        elif u.type == "rejected":
            batch.change(reply, status="rejected")
            batch.history(
                u.case_id,
                now,
                u.actor,
                "reply.rejected",
                reply_id=str(reply["id"]),
                reason=u.reason,
            )
            out.on_commit(metrics.replies_rejected.inc)
        elif u.type == "published":
            batch.change(
                reply, status="published", published_at=now, platform_reply_id=u.platform_reply_id
            )
            batch.history(
                u.case_id,
                now,
                u.actor,
                "reply.published",
                reply_id=str(reply["id"]),
                platform_reply_id=u.platform_reply_id,
            )
            kind = reply["kind"]
            out.on_commit(lambda: metrics.replies_published.labels(kind).inc())
        elif u.type == "failed":
            batch.change(reply, status="failed")
            batch.history(
                u.case_id, now, u.actor, "reply.failed", reply_id=str(reply["id"]), reason=u.reason
            )

    def _approve(
        self,
        u: CaseUpdate,
        reply: dict[str, Any],
        batch: _Batch,
        policy: Policy,
        out: Outbox,
        *,
        now: datetime,
        correlation_id: str,
    ) -> None:
        if reply["status"] not in ("awaiting_approval", "failed"):
            batch.history(
                u.case_id, now, u.actor, "update.ignored", type=u.type, status=reply["status"]
            )
            return
        new_text = u.text.strip() if u.text else ""
        draft = reply["draft_text"]
        edited = bool(new_text) and new_text != draft
        text_ = new_text if edited else draft
        context = batch.context(reply["case_id"])
        failed = final_checks(policy, reply, context, text_)
        if edited:
            batch.edit_checks[reply["id"]] = list(failed)
            batch.changed[reply["id"]] = reply
        refused = approval.blocking(policy, failed)
        if refused:
            # No approval overrides these: the reply keeps waiting, and people see why.
            batch.history(
                u.case_id,
                now,
                u.actor,
                "reply.approval_refused",
                reply_id=str(reply["id"]),
                edited=edited,
                checks_failed=list(refused),
                text=text_ if edited else None,
            )
            return
        batch.change(
            reply,
            edited_text=text_ if edited else None,
            status="approved",
            approved_by=u.actor,
            approved_at=now,
        )
        batch.history(
            u.case_id,
            now,
            u.actor,
            "reply.approved",
            reply_id=str(reply["id"]),
            edited=edited,
            checks_failed=list(failed),
        )
        out.on_commit(lambda: metrics.replies_approved.labels(str(edited).lower()).inc())
        publish_reply(out, reply, correlation_id=correlation_id, target=context.target)
