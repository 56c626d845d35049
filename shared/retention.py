"""Retention: comment and reply texts older than ``WEBCARE_RETENTION_DAYS`` are removed.

Texts, names, handles, raw payloads and permalinks go; counts, classifications, decisions,
cases and SLA figures stay, so the statistics survive without the people. Stream entries of
that age are trimmed once every group has read and acknowledged them. Followup applies it
periodically; ``webcare retention`` on demand.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import redis.asyncio as aioredis
from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared import metrics
from shared.db import Comment, Reply
from shared.privacy import rows_touched, scrub_decisions, stream_keys


@dataclass
class RetentionReport:
    cutoff: str
    comments: int = 0
    replies: int = 0
    stream_entries: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _id_of(value: Any) -> tuple[int, int]:
    text = value.decode() if isinstance(value, bytes) else str(value)
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


async def _trim_finished(redis: aioredis.Redis, key: str, cutoff: datetime) -> int:
    """Trim entries older than ``cutoff`` that every group has read and acknowledged."""
    limit = (int(cutoff.timestamp() * 1000), 0)
    try:
        groups = await redis.xinfo_groups(key)
    except Exception:  # no such stream
        return 0
    for group in groups:
        last = _id_of(group["last-delivered-id"])
        limit = min(limit, (last[0], last[1] + 1))
        if group["pending"]:
            summary = await redis.xpending(key, group["name"])
            limit = min(limit, _id_of(summary["min"]))
    if limit <= (0, 0):
        return 0
    return int(await redis.xtrim(key, minid=f"{limit[0]}-{limit[1]}", approximate=False) or 0)


async def apply_retention(
    sessions: async_sessionmaker[AsyncSession],
    redis: aioredis.Redis,
    prefix: str,
    *,
    days: int,
    now: datetime,
) -> RetentionReport:
    """Blank comment and reply texts (and names, handles, raw payloads, permalinks) received
    more than ``days`` ago, and trim stream entries of that age that no group still needs."""
    cutoff = now - timedelta(days=days)
    report = RetentionReport(cutoff=cutoff.isoformat())
    async with sessions() as session, session.begin():
        ids = list(
            (
                await session.scalars(
                    update(Comment)
                    .where(
                        Comment.received_at < cutoff,
                        or_(
                            Comment.text != "",
                            Comment.author_display_name.is_not(None),
                            Comment.author_handle.is_not(None),
                            Comment.permalink.is_not(None),
                            Comment.raw != {},
                        ),
                    )
                    .values(
                        text="",
                        author_display_name=None,
                        author_handle=None,
                        permalink=None,
                        raw={},
                    )
                    .returning(Comment.id)
                )
            ).all()
        )
        report.comments = len(ids)
        if ids:
            await scrub_decisions(session, ids, None)
        report.replies = rows_touched(
            await session.execute(
                update(Reply)
                .where(
                    Reply.created_at < cutoff,
                    or_(Reply.draft_text != "", Reply.edited_text.is_not(None)),
                )
                .values(draft_text="", edited_text=None)
            )
        )
    for key in stream_keys(prefix):
        report.stream_entries += await _trim_finished(redis, key, cutoff)
    metrics.retention_removed.labels("comment_texts").inc(report.comments)
    metrics.retention_removed.labels("reply_texts").inc(report.replies)
    metrics.retention_removed.labels("stream_entries").inc(report.stream_entries)
    return report
