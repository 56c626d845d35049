"""Personal data: erase one author on request, and remove old comment texts on a schedule.

``forget_author`` removes or pseudonymises everything that identifies a person (comment
texts, names, handles, raw payloads, permalinks, their platform id, the replies addressed to
them, case history details, the author record) in Postgres, deletes the stream entries that
carry them, and records that it was done in ``erasures`` (with a hash of the subject, never
the id itself). The scheduled counterpart, removing old texts, is ``shared.retention``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import redis.asyncio as aioredis
from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared import metrics
from shared.db import (
    AuthorRecord,
    Case,
    CaseEvent,
    ClassificationRecord,
    Comment,
    DecisionRecord,
    Erasure,
    Reply,
)
from shared.streams import Stream

_PAGE = 1_000
#: Fields of a stored comment (in the DB and inside events) that identify the person.
_PERSONAL_COMMENT_FIELDS = ("text", "author_display_name", "author_handle", "permalink")


@dataclass
class Subject:
    """Who is being erased, and the records found to be theirs (ids as strings)."""

    platform: str
    author_id: str
    case_ids: set[str] = field(default_factory=set)
    external_ids: set[str] = field(default_factory=set)

    def needles(self) -> list[bytes]:
        """Byte strings one of which every entry about the subject contains (a cheap filter
        before JSON parsing); JSON may escape non-ASCII, so both spellings are included."""
        out: set[bytes] = set()
        for value in (self.author_id, *self.case_ids, *self.external_ids):
            out.add(value.encode())
            out.add(json.dumps(value)[1:-1].encode())
        return sorted(out)


def subject_hash(platform: str, author_id: str) -> str:
    """What ``erasures`` keeps instead of the id: enough to answer "was X erased?"."""
    return hashlib.sha256(f"{platform}:{author_id}".encode()).hexdigest()


def mentions(node: Any, subject: Subject) -> bool:
    """Whether a decoded stream entry (or any JSON nested in it, as in DLQ payloads) carries
    the subject: their comment, a comment of theirs by external id, or one of their cases."""
    if isinstance(node, dict):
        if node.get("platform") == subject.platform:
            author = node.get("author")
            if node.get("author_id") == subject.author_id:
                return True
            if isinstance(author, dict) and author.get("id") == subject.author_id:
                return True
            if node.get("external_id") in subject.external_ids:
                return True
        if node.get("case_id") is not None and str(node["case_id"]) in subject.case_ids:
            return True
        return any(mentions(value, subject) for value in node.values())
    if isinstance(node, list):
        return any(mentions(value, subject) for value in node)
    if isinstance(node, str) and node[:1] in ("{", "["):
        try:
            return mentions(json.loads(node), subject)
        except ValueError:
            return False
    return False


def _scrub_event(event: dict[str, Any], *, pseudonym: str | None) -> dict[str, Any]:
    """A stored ``CaseRouted`` without the comment's personal fields."""
    comment = event.get("comment")
    if isinstance(comment, dict):
        comment = {**comment, **dict.fromkeys(_PERSONAL_COMMENT_FIELDS)}
        comment["text"] = ""
        if pseudonym is not None:
            comment["author_id"] = pseudonym
        event = {**event, "comment": comment}
    return event


async def scrub_decisions(
    session: AsyncSession, comment_ids: Iterable[int], pseudonym: str | None
) -> None:
    rows = await session.execute(
        select(DecisionRecord.comment_id, DecisionRecord.event).where(
            DecisionRecord.comment_id.in_(list(comment_ids))
        )
    )
    for comment_id, event in rows.all():
        if event:
            await session.execute(
                update(DecisionRecord)
                .where(DecisionRecord.comment_id == comment_id)
                .values(event=_scrub_event(event, pseudonym=pseudonym))
            )


# --- forget ---------------------------------------------------------------------------------


@dataclass
class ErasureReport:
    erasure_id: str
    platform: str
    subject_hash: str
    comments: int = 0
    cases: int = 0
    replies: int = 0
    case_events: int = 0
    authors: int = 0
    stream_entries: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


async def _erase_rows(session: AsyncSession, subject: Subject, pseudonym: str) -> dict[str, int]:
    comment_rows = (
        await session.execute(
            select(Comment.id, Comment.external_id).where(
                Comment.platform == subject.platform, Comment.author_id == subject.author_id
            )
        )
    ).all()
    comment_ids = [row[0] for row in comment_rows]
    subject.external_ids |= {row[1] for row in comment_rows}
    case_ids = list(
        (
            await session.scalars(
                select(Case.id).where(
                    or_(
                        Case.comment_id.in_(comment_ids),
                        (Case.platform == subject.platform) & (Case.author_id == subject.author_id),
                    )
                )
            )
        ).all()
    )
    subject.case_ids |= {str(c) for c in case_ids}
    counts = {"comments": len(comment_ids), "cases": len(case_ids)}
    if comment_ids:
        await session.execute(
            update(Comment)
            .where(Comment.id.in_(comment_ids))
            .values(
                text="",
                author_id=pseudonym,
                author_display_name=None,
                author_handle=None,
                author_followers=None,
                permalink=None,
                raw={},
            )
        )
        await session.execute(
            update(ClassificationRecord)
            .where(ClassificationRecord.comment_id.in_(comment_ids))
            .values(reasons=[])
        )
        await scrub_decisions(session, comment_ids, pseudonym)
    replies = 0
    events = 0
    if case_ids:
        await session.execute(update(Case).where(Case.id.in_(case_ids)).values(author_id=pseudonym))
        replies = rows_touched(
            await session.execute(
                update(Reply)
                .where(Reply.case_id.in_(case_ids))
                .values(draft_text="", edited_text=None)
            )
        )
    if case_ids or comment_ids:
        events = rows_touched(
            await session.execute(
                update(CaseEvent)
                .where(or_(CaseEvent.case_id.in_(case_ids), CaseEvent.comment_id.in_(comment_ids)))
                .values(detail={"erased": True})
            )
        )
    authors = rows_touched(
        await session.execute(
            delete(AuthorRecord).where(
                AuthorRecord.platform == subject.platform,
                AuthorRecord.author_id == subject.author_id,
            )
        )
    )
    return {**counts, "replies": replies, "case_events": events, "authors": authors}


def rows_touched(result: Any) -> int:
    """Rows an UPDATE or DELETE touched (``CursorResult.rowcount``)."""
    return int(getattr(result, "rowcount", 0) or 0)


def stream_keys(prefix: str) -> list[str]:
    return [stream.key(prefix) for stream in Stream]


async def _delete_entries(redis: aioredis.Redis, prefix: str, subject: Subject) -> int:
    needles = subject.needles()
    removed: list[str] = []
    for key in stream_keys(prefix):
        start = "-"
        while True:
            page: Any = await redis.xrange(key, min=start, max="+", count=_PAGE)
            if not page:
                break
            doomed: list[Any] = []
            for entry_id, fields in page:
                blob = b"\x00".join(k + b"\x00" + v for k, v in fields.items())
                if not any(n in blob for n in needles):
                    continue
                decoded = {
                    k.decode("utf-8", "replace"): v.decode("utf-8", "replace")
                    for k, v in fields.items()
                }
                if mentions(decoded, subject):
                    doomed.append(entry_id)
            if doomed:
                await redis.xdel(key, *doomed)
                removed += [e.decode() if isinstance(e, bytes) else str(e) for e in doomed]
            last = page[-1][0]
            start = "(" + (last.decode() if isinstance(last, bytes) else str(last))
    if removed:
        # Remembered processing errors are keyed by entry id and may quote the entry.
        async for key in redis.scan_iter(match=f"{prefix}.errors.*", count=1000):
            await redis.hdel(key, *removed)
    return len(removed)


async def forget_author(
    sessions: async_sessionmaker[AsyncSession],
    redis: aioredis.Redis,
    prefix: str,
    *,
    platform: str,
    author_id: str,
    requested_by: str,
    source: str,
    now: datetime,
) -> ErasureReport:
    """Erase one author everywhere and record it; running it again is harmless.

    Postgres is scrubbed first, then the streams, then Postgres once more, so rows a stage
    was writing from an entry read just before its deletion are caught as well.
    """
    subject = Subject(platform=platform, author_id=author_id)
    report = ErasureReport(
        erasure_id=str(uuid.uuid4()),
        platform=platform,
        subject_hash=subject_hash(platform, author_id),
    )
    pseudonym = f"erased-{report.erasure_id[:12]}"
    totals: dict[str, int] = {}
    async with sessions() as session, session.begin():
        for name, value in (await _erase_rows(session, subject, pseudonym)).items():
            totals[name] = totals.get(name, 0) + value
    report.stream_entries = await _delete_entries(redis, prefix, subject)
    async with sessions() as session, session.begin():
        for name, value in (await _erase_rows(session, subject, pseudonym)).items():
            totals[name] = totals.get(name, 0) + value
        for name, value in totals.items():
            setattr(report, name, value)
        session.add(
            Erasure(
                id=uuid.UUID(report.erasure_id),
                platform=platform,
                subject_hash=report.subject_hash,
                requested_by=requested_by,
                source=source,
                requested_at=now,
                counts={k: v for k, v in report.as_dict().items() if isinstance(v, int)},
            )
        )
    metrics.erasures.labels(source).inc()
    return report
