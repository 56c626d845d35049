"""Everything route reads for a batch, read once per batch.

Routing one comment used to take about ten round trips to Postgres; the batch reads the
stored decisions, the cases involved, the authors, the agents' load, the open conversations
and the threads' negative counts in one query each, and the handler keeps them current in
memory as it opens cases, so later comments of the same batch see earlier ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.route.context import ANSWER_WINDOW
from services.route.crisis import ThreadActivity
from shared.db import (
    AuthorRecord,
    Case,
    ClassificationRecord,
    Comment,
    DecisionRecord,
    any_of,
    keys_in,
)
from shared.events import CommentClassified
from shared.policy import Agent, Escalation
from shared.queries import OPEN_STATUSES

Thread = tuple[str, str]
Conversation = tuple[str, str, str]

#: Open cases per agent, counted only up to the agent's capacity: ``pick_agent`` compares
#: the count with the capacity and nothing else, so "at capacity" is all it needs to know,
#: and the count stops after ``capacity`` rows instead of reading every open case.
_LOAD = text(
    """
    SELECT a.name, (
        SELECT count(*) FROM (
            SELECT 1 FROM cases
            WHERE cases.assignee = a.name AND cases.status = ANY(CAST(:open AS varchar[]))
            LIMIT a.cap
        ) AS capped
    )
    FROM unnest(CAST(:names AS varchar[]), CAST(:caps AS integer[])) AS a(name, cap)
    """
)


@dataclass(slots=True)
class Author:
    """An author's history as the batch keeps it (the row is locked for the batch); only
    what changed is written back."""

    platform: str
    author_id: str
    troll_count: int
    abuse_count: int
    last_agent: str | None
    _read: tuple[int, int, str | None] = (0, 0, None)

    def changed(self) -> bool:
        return (self.troll_count, self.abuse_count, self.last_agent) != self._read


#: The batch's changed authors, one statement (an executemany ran one UPDATE per author).
_UPDATE_AUTHORS = text(
    """
    UPDATE authors
       SET troll_count = v.troll_count, abuse_count = v.abuse_count, last_agent = v.last_agent
      FROM unnest(CAST(:platforms AS varchar[]), CAST(:author_ids AS varchar[]),
                  CAST(:trolls AS integer[]), CAST(:abuse AS integer[]),
                  CAST(:agents AS varchar[]))
           AS v(platform, author_id, troll_count, abuse_count, last_agent)
     WHERE authors.platform = v.platform AND authors.author_id = v.author_id
    """
)


@dataclass(slots=True)
class NewCase:
    """A case opened in this batch: written with the batch's other rows in one statement,
    kept here so later comments of the batch see it (and a deletion can still close it)."""

    id: uuid.UUID
    comment_id: int
    platform: str
    external_id: str
    thread_id: str
    author_id: str
    language: str
    intent: str
    action: str
    priority: str
    status: str
    assignee: str | None
    assigned_at: datetime | None
    opened_at: datetime
    first_response_due: datetime
    resolution_due: datetime
    rule: str
    policy_version: str
    updated_at: datetime
    first_sentiment: str
    last_sentiment: str

    def row(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]


@dataclass
class RouteBatch:
    decisions: dict[int, DecisionRecord] = field(default_factory=dict)
    cases: dict[uuid.UUID, Case | NewCase] = field(default_factory=dict)
    conversations: dict[Conversation, Case | NewCase] = field(default_factory=dict)
    authors: dict[tuple[str, str], Author] = field(default_factory=dict)
    threads: dict[Thread, ThreadActivity] = field(default_factory=dict)
    new_cases: list[NewCase] = field(default_factory=list)
    _load: dict[str, int] | None = None
    _counters: list[int] = field(default_factory=list)
    _session: AsyncSession | None = None
    _size: int = 0

    @classmethod
    async def load_for(
        cls,
        session: AsyncSession,
        events: Sequence[CommentClassified],
        *,
        now: datetime,
        escalation: Escalation,
        case_ids: Callable[[CommentClassified], list[uuid.UUID]],
    ) -> RouteBatch:
        batch = cls(_session=session, _size=len(events))
        comment_ids = [e.comment.comment_id for e in events]
        batch.decisions = {
            d.comment_id: d
            for d in await session.scalars(
                select(DecisionRecord).where(any_of(DecisionRecord.comment_id, comment_ids))
            )
        }
        wanted = {cid for e in events for cid in case_ids(e)}
        wanted |= {d.case_id for d in batch.decisions.values() if d.case_id is not None}
        if wanted:
            # Planned for the batch's ids, as every statement is (``shared.db.make_engine``).
            rows = await session.scalars(
                select(Case).where(any_of(Case.id, wanted)).with_for_update()
            )
            batch.cases = {c.id: c for c in rows}
        people = {(e.comment.platform, e.comment.thread_id, e.comment.author_id) for e in events}
        threads = {(p, t) for p, t, _ in people}
        rows = await session.scalars(
            select(Case)
            .where(
                # A case has its comment's platform, thread and author: the thread's comments
                # (indexed) narrow the cases to look at, instead of a scan of every open case.
                Case.comment_id.in_(
                    select(Comment.id).where(
                        keys_in([Comment.platform, Comment.thread_id], sorted(threads))
                    )
                ),
                keys_in([Case.platform, Case.thread_id, Case.author_id], sorted(people)),
                Case.status.in_(OPEN_STATUSES)
                | ((Case.status == "resolved") & (Case.resolved_at > now - ANSWER_WINDOW)),
                Case.action != "escalate_crisis",
            )
            .order_by(Case.opened_at)
            .with_for_update()
        )
        for case in rows:  # the newest case of each conversation wins (ordered oldest first)
            batch.conversations[(case.platform, case.thread_id, case.author_id)] = case
            batch.cases.setdefault(case.id, case)
        authors = {(e.comment.platform, e.comment.author_id) for e in events}
        found = await session.execute(
            select(
                AuthorRecord.platform,
                AuthorRecord.author_id,
                AuthorRecord.troll_count,
                AuthorRecord.abuse_count,
                AuthorRecord.last_agent,
            )
            .where(keys_in([AuthorRecord.platform, AuthorRecord.author_id], sorted(authors)))
            .with_for_update()
        )
        batch.authors = {
            (platform, author_id): Author(
                platform, author_id, trolls, abuse, agent, (trolls, abuse, agent)
            )
            for platform, author_id, trolls, abuse, agent in found.all()
        }
        negative = {
            (e.comment.platform, e.comment.thread_id)
            for e in events
            if e.classification.sentiment == "negative"
        }
        if negative:
            batch.threads = await _thread_activity(
                session, negative, now=now, escalation=escalation
            )
        return batch

    async def write_authors(self, session: AsyncSession) -> None:
        changed = [a for a in self.authors.values() if a.changed()]
        if changed:
            await session.execute(
                _UPDATE_AUTHORS,
                {
                    "platforms": [a.platform for a in changed],
                    "author_ids": [a.author_id for a in changed],
                    "trolls": [a.troll_count for a in changed],
                    "abuse": [a.abuse_count for a in changed],
                    "agents": [a.last_agent for a in changed],
                },
            )

    async def load(self, agents: Sequence[Agent]) -> dict[str, int]:
        """Open cases per agent (up to their capacity); read at the first case the batch
        opens, then kept current as it opens more."""
        if self._load is None:
            assert self._session is not None
            capacity: dict[str, int] = {}
            for agent in agents:
                capacity[agent.name] = max(capacity.get(agent.name, 0), agent.capacity)
            rows = await self._session.execute(
                _LOAD,
                {
                    "open": list(OPEN_STATUSES),
                    "names": list(capacity),
                    "caps": list(capacity.values()),
                },
            )
            self._load = {name: int(count) for name, count in rows.all() if count}
        return self._load

    async def next_counter(self) -> int:
        """A round-robin ticket; fetched for the whole batch at the first need."""
        if not self._counters:
            assert self._session is not None
            result = await self._session.execute(
                text("SELECT nextval('assign_rr') FROM generate_series(1, :n)"),
                {"n": max(self._size, 1)},
            )
            self._counters = [int(v) for v in result.scalars()]
        return self._counters.pop(0)

    def opened(self, case: NewCase) -> None:
        """A case opened in this batch: later comments see it and its agent's load."""
        self.cases[case.id] = case
        self.new_cases.append(case)
        if case.action != "escalate_crisis":
            self.conversations[(case.platform, case.thread_id, case.author_id)] = case
        if case.assignee and self._load is not None:
            self._load[case.assignee] = self._load.get(case.assignee, 0) + 1


async def _thread_activity(
    session: AsyncSession, threads: set[Thread], *, now: datetime, escalation: Escalation
) -> dict[Thread, ThreadActivity]:
    window_start = now - timedelta(minutes=escalation.crisis_window_minutes)
    baseline_start = now - timedelta(days=escalation.crisis_baseline_days)
    recent = func.count(func.distinct(Comment.external_id)).filter(
        Comment.created_at > window_start, Comment.created_at <= now
    )
    baseline = func.count(func.distinct(Comment.external_id)).filter(
        Comment.created_at <= window_start
    )
    rows = await session.execute(
        select(Comment.platform, Comment.thread_id, recent, baseline)
        .join(ClassificationRecord, ClassificationRecord.comment_id == Comment.id)
        .where(
            keys_in([Comment.platform, Comment.thread_id], sorted(threads)),
            ClassificationRecord.sentiment == "negative",
            Comment.created_at > baseline_start,
        )
        .group_by(Comment.platform, Comment.thread_id)
    )
    found = {(p, t): ThreadActivity(int(r or 0), int(b or 0)) for p, t, r, b in rows.all()}
    return {t: found.get(t, ThreadActivity(0, 0)) for t in threads}
