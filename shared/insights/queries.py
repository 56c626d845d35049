"""What insights read from and write to Postgres: mentions, FAQ state, notices sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import ClassificationRecord, Comment, FaqPublication, InsightNotice
from shared.insights.faq import Publication
from shared.insights.report import DEFAULT_RULES, InsightRules, Report, build_report
from shared.insights.topics import COUNTED_INTENTS, UNCOUNTED_NEGATIVE_INTENTS, Mention
from shared.insights.trends import Windows

#: Rows a round reads and holds at a time: its window can hold tens of thousands.
CHUNK_ROWS = 1000


def _mentions_query(since: datetime, until: datetime) -> Select[Any]:
    latest = (
        select(
            Comment.id,
            Comment.created_at,
            Comment.platform,
            Comment.author_id,
            Comment.text,
            ClassificationRecord.language,
            ClassificationRecord.intent,
            ClassificationRecord.sentiment,
        )
        .join(ClassificationRecord, ClassificationRecord.comment_id == Comment.id)
        .where(
            Comment.created_at >= since,
            Comment.created_at < until,
            Comment.kind != "deleted",
            Comment.text != "",
        )
        .ext(distinct_on(Comment.platform, Comment.external_id))
        .order_by(Comment.platform, Comment.external_id, Comment.id.desc())
        .subquery()
    )
    # ``counted`` in SQL, on the latest version only (a complaint edited into praise no
    # longer counts), so the rows that would be dropped never leave Postgres.
    return select(latest).where(
        or_(
            latest.c.intent.in_(sorted(COUNTED_INTENTS)),
            and_(
                latest.c.sentiment == "negative",
                latest.c.intent.not_in(sorted(UNCOUNTED_NEGATIVE_INTENTS)),
            ),
        )
    )


async def mention_chunks(
    session: AsyncSession, since: datetime, until: datetime, *, rows: int | None = None
) -> AsyncIterator[list[Mention]]:
    """Classified comments written in ``[since, until)`` that insights count, one per
    comment: its latest version that still has a text (deleted and retention-emptied
    versions have none). In lists of at most ``rows`` (``CHUNK_ROWS``), from a server-side
    cursor, so a caller that keeps less than each mention holds one chunk at a time."""
    rows = rows or CHUNK_ROWS
    result = await session.stream(_mentions_query(since, until).execution_options(yield_per=rows))
    async for part in result.partitions(rows):
        yield [
            Mention(
                comment_id=row.id,
                at=row.created_at,
                platform=row.platform,
                author=f"{row.platform}:{row.author_id}",
                language=row.language,
                intent=row.intent,
                sentiment=row.sentiment,
                text=row.text,
            )
            for row in part
        ]


async def load_mentions(session: AsyncSession, since: datetime, until: datetime) -> list[Mention]:
    """All of ``mention_chunks`` in one list."""
    return [mention async for chunk in mention_chunks(session, since, until) for mention in chunk]


async def publications(session: AsyncSession) -> list[Publication]:
    rows = await session.scalars(select(FaqPublication).order_by(FaqPublication.published_at))
    return [Publication(r.topic, r.published_at, r.published_by) for r in rows]


async def publish_faq(
    session: AsyncSession, topic: str, *, by: str, now: datetime
) -> tuple[Publication, bool]:
    """Mark a topic's FAQ entry published; publishing again keeps the first date (the
    before/after comparison depends on it). Returns the publication and whether it is new."""
    created = await session.scalar(
        insert(FaqPublication)
        .values(topic=topic, published_at=now, published_by=by)
        .on_conflict_do_nothing()
        .returning(FaqPublication.topic)
    )
    row = await session.get(FaqPublication, topic)
    assert row is not None
    return Publication(row.topic, row.published_at, row.published_by), created is not None


async def claim_notice(
    session: AsyncSession,
    key: str,
    *,
    kind: str,
    now: datetime,
    topic: str | None = None,
    detail: dict[str, Any] | None = None,
) -> bool:
    """Record a notice as sent; False when ``key`` was sent before (by any replica)."""
    claimed = await session.scalar(
        insert(InsightNotice)
        .values(key=key, kind=kind, topic=topic, sent_at=now, detail=detail or {})
        .on_conflict_do_nothing()
        .returning(InsightNotice.key)
    )
    return claimed is not None


async def notice_since(session: AsyncSession, *, kind: str, topic: str, since: datetime) -> bool:
    """Whether a notice of ``kind`` went out for ``topic`` at or after ``since``."""
    found = await session.scalar(
        select(InsightNotice.key)
        .where(InsightNotice.kind == kind, InsightNotice.topic == topic)
        .where(InsightNotice.sent_at >= since)
        .limit(1)
    )
    return found is not None


async def load_report(
    session: AsyncSession,
    *,
    now: datetime,
    windows: Windows,
    period: str,
    rules: InsightRules = DEFAULT_RULES,
) -> Report:
    """Load the look-back (and the stretches around each FAQ publication) and build the
    report; the CPU-bound part runs in a thread so a service's event loop stays free."""
    pubs = await publications(session)
    ranges = [(windows.since, windows.until)]
    for pub in pubs:
        whole = max(0, int((windows.until - pub.published_at) // windows.period))
        k = min(whole, windows.count)
        if k:
            span = windows.period * k
            ranges.append((pub.published_at - span, pub.published_at + span))
    seen: dict[int, Mention] = {}
    for start, end in ranges:
        # Ranges inside the look-back are already loaded.
        if start >= windows.since and end <= windows.until and (start, end) != ranges[0]:
            continue
        for mention in await load_mentions(session, start, end):
            seen.setdefault(mention.comment_id, mention)
    return await asyncio.to_thread(
        build_report,
        list(seen.values()),
        now=now,
        windows=windows,
        period=period,
        publications=pubs,
        rules=rules,
    )
