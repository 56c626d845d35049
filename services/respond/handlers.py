"""Respond's stages: a draft for each routed case, and approvals from ``cases.updates``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from services.respond.approvals import Approvals
from services.respond.drafting import draft_reply
from shared import wire
from shared.clock import Clock
from shared.db import Reply
from shared.events import CaseRouted, CaseUpdate
from shared.policy import Policy, PolicyHolder
from shared.replies import backends, wording
from shared.replies.store import (
    DraftWrites,
    RecentTexts,
    ReplyTarget,
    TrollOffers,
    lock_variation,
    reply_state,
    save_draft,
    troll_offer_made,
    variation_keys,
)
from shared.runtime import Item, Outbox


def decode_routed(fields: dict[bytes, bytes]) -> CaseRouted:
    return wire.parse(CaseRouted, fields)


def decode_update(fields: dict[bytes, bytes]) -> CaseUpdate:
    return wire.parse(CaseUpdate, fields)


class Drafter:
    """A draft for each routed case; it goes out at once only when the policy allows."""

    def __init__(
        self, *, policy: PolicyHolder, clock: Clock, model: backends.TextModel | None = None
    ) -> None:
        self.policy = policy
        self.clock = clock
        # An injected model wins; otherwise the policy's factory is loaded on first use.
        self._injected = model
        self._loaded: dict[str, backends.TextModel] = {}

    def model(self, policy: Policy) -> tuple[backends.TextModel | None, str | None]:
        """The model to ask (if any), and why a configured one cannot be used."""
        settings = policy.replies.language_model
        if not settings.enabled:
            return None, None
        if self._injected is not None or not settings.factory:
            return self._injected, None
        if settings.factory not in self._loaded:
            try:
                self._loaded[settings.factory] = backends.load_model(settings.factory)
            except (ImportError, AttributeError, TypeError, ValueError) as exc:
                # A broken adapter must not stop the drafts: the building blocks write them.
                return None, f"unavailable:{type(exc).__name__}"
        return self._loaded[settings.factory], None

    async def __call__(
        self, items: Sequence[Item[CaseRouted]], session: AsyncSession, out: Outbox
    ) -> None:
        day = self.clock.now().date().isoformat()
        await lock_variation(
            session,
            (
                key
                for item in items
                if item.value.case_id is not None
                for key in variation_keys(
                    thread_id=item.value.comment.thread_id,
                    day=day,
                    language=wording.draft_language(item.value.classification.language),
                )
            ),
        )
        routed_cases = [i.value for i in items if i.value.case_id is not None]
        # Read once for the batch: which cases have their reply and where the others' replies
        # go (one query), and the texts to avoid.
        have, targets = await reply_state(
            session, {r.case_id for r in routed_cases if r.case_id is not None}, "public_reply"
        )
        recent = await RecentTexts.load(
            session,
            threads={r.comment.thread_id for r in routed_cases},
            day=day,
            writers={
                (
                    wording.draft_language(r.classification.language),
                    r.assignee.name if r.assignee else "unassigned",
                )
                for r in routed_cases
            },
        )
        # Trolls: the offers made before the batch, in one query. An author with two troll
        # comments in the batch is asked per comment, so the second sees the first's draft.
        trolls = [
            (r.comment.platform, r.comment.author_id)
            for r in routed_cases
            if r.classification.intent == "troll" and r.comment.kind != "deleted"
        ]
        repeated = {a for a in trolls if trolls.count(a) > 1}
        offers = await TrollOffers.load(session, set(trolls) - repeated)
        # The batch's replies and history go out as one insert per table, after the drafts.
        writes = DraftWrites()
        policy = self.policy.current()
        for routed in routed_cases:
            await self.draft_one(
                routed,
                session,
                out,
                policy=policy,
                have=have,
                recent=recent,
                offers=offers,
                ask=repeated,
                targets=targets,
                writes=writes,
            )
        await writes.flush(session)

    async def draft_one(
        self,
        routed: CaseRouted,
        session: AsyncSession,
        out: Outbox,
        *,
        policy: Policy,
        have: set[Any],
        recent: RecentTexts,
        offers: TrollOffers,
        ask: set[tuple[str, str]],
        targets: dict[Any, ReplyTarget],
        writes: DraftWrites,
    ) -> None:
        """``policy``, ``offers``, ``ask`` and ``targets`` are what ``__call__`` read for the
        batch (one policy for the whole batch, as for its one transaction); for
        an author in ``ask`` (two troll comments in the batch) this asks the database.
        ``writes`` collects the rows this writes; it is flushed before the database is asked
        about replies, so the batch's own drafts count."""
        if routed.case_id is None:
            return
        now = self.clock.now()
        comment = routed.comment
        if comment.kind == "deleted":
            # Nothing is ever posted under a deleted comment (nor a draft of this batch).
            await writes.flush(session)
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
        if routed.case_id in have:
            # A redelivery, or an edit of a comment that already has its reply: the agent
            # sees the edit in the history.
            return
        if routed.classification.intent == "troll" and await self._troll_offer_made(
            session, routed, offers, ask, writes
        ):
            # Playbook 3: the one offer of personal service was made; now silence.
            writes.history(
                routed.case_id, now, "respond", "reply.skipped", reason="troll_offer_made"
            )
            return
        language = routed.classification.language
        agent = routed.assignee.name if routed.assignee else "unassigned"
        draft_language = wording.draft_language(language)
        day = now.date().isoformat()
        avoid = recent.for_draft(
            thread_id=comment.thread_id, day=day, language=draft_language, agent=agent
        )
        model, unavailable = self.model(policy)
        drafted = await draft_reply(routed, policy=policy, avoid_texts=avoid, model=model)
        if drafted is None:
            return
        if unavailable:
            drafted = replace(drafted, model_discarded=(unavailable,))
        if drafted.model_discarded:
            writes.history(
                routed.case_id,
                now,
                "respond",
                "reply.model_draft_discarded",
                model=policy.replies.language_model.name,
                reasons=list(drafted.model_discarded),
            )
        await save_draft(
            session,
            out,
            case_id=routed.case_id,
            kind=drafted.kind,
            text=drafted.text,
            language=drafted.language,
            assignee=routed.assignee,
            thread_id=comment.thread_id,
            checks_failed=drafted.checks_failed,
            auto_send=drafted.approval.send,
            approval_reason=drafted.approval.reason,
            drafted_by=drafted.drafted_by,
            blocks=drafted.blocks,
            now=now,
            actor="respond",
            correlation_id=routed.correlation_id,
            known_new=True,
            target=targets.get(routed.case_id),
            writes=writes,
        )
        have.add(routed.case_id)
        recent.add(
            thread_id=comment.thread_id,
            day=day,
            language=drafted.language,
            agent=agent,
            text=drafted.text,
        )

    @staticmethod
    async def _troll_offer_made(
        session: AsyncSession,
        routed: CaseRouted,
        offers: TrollOffers,
        ask: set[tuple[str, str]],
        writes: DraftWrites,
    ) -> bool:
        comment = routed.comment
        assert routed.case_id is not None
        if (comment.platform, comment.author_id) in ask:
            await writes.flush(session)
            return await troll_offer_made(
                session,
                platform=comment.platform,
                author_id=comment.author_id,
                case_id=routed.case_id,
            )
        return offers.made(
            platform=comment.platform, author_id=comment.author_id, case_id=routed.case_id
        )


__all__ = ["Approvals", "Drafter", "decode_routed", "decode_update"]
