"""Ingest's stream stage: validate, de-duplicate, store, publish ``comments.received``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, literal_column, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.ingest.normalise import to_row
from shared import metrics, wire
from shared.db import Comment, ReachSample
from shared.events import CommentIn, CommentReceived, StoredComment
from shared.runtime import Item, Outbox
from shared.settings import Settings
from shared.streams import Stream

_STORED_FIELDS = tuple(StoredComment.model_fields)

_UPSERT_COMMENTS = (
    insert(Comment.__table__)
    .on_conflict_do_update(
        constraint="uq_comment_version", set_={"source_entry": Comment.source_entry}
    )
    .returning(
        Comment.id,
        Comment.source_entry,
        literal_column("xmax = 0").label("inserted"),
        sort_by_parameter_order=True,
    )
)
#: ``at`` is the transaction's time, as for the comments' ``received_at``.
_INSERT_SAMPLES = insert(ReachSample.__table__).values(at=func.now())
#: The batch's authors in one statement (as an executemany, ON CONFLICT DO UPDATE ran one
#: INSERT per author), in the order given: sorted, so concurrent batches lock alike.
_UPSERT_AUTHORS = text(
    """
    INSERT INTO authors (platform, author_id, comments, troll_count, abuse_count)
    SELECT platform, author_id, comments, 0, 0
      FROM unnest(CAST(:platforms AS varchar[]), CAST(:author_ids AS varchar[]),
                  CAST(:comments AS integer[])) AS a(platform, author_id, comments)
    ON CONFLICT (platform, author_id)
    DO UPDATE SET comments = authors.comments + excluded.comments, last_seen = now()
    """
)


def validate_comment(data: dict[str, Any], settings: Settings) -> CommentIn:
    """The public input schema plus the operator's text limit; ``InvalidInput`` names the field."""
    try:
        comment = CommentIn.model_validate(data)
    except ValidationError as exc:
        raise wire.InvalidInput(wire.describe_errors(exc)) from exc
    return _within_limits(comment, settings)


def _within_limits(comment: CommentIn, settings: Settings) -> CommentIn:
    if len(comment.text) > settings.max_text_chars:
        raise wire.InvalidInput(
            f"text: longer than {settings.max_text_chars} characters ({len(comment.text)})"
        )
    unstorable = _unstorable(comment)
    if unstorable:
        exc = ValidationError.from_exception_data("CommentIn", unstorable)
        raise wire.InvalidInput(wire.describe_errors(exc)) from exc
    return comment


_INT4_MAX = 2**31 - 1
_NUL_FREE = ("external_id", "thread_id", "parent_id", "language", "permalink", "brand", "version")


def _unstorable(comment: CommentIn) -> list[Any]:
    """What the schema allows but Postgres cannot store: counts beyond its ``integer`` and
    NUL characters (``text`` and ``jsonb`` refuse them). Caught here, such a comment is a
    422 / DLQ entry at once, instead of being accepted and then failing every delivery.
    Text and display name are not checked: normalisation strips control characters."""
    errors: list[Any] = []
    counts = {("author", "followers"): comment.author.followers}
    counts |= {("reach", k): getattr(comment.reach, k) for k in ("likes", "replies", "shares")}
    for loc, value in counts.items():
        if value is not None and value > _INT4_MAX:
            errors.append(
                {"type": "less_than_equal", "loc": loc, "input": value, "ctx": {"le": _INT4_MAX}}
            )
    strings = {(name,): getattr(comment, name) for name in _NUL_FREE}
    strings |= {("author", "id"): comment.author.id, ("author", "handle"): comment.author.handle}
    strings |= {(key,): [key, value] for key, value in comment.raw.items()}
    for loc, value in strings.items():
        if _has_nul(value):
            error = ValueError("contains a NUL character, which cannot be stored")
            errors.append(
                {"type": "value_error", "loc": loc, "input": value, "ctx": {"error": error}}
            )
    return errors


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def make_decoder(settings: Settings) -> Any:
    def decode(fields: dict[bytes, bytes]) -> CommentIn:
        # wire.parse validates the usual entry straight from its JSON bytes; whatever fails
        # there takes the general path, which names the field.
        return _within_limits(wire.parse(CommentIn, fields), settings)

    return decode


def stored(row: dict[str, Any], comment_id: int) -> StoredComment:
    return StoredComment(
        comment_id=comment_id, **{k: row[k] for k in _STORED_FIELDS if k != "comment_id"}
    )


async def store_comments(
    items: Sequence[Item[CommentIn]], session: AsyncSession, out: Outbox
) -> None:
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for item in items:
        cid = (item.value.model_extra or {}).get("correlation_id") or uuid.uuid4().hex
        row = to_row(item.value, correlation_id=str(cid), source_entry=item.entry_id)
        key = (row["platform"], row["external_id"], row["version"])
        if key in seen:  # the same comment twice in one batch: the first one counts
            out.on_commit(
                lambda p=row["platform"]: metrics.comments_ingested.labels(p, "duplicate").inc()
            )
            continue
        seen.add(key)
        rows.append(row)

    # DO UPDATE (a no-op) instead of DO NOTHING so existing rows come back too: a
    # redelivered entry must republish what it stored before the crash. Executed with the
    # rows as parameters (SQLAlchemy's "insertmanyvalues"): one cached statement, sent as
    # multi-row INSERTs, with the returned rows in the order of the parameters.
    result = (await session.execute(_UPSERT_COMMENTS, rows)).all()

    # Every delivery's reach is kept, duplicates included: growth is how a spike shows.
    samples = [
        {
            "platform": r["platform"],
            "external_id": r["external_id"],
            "likes": r["likes"] or 0,
            "replies": r["replies"] or 0,
            "shares": r["shares"] or 0,
        }
        for r in rows
        if any(r[k] is not None for k in ("likes", "replies", "shares"))
    ]
    if samples:
        await session.execute(_INSERT_SAMPLES, samples)
    new_authors: list[dict[str, Any]] = []
    for row, (comment_id, source_entry, inserted) in zip(rows, result, strict=True):
        if not inserted and source_entry != row["source_entry"]:
            out.on_commit(
                lambda p=row["platform"]: metrics.comments_ingested.labels(p, "duplicate").inc()
            )
            continue
        if inserted:
            new_authors.append({"platform": row["platform"], "author_id": row["author_id"]})
            out.on_commit(
                lambda p=row["platform"]: metrics.comments_ingested.labels(p, "accepted").inc()
            )
        out.publish(
            Stream.COMMENTS_RECEIVED,
            CommentReceived(correlation_id=row["correlation_id"], comment=stored(row, comment_id)),
        )

    if new_authors:
        counts: dict[tuple[str, str], int] = {}
        for a in new_authors:
            counts[(a["platform"], a["author_id"])] = (
                counts.get((a["platform"], a["author_id"]), 0) + 1
            )
        ordered = sorted(counts.items())
        await session.execute(
            _UPSERT_AUTHORS,
            {
                "platforms": [p for (p, _), _ in ordered],
                "author_ids": [a for (_, a), _ in ordered],
                "comments": [n for _, n in ordered],
            },
        )
