"""Writing drafts and sending approved replies: shared by respond and followup.

A reply is keyed by ``(case, kind)`` and its id is derived from that key, so a redelivered
event finds the reply it already wrote instead of writing a second one.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics
from shared.db import Case, CaseEvent, ColumnsInsert, Comment, Reply, any_of, keys_in
from shared.events import Assignee, ReplyKind, ReplyOutbound
from shared.replies.assemble import NormalisedTexts, normalise
from shared.runtime import Outbox
from shared.streams import Stream

_REPLY_NAMESPACE = uuid.UUID("0b7f5a8e-93a4-4f6e-8a5e-2f1d9c4b7e21")
_RECENT_LIMIT = 200


def reply_id_for(case_id: uuid.UUID, kind: str) -> uuid.UUID:
    return uuid.uuid5(_REPLY_NAMESPACE, f"{case_id}\x00{kind}")


async def lock_variation(session: AsyncSession, keys: Iterable[str]) -> None:
    """Serialise drafting across replicas for these threads and days until commit.

    Two replicas drafting in one thread (or on one day in one language) at the same time
    would not see each other's uncommitted draft and could write the same text. A
    transaction-scoped advisory lock per key makes the second wait and then read the
    first one's draft. Keys are taken in ascending order of their lock number, so batches
    never deadlock; all of them in one statement (``unnest`` yields the sorted array in
    order), not one round trip per key.
    """
    numbers = sorted(
        {
            int.from_bytes(
                hashlib.sha256(f"webcare.reply.variation\x00{key}".encode()).digest()[:8],
                "big",
                signed=True,
            )
            for key in keys
        }
    )
    if numbers:
        await session.execute(_LOCK_ALL, {"keys": numbers})


_LOCK_ALL = text("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:keys AS bigint[])) AS k")


def variation_keys(*, thread_id: str, day: str, language: str) -> tuple[str, str]:
    return (f"thread:{thread_id}", f"day:{day}:{language}")


async def recent_texts(
    session: AsyncSession, *, thread_id: str, day: str, language: str, agent: str | None = None
) -> list[str]:
    """Drafts (and the edits sent instead) in the same thread or of the same day: a new
    draft must differ from each.

    Two texts signed by different agents cannot be alike word for word, so the day's
    drafts are narrowed to the agent's when one is given; that keeps the list short on a
    busy day without missing a possible repeat.
    """
    same_day = (Reply.day == day) & (Reply.language == language)
    if agent is not None:
        same_day = same_day & (Reply.agent == agent)
    rows = await session.execute(
        select(Reply.draft_text, Reply.edited_text)
        .where(or_(Reply.thread_id == thread_id, same_day))
        .order_by(Reply.created_at.desc())
        .limit(_RECENT_LIMIT)
    )
    return [text for row in rows for text in row if text]


_RECENT_COLUMNS = "thread_id, day, language, agent, draft_text, edited_text"
_RECENT_BY_THREAD = text(
    f"SELECT r.* FROM unnest(CAST(:threads AS text[])) AS t(thread_id) CROSS JOIN LATERAL ("
    f"SELECT {_RECENT_COLUMNS} FROM replies WHERE replies.thread_id = t.thread_id"
    " ORDER BY created_at DESC LIMIT :limit) AS r"
)
_RECENT_BY_WRITER = text(
    "SELECT r.* FROM unnest(CAST(:languages AS text[]), CAST(:agents AS text[]))"
    f" AS w(language, agent) CROSS JOIN LATERAL (SELECT {_RECENT_COLUMNS} FROM replies"
    " WHERE replies.day = :day AND replies.language = w.language AND replies.agent = w.agent"
    " ORDER BY created_at DESC LIMIT :limit) AS r"
)


_RECENT_BY_THREAD_OR_WRITER = text(f"{_RECENT_BY_THREAD.text} UNION ALL {_RECENT_BY_WRITER.text}")

#: Recent texts normalised, by text: each batch reads mostly the texts the one before read
#: (about 1,650 rows in the bench's batches). Three batches' worth: at 20,000 the cache alone
#: grew respond by about 17 MB (+19%) over a 10-minute run.
_NORMALISED: dict[str, str] = {}
_NORMALISED_LIMIT = 5_000


def _normalised(text: str) -> str:
    found = _NORMALISED.get(text)
    if found is None:
        if len(_NORMALISED) >= _NORMALISED_LIMIT:
            _NORMALISED.clear()
        found = _NORMALISED[text] = normalise(text)
    return found


class RecentTexts:
    """The texts a batch of new drafts must differ from, read once for the batch.

    Holds the drafts (and sent edits) in the batch's threads and of the day in its
    languages; drafts written during the batch are added so later ones avoid them too.
    """

    def __init__(
        self,
        rows: Sequence[tuple[str, str, str, str, str | None, str | None]],
        threads: Collection[str] | None = None,
    ) -> None:
        """``threads``: the only threads drafts will ask about (None: any); the rows of a
        writer's other threads then go to the day's index only."""
        # Indexed by thread and by (day, language, agent): a lookup per draft, not a scan.
        # Normalised once here, so each draft only looks texts up.
        self.by_thread: dict[str, set[str]] = {}
        self.by_day: dict[tuple[str, str, str], set[str]] = {}
        by_thread, by_day = self.by_thread, self.by_day
        for thread, day, language, agent, draft, edited in rows:
            texts = [_normalised(t) for t in (draft, edited) if t]
            key = (day, language, agent)
            if key in by_day:
                by_day[key].update(texts)
            else:
                by_day[key] = set(texts)
            if threads is None or thread in threads:
                by_thread.setdefault(thread, set()).update(texts)

    @classmethod
    async def load(
        cls,
        session: AsyncSession,
        *,
        threads: set[str],
        day: str,
        writers: set[tuple[str, str]],
    ) -> RecentTexts:
        """The most recent drafts (``_RECENT_LIMIT`` each) in each of ``threads`` and of
        ``day`` for each ``(language, agent)`` in ``writers``.

        Bounded per thread and per writer, as ``recent_texts`` is per draft: reading all of
        the day's drafts in the batch's languages made every batch slower than the last as
        the day filled up (about 11,000 rows a batch after 10 minutes at 60 comments/s).
        """
        if not threads:
            return cls([])
        # One index scan per thread and per writer, newest first, stopped at the limit
        # (migration 0009): bounded however full the table and the day are.
        # Both in one statement: one round trip per batch.
        ordered = sorted(writers)
        rows = (
            await session.execute(
                _RECENT_BY_THREAD_OR_WRITER,
                {
                    "threads": sorted(threads),
                    "day": day,
                    "languages": [language for language, _ in ordered],
                    "agents": [agent for _, agent in ordered],
                    "limit": _RECENT_LIMIT,
                },
            )
        ).all()
        return cls(rows, threads)  # type: ignore[arg-type]

    def for_draft(self, *, thread_id: str, day: str, language: str, agent: str) -> NormalisedTexts:
        return NormalisedTexts(
            self.by_thread.setdefault(thread_id, set()),
            self.by_day.setdefault((day, language, agent), set()),
        )

    def add(self, *, thread_id: str, day: str, language: str, agent: str, text: str) -> None:
        self.by_thread.setdefault(thread_id, set()).add(normalise(text))
        self.by_day.setdefault((day, language, agent), set()).add(normalise(text))


class TrollOffers:
    """``troll_offer_made`` for the authors of a batch, read in one query.

    Holds the offers committed before the batch: a caller whose batch holds two troll
    comments of one author asks ``troll_offer_made`` for them, which sees the batch's own
    drafts too.
    """

    def __init__(self, made: Iterable[tuple[str, str, uuid.UUID]] = ()) -> None:
        self._cases: dict[tuple[str, str], set[uuid.UUID]] = {}
        for platform, author_id, case_id in made:
            self._cases.setdefault((platform, author_id), set()).add(case_id)

    @classmethod
    async def load(cls, session: AsyncSession, authors: set[tuple[str, str]]) -> TrollOffers:
        if not authors:
            return cls()
        rows = await session.execute(
            select(Case.platform, Case.author_id, Case.id)
            .join(Reply, Reply.case_id == Case.id)
            .where(
                keys_in([Case.platform, Case.author_id], sorted(authors)),
                Case.intent == "troll",
                Reply.status.not_in(("rejected", "cancelled")),
            )
            .distinct()
        )
        return cls(tuple(row) for row in rows.all())

    def made(self, *, platform: str, author_id: str, case_id: uuid.UUID) -> bool:
        return bool(self._cases.get((platform, author_id), set()) - {case_id})


async def troll_offer_made(
    session: AsyncSession, *, platform: str, author_id: str, case_id: uuid.UUID
) -> bool:
    """Whether this author already got the one offer of personal service for trolling.

    Playbook 3: offer personal service once, then stop. Route decides on the author's
    troll count; this is respond's own guard, so a second troll comment never gets a
    second offer even when two arrive before the count is updated.
    """
    offers = await TrollOffers.load(session, {(platform, author_id)})
    return offers.made(platform=platform, author_id=author_id, case_id=case_id)


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
    approval_reason: str | None = None,
    drafted_by: str = "blocks",
    blocks: Sequence[str] = (),
    known_new: bool = False,
    target: ReplyTarget | None = None,
    writes: DraftWrites | None = None,
) -> Reply | None:
    """Store a draft unless this case already has one of this kind; send it when allowed.

    ``auto_send`` is the approval decision (``shared.replies.approval``); a draft that
    failed a check never goes out on its own. Returns the new reply, or None when it
    existed (a redelivery). With ``writes`` (a batch's rows, see ``DraftWrites``) the reply
    and its history are rows for the batch's inserts, not objects in the session, and
    None is returned.
    """
    reply_id = reply_id_for(case_id, kind)
    # ``known_new``: the caller already looked for it (a batch reads them all at once).
    if not known_new and await session.get(Reply, reply_id) is not None:
        return None
    values, detail = _draft_values(
        out,
        reply_id=reply_id,
        case_id=case_id,
        kind=kind,
        text=text,
        language=language,
        assignee=assignee,
        thread_id=thread_id,
        checks_failed=checks_failed,
        auto_send=auto_send,
        now=now,
        approval_reason=approval_reason,
        drafted_by=drafted_by,
        blocks=blocks,
    )
    send_now = values["status"] == "approved"
    if writes is not None:
        writes.replies.append(values)
        writes.history(case_id, now, actor, "reply.drafted", **detail)
        if send_now:
            await _publish(session, out, values, correlation_id=correlation_id, target=target)
        return None
    reply = Reply(**values)
    session.add(reply)
    session.add(history(case_id, now, actor, "reply.drafted", **detail))
    # No flush here: the inserts go out together when the batch commits.
    if send_now:
        await send(session, out, reply, correlation_id=correlation_id, target=target)
    return reply


def draft_row(
    out: Outbox,
    *,
    case_id: uuid.UUID,
    kind: ReplyKind,
    text: str,
    language: str,
    assignee: Assignee | None,
    thread_id: str,
    checks_failed: tuple[str, ...],
    now: datetime,
    actor: str,
    writes: DraftWrites,
) -> None:
    """``save_draft`` of a draft that waits for a person (never sent on its own), known to
    be new, as rows of ``writes``: no database access."""
    values, detail = _draft_values(
        out,
        reply_id=reply_id_for(case_id, kind),
        case_id=case_id,
        kind=kind,
        text=text,
        language=language,
        assignee=assignee,
        thread_id=thread_id,
        checks_failed=checks_failed,
        auto_send=False,
        now=now,
    )
    writes.replies.append(values)
    writes.history(case_id, now, actor, "reply.drafted", **detail)


def _draft_values(
    out: Outbox,
    *,
    reply_id: uuid.UUID,
    case_id: uuid.UUID,
    kind: ReplyKind,
    text: str,
    language: str,
    assignee: Assignee | None,
    thread_id: str,
    checks_failed: tuple[str, ...],
    auto_send: bool,
    now: datetime,
    approval_reason: str | None = None,
    drafted_by: str = "blocks",
    blocks: Sequence[str] = (),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new draft's ``replies`` row and its history detail; counts it once committed."""
    send_now = auto_send and not checks_failed
    if approval_reason is None or (approval_reason != "checks_failed" and checks_failed):
        approval_reason = (
            "checks_failed" if checks_failed else "rule" if send_now else "approval_required"
        )
    status = "approved" if send_now else "awaiting_approval"
    values: dict[str, Any] = {
        "id": reply_id,
        "case_id": case_id,
        "kind": kind,
        "channel": "private" if kind in ("private_reply", "followup_private") else "public",
        "status": status,
        "language": language,
        "agent": assignee.name if assignee else "unassigned",
        "draft_text": text,
        "edited_text": None,
        "checks_failed": list(checks_failed),
        "auto_send": auto_send,
        "thread_id": thread_id,
        "day": now.date().isoformat(),
        "approved_by": "policy" if send_now else None,
        "approved_at": now if send_now else None,
        "published_at": None,
        "platform_reply_id": None,
        "created_at": now,
        "approval_reason": approval_reason,
        "edit_checks_failed": None,
        "drafted_by": drafted_by,
        "blocks": list(blocks),
    }
    detail = {
        "reply_id": str(reply_id),
        "kind": kind,
        "checks_failed": list(checks_failed),
        "status": status,
        "approval_reason": approval_reason,
        "drafted_by": drafted_by,
    }
    approval = "auto" if send_now else "waiting"
    out.on_commit(lambda: metrics.replies_drafted.labels(language, kind, approval).inc())
    return values, detail


#: The columns of a ``case_events`` row as ``history_row`` makes it, and a batch's rows as one
#: statement whatever their number: prepared once per connection, where a multi-row
#: ``VALUES`` list was a new statement (parsed, planned and kept) for each number of rows.
HISTORY_COLUMNS = ("case_id", "comment_id", "at", "actor", "event", "detail")
INSERT_HISTORY = ColumnsInsert(CaseEvent.__table__, HISTORY_COLUMNS)
#: A batch's new drafts likewise: ``_draft_values`` sets every column of ``replies``.
_INSERT_REPLIES = ColumnsInsert(Reply.__table__, [c.key for c in Reply.__table__.columns])


class DraftWrites:
    """The rows a batch of drafts writes: replies and history, each table in one insert.

    Objects added to a session one by one cost the unit of work per object at the flush;
    rows collected here go out as one multi-row statement per table (``flush``). Flush
    before reading replies or history the batch itself may have written.
    """

    def __init__(self) -> None:
        self.replies: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

    def history(
        self, case_id: uuid.UUID, at: datetime, actor: str, event: str, **detail: Any
    ) -> None:
        """``history(...)`` as a row of this batch."""
        self.events.append(history_row(case_id, at, actor, event, **detail))

    async def flush(self, session: AsyncSession) -> None:
        """Insert the rows collected so far (in the order they came) and start again."""
        replies, events = self.replies, self.events
        self.replies, self.events = [], []
        await _INSERT_REPLIES.execute(session, replies)
        await INSERT_HISTORY.execute(session, events)


class ReplyTarget(NamedTuple):
    """Where a case's replies go: its platform, thread and the comment it is about."""

    platform: str
    thread_id: str
    parent_id: str


async def reply_state(
    session: AsyncSession, case_ids: Iterable[uuid.UUID], kind: str
) -> tuple[set[uuid.UUID], dict[uuid.UUID, ReplyTarget]]:
    """Which of ``case_ids`` have their reply of ``kind``, and for the others where their
    reply goes (``send``'s two lookups, the case and then its comment): one query."""
    wanted = set(case_ids)
    if not wanted:
        return set(), {}
    has_reply = select(Reply.id).where(Reply.case_id == Case.id, Reply.kind == kind).exists()
    rows = await session.execute(
        select(
            Case.id,
            Case.platform,
            Case.thread_id,
            Case.external_id,
            Comment.external_id,
            has_reply,
        )
        .outerjoin(Comment, Comment.id == Case.comment_id)
        .where(any_of(Case.id, wanted))
    )
    have: set[uuid.UUID] = set()
    targets: dict[uuid.UUID, ReplyTarget] = {}
    for case_id, platform, thread_id, case_external_id, comment_external_id, has in rows.all():
        if has:
            have.add(case_id)
        else:
            targets[case_id] = ReplyTarget(
                platform, thread_id, comment_external_id or case_external_id
            )
    return have, targets


async def send(
    session: AsyncSession,
    out: Outbox,
    reply: Reply,
    *,
    correlation_id: str,
    target: ReplyTarget | None = None,
) -> None:
    """Put an approved reply on ``replies.outbound`` for the connectors. ``target``: the
    case's ``reply_state`` target when the caller read them for a batch."""
    await _publish(
        session,
        out,
        {
            "id": reply.id,
            "case_id": reply.case_id,
            "kind": reply.kind,
            "channel": reply.channel,
            "edited_text": reply.edited_text,
            "draft_text": reply.draft_text,
            "language": reply.language,
            "agent": reply.agent,
            "approved_by": reply.approved_by,
        },
        correlation_id=correlation_id,
        target=target,
    )


async def _publish(
    session: AsyncSession,
    out: Outbox,
    reply: dict[str, Any],
    *,
    correlation_id: str,
    target: ReplyTarget | None,
) -> None:
    """``send`` for a reply given as its column values."""
    if target is None:
        case = await session.get(Case, reply["case_id"])
        if case is None:
            raise LookupError(f"reply {reply['id']} has no case {reply['case_id']}")
        comment = await session.get(Comment, case.comment_id)
        parent = comment.external_id if comment else case.external_id
        target = ReplyTarget(case.platform, case.thread_id, parent)
    publish_reply(out, reply, correlation_id=correlation_id, target=target)


def publish_reply(
    out: Outbox, reply: Mapping[str, Any], *, correlation_id: str, target: ReplyTarget
) -> None:
    """``send`` for a reply given as its column values, with where it goes already known."""
    out.publish(
        Stream.REPLIES_OUTBOUND,
        ReplyOutbound(
            correlation_id=correlation_id,
            reply_id=reply["id"],
            case_id=reply["case_id"],
            kind=reply["kind"],
            channel=reply["channel"],
            platform=target.platform,  # type: ignore[arg-type]
            thread_id=target.thread_id,
            parent_id=target.parent_id,
            text=reply["edited_text"] or reply["draft_text"],
            language=reply["language"],
            agent=reply["agent"],
            approved_by=reply["approved_by"],
        ),
    )


def history(case_id: uuid.UUID, at: datetime, actor: str, event: str, **detail: Any) -> CaseEvent:
    return CaseEvent(case_id=case_id, at=at, actor=actor, event=event, detail=detail)


def history_row(
    case_id: uuid.UUID | None,
    at: datetime,
    actor: str,
    event: str,
    *,
    comment_id: int | None = None,
    **detail: Any,
) -> dict[str, Any]:
    """``history(...)`` as a row for a batch's one insert into ``case_events``."""
    return {  # HISTORY_COLUMNS
        "case_id": case_id,
        "comment_id": comment_id,
        "at": at,
        "actor": actor,
        "event": event,
        "detail": detail,
    }
