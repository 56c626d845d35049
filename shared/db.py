"""Postgres tables (SQLAlchemy 2, async) and the session factory.

The schema is owned by Alembic (``migrations/``); these models describe it for queries.
Idempotency lives here: a comment is unique by ``(platform, external_id, version)``, a
classification and a decision by their comment, a case by its comment, a reply by
``(case, kind)``, and an applied case update by ``(consumer, update_id)``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    ColumnElement,
    DateTime,
    Float,
    ForeignKey,
    FromClause,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    any_,
    func,
    literal,
    select,
    tuple_,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, QueryableAttribute, mapped_column
from sqlalchemy.sql.elements import TextClause

TZ = DateTime(timezone=True)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB, datetime: TZ}


class Comment(Base):
    """Every version of every comment, as received."""

    __tablename__ = "comments"
    __table_args__ = (
        UniqueConstraint("platform", "external_id", "version", name="uq_comment_version"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(256))
    version: Mapped[str] = mapped_column(String(64))
    thread_id: Mapped[str] = mapped_column(String(256))
    parent_id: Mapped[str | None] = mapped_column(String(256))
    author_id: Mapped[str] = mapped_column(String(256))
    author_display_name: Mapped[str | None] = mapped_column(String(256))
    author_handle: Mapped[str | None] = mapped_column(String(256))
    author_followers: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    language_hint: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]
    permalink: Mapped[str | None] = mapped_column(Text)
    likes: Mapped[int | None] = mapped_column(Integer)
    replies: Mapped[int | None] = mapped_column(Integer)
    shares: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(Integer)
    owned_channel: Mapped[bool] = mapped_column(Boolean)
    brand: Mapped[str | None] = mapped_column(String(128))
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    correlation_id: Mapped[str] = mapped_column(String(64))
    #: The ``comments.inbound`` entry that stored this row: a redelivery of the same entry
    #: republishes it, another entry with the same key is a duplicate.
    source_entry: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(server_default=sql_text("now()"), index=True)


class AuthorRecord(Base):
    """What the team knows about a commenter across comments: history and last agent."""

    __tablename__ = "authors"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    author_id: Mapped[str] = mapped_column(String(256), primary_key=True)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    troll_count: Mapped[int] = mapped_column(Integer, default=0)
    abuse_count: Mapped[int] = mapped_column(Integer, default=0)
    last_agent: Mapped[str | None] = mapped_column(String(128))
    first_seen: Mapped[datetime] = mapped_column(server_default=sql_text("now()"))
    last_seen: Mapped[datetime] = mapped_column(server_default=sql_text("now()"))


class ClassificationRecord(Base):
    __tablename__ = "classifications"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    language_confidence: Mapped[float] = mapped_column(Float)
    sentiment: Mapped[str] = mapped_column(String(16))
    sentiment_confidence: Mapped[float] = mapped_column(Float)
    intent: Mapped[str] = mapped_column(String(32))
    intent_confidence: Mapped[float] = mapped_column(Float)
    toxicity: Mapped[float] = mapped_column(Float)
    reach_score: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    model_version: Mapped[str] = mapped_column(String(64))
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    classified_at: Mapped[datetime] = mapped_column(server_default=sql_text("now()"))


class DecisionRecord(Base):
    """The routing decision for a comment; every comment that reaches route has one."""

    __tablename__ = "decisions"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(128))
    policy_version: Mapped[str] = mapped_column(String(64))
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    case_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    decided_at: Mapped[datetime]
    #: The ``CaseRouted`` event as first published, so a redelivery republishes it exactly.
    event: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Case(Base):
    """Work for the team about one comment, with its SLA clocks."""

    __tablename__ = "cases"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), unique=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(256))
    thread_id: Mapped[str] = mapped_column(String(256))
    author_id: Mapped[str] = mapped_column(String(256))
    language: Mapped[str] = mapped_column(String(8))
    intent: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24), index=True, default="open")
    assignee: Mapped[str | None] = mapped_column(String(128), index=True)
    opened_at: Mapped[datetime]
    first_response_due: Mapped[datetime | None] = mapped_column(index=True)
    resolution_due: Mapped[datetime | None] = mapped_column(index=True)
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    warned_first_response: Mapped[bool] = mapped_column(Boolean, default=False)
    breached_first_response: Mapped[bool] = mapped_column(Boolean, default=False)
    warned_resolution: Mapped[bool] = mapped_column(Boolean, default=False)
    breached_resolution: Mapped[bool] = mapped_column(Boolean, default=False)
    rule: Mapped[str] = mapped_column(String(128))
    policy_version: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(server_default=sql_text("now()"))
    #: When the current assignee got the case (reassignment counts from here).
    assigned_at: Mapped[datetime | None]
    #: The resolution clock stops while the case waits on the customer.
    paused_at: Mapped[datetime | None]
    paused_seconds: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    #: Each customer message after the first reply starts a next-response clock.
    next_response_due: Mapped[datetime | None] = mapped_column(index=True)
    next_response_at: Mapped[datetime | None]
    warned_next_response: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false"
    )
    breached_next_response: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false"
    )
    #: Escalations already applied, so the watcher does each once: "reach", "breach".
    escalations: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    #: Closing the loop: was the customer reached privately, do they want no more contact,
    #: their satisfaction (1-5), and the sentiment of their first and latest message.
    reached_privately: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    no_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    first_sentiment: Mapped[str | None] = mapped_column(String(16))
    last_sentiment: Mapped[str | None] = mapped_column(String(16))
    reopened: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ReachSample(Base):
    """Likes, replies and shares of a comment as each delivery reported them."""

    __tablename__ = "reach_samples"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(256))
    at: Mapped[datetime]
    likes: Mapped[int] = mapped_column(Integer, default=0)
    replies: Mapped[int] = mapped_column(Integer, default=0)
    shares: Mapped[int] = mapped_column(Integer, default=0)


class Reply(Base):
    """A draft and what became of it; the agent's edit is kept beside the draft."""

    __tablename__ = "replies"
    __table_args__ = (UniqueConstraint("case_id", "kind", name="uq_reply_case_kind"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24), index=True)
    language: Mapped[str] = mapped_column(String(8))
    agent: Mapped[str] = mapped_column(String(128))
    draft_text: Mapped[str] = mapped_column(Text)
    edited_text: Mapped[str | None] = mapped_column(Text)
    checks_failed: Mapped[list[Any]] = mapped_column(default=list)
    auto_send: Mapped[bool] = mapped_column(Boolean, default=False)
    thread_id: Mapped[str] = mapped_column(String(256))
    day: Mapped[str] = mapped_column(String(10))
    approved_by: Mapped[str | None] = mapped_column(String(128))
    approved_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    platform_reply_id: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime]
    #: Why the draft went out at once or waits: ``auto_send:<policy entry>``,
    #: ``rule:<routing rule>``, ``checks_failed`` or ``approval_required`` (migration 0004).
    approval_reason: Mapped[str | None] = mapped_column(String(160))
    #: The checks the agent's edit failed when it was approved (None: not edited).
    edit_checks_failed: Mapped[list[Any] | None] = mapped_column(JSONB)
    #: What wrote the draft: ``blocks`` or the language model's name.
    drafted_by: Mapped[str | None] = mapped_column(String(64))
    #: The building blocks the draft used (``key#index``), to see what agents change.
    blocks: Mapped[list[Any] | None] = mapped_column(JSONB)


class CaseEvent(Base):
    """Append-only history: who or what decided, when and why."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), index=True)
    comment_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    event: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AppliedUpdate(Base):
    """Case updates a consumer has applied, so a redelivered update is a no-op."""

    __tablename__ = "applied_updates"

    consumer: Mapped[str] = mapped_column(String(32), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(server_default=sql_text("now()"))


class Erasure(Base):
    """A person's data erased on request: proof that it was done, without the person.

    ``subject_hash`` is the SHA-256 of ``platform:author_id``, so a repeated request can be
    recognised while the id itself is not kept.
    """

    __tablename__ = "erasures"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    subject_hash: Mapped[str] = mapped_column(String(64), index=True)
    requested_by: Mapped[str] = mapped_column(String(128))
    #: ``cli`` or ``api``.
    source: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime]
    completed_at: Mapped[datetime] = mapped_column(server_default=sql_text("now()"))
    #: Rows and stream entries erased, per kind.
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Correction(Base):
    """An agent's correction of a comment's intent (``reclassified`` on ``cases.updates``).

    ``webcare train --with-corrections`` learns from these; the comment text stays in
    ``comments`` and is read only at training time.
    """

    __tablename__ = "corrections"

    update_key: Mapped[str] = mapped_column(String(160), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    comment_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    previous_intent: Mapped[str | None] = mapped_column(String(32))
    intent: Mapped[str] = mapped_column(String(32))
    model_version: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(128))
    corrected_at: Mapped[datetime]


class FaqPublication(Base):
    """An FAQ entry the team published for an insights topic (``webcare insights
    faq-publish``); the report compares the topic's questions before and after."""

    __tablename__ = "faq_publications"

    topic: Mapped[str] = mapped_column(String(160), primary_key=True)
    published_at: Mapped[datetime]
    published_by: Mapped[str] = mapped_column(String(128))


class InsightNotice(Base):
    """A crisis or weekly-report notification insights has sent, keyed so that it goes out
    once: ``crisis:<topic>:<window>`` or ``report:<ISO week>``."""

    __tablename__ = "insight_notices"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str | None] = mapped_column(String(160), index=True)
    sent_at: Mapped[datetime] = mapped_column(index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


#: Insights count comments by when they were written (migration 0007).
Index("ix_comments_created_at", Comment.created_at)
#: Respond reads the newest drafts per thread and per writer of the day (migration 0009).
Index("ix_replies_thread_recent", Reply.thread_id, Reply.created_at)
Index("ix_replies_writer_recent", Reply.day, Reply.language, Reply.agent, Reply.created_at)


#: A session stuck inside a transaction (a frozen process) must not hold row locks forever.
IDLE_IN_TRANSACTION_MS = 10_000


def make_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    settings = {
        "idle_in_transaction_session_timeout": str(IDLE_IN_TRANSACTION_MS),
        # Every statement planned for its own values. The driver keeps each statement
        # prepared for the connection's life, and after five runs Postgres may switch it to
        # a generic plan that it never revisits: chosen while the tables were nearly empty
        # (a fresh deployment, the first minutes), that plan stays a scan of the whole table
        # as it grows. Measured after 10,800 comments at 60/s: a lookup of 13 cases by id
        # took 29 ms instead of 0.3. Planning these short statements costs well under a ms.
        "plan_cache_mode": "force_custom_plan",
    }
    engine = create_async_engine(
        database_url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        connect_args={"server_settings": settings},
        **kwargs,
    )
    # An ``execute(insert(...), rows)`` goes out as multi-row INSERTs (SQLAlchemy's
    # "insertmanyvalues", up to 1,000 rows a statement), not as one execution per row: for a
    # batch's 200 decisions that is one statement for Postgres to start, run and account
    # instead of 200. Same rows, same order; statements with ON CONFLICT DO UPDATE keep the
    # per-row path (SQLAlchemy excludes them).
    engine.sync_engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


#: A column of a table or of a mapped class.
Column = ColumnElement[Any] | QueryableAttribute[Any]


def any_of(column: Column, values: Collection[Any]) -> ColumnElement[bool]:
    """``column = ANY(:array)``: ``IN`` with the values as one array parameter.

    An expanded ``IN ($1, ..., $n)`` is a new statement for every n, parsed and planned
    again each batch; one array keeps the statement (and its prepared plan) the same.
    """
    return column == any_(literal(list(values), ARRAY(column.type)))


def keys_in(columns: Sequence[Column], keys: Iterable[Sequence[Any]]) -> ColumnElement[bool]:
    """``(a, b, ...) IN (the keys)`` as a semi-join with ``unnest`` of one array per column.

    A row-value ``IN`` list is planned as an OR of one branch per key (about 8 ms to plan
    and 19 ms to run for a batch's 200 authors); the join looks each key up in an index.
    """
    rows = list(keys)
    arrays = [literal([row[i] for row in rows], ARRAY(col.type)) for i, col in enumerate(columns)]
    names = [f"k{i}" for i in range(len(columns))]
    unnested = func.unnest(*arrays).table_valued(*names).render_derived()
    return tuple_(*columns).in_(select(*unnested.c))


class ColumnsInsert:
    """A batch's rows of one table as one ``INSERT ... SELECT FROM unnest(...)``, one array
    per column.

    A multi-row ``VALUES`` list is a different statement for every number of rows: Postgres
    parses and plans it again (a 200-row insert into ``cases`` is 110 kB of SQL) and the
    driver prepares it again. This statement's text is the same for any number of rows, so it
    is prepared once per connection. ``jsonb`` columns take their values as JSON text (or as
    objects, encoded here); columns not named keep their table defaults, and ``constants``
    sets others to a SQL literal, and ``on_conflict`` (e.g. ``"DO NOTHING"``) is the
    statement's ``ON CONFLICT`` clause.
    """

    def __init__(
        self,
        table: FromClause,
        names: Sequence[str],
        *,
        constants: Mapping[str, str] | None = None,
        on_conflict: str = "",
    ) -> None:
        dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
        self.names = tuple(names)
        self._json = frozenset(n for n in names if isinstance(table.c[n].type, JSONB))
        arrays, values = [], []
        for name in names:
            if name in self._json:
                arrays.append(f"CAST(:{name} AS text[])")
                values.append(f"CAST(v.{name} AS jsonb)")
            else:
                arrays.append(f"CAST(:{name} AS {table.c[name].type.compile(dialect=dialect)}[])")
                values.append(f"v.{name}")
        extra = dict(constants or {})
        self.statement: TextClause = sql_text(
            f"INSERT INTO {table.description} ({', '.join([*names, *extra])}) "
            f"SELECT {', '.join([*values, *extra.values()])} "
            f"FROM unnest({', '.join(arrays)}) AS v({', '.join(names)})"
            + (f" ON CONFLICT {on_conflict}" if on_conflict else "")
        )

    def params(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
        """The bound arrays for ``rows`` (each a mapping with every named column)."""
        out: dict[str, list[Any]] = {}
        for name in self.names:
            if name in self._json:
                out[name] = [
                    v if v is None or isinstance(v, str) else json.dumps(v)
                    for v in (row[name] for row in rows)
                ]
            else:
                out[name] = [row[name] for row in rows]
        return out

    async def execute(self, session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            await session.execute(self.statement, self.params(rows))
