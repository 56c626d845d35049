"""Classify's stage: language, sentiment, intent, toxicity and reach for each comment."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.classify import encoder
from services.classify.model import MODEL_VERSION, classify, trained
from shared import metrics, wire
from shared.db import AuthorRecord, ClassificationRecord, ColumnsInsert, Comment, any_of, keys_in
from shared.events import Classification, CommentClassified, CommentReceived, StoredComment
from shared.runtime import Item, Outbox
from shared.streams import Stream


def decode(fields: dict[bytes, bytes]) -> CommentReceived:
    return wire.parse(CommentReceived, fields)


_STORED = [
    c
    for c in ClassificationRecord.__table__.columns
    if c.key not in ("comment_id", "classified_at")
]
#: A batch's classifications as one statement whatever their number (prepared once per
#: connection; a multi-row VALUES list was a new statement for each number of rows).
_INSERT_CLASSIFICATIONS = ColumnsInsert(
    ClassificationRecord.__table__,
    ("comment_id", *(c.key for c in _STORED)),
    on_conflict="DO NOTHING",
)


def classify_comment(
    comment: StoredComment,
    *,
    parent_text: str | None = None,
    author_troll_count: int = 0,
    author_abuse_count: int = 0,
    embedding: np.ndarray | None = None,
) -> Classification:
    if comment.kind == "deleted":
        # Nothing to read: the author removed it. Route closes what is open.
        return Classification(
            language="und",
            language_confidence=0.0,
            sentiment="neutral",
            sentiment_confidence=1.0,
            intent="other",
            intent_confidence=1.0,
            toxicity=0.0,
            reach_score=0.0,
            confidence=1.0,
            model_version=MODEL_VERSION,
            reasons=("deleted-by-author",),
        )
    return classify(
        comment.text,
        language_hint=comment.language_hint,
        likes=comment.likes,
        replies=comment.replies,
        shares=comment.shares,
        followers=comment.author_followers,
        rating=comment.rating,
        parent_text=parent_text,
        author_troll_count=author_troll_count,
        author_abuse_count=author_abuse_count,
        embedding=embedding,
    )


async def classify_batch(
    items: Sequence[Item[CommentReceived]], session: AsyncSession, out: Outbox
) -> None:
    events = [item.value for item in items]
    authors = {(e.comment.platform, e.comment.author_id) for e in events}
    # Plain rows, not ORM objects: only a few columns are read, nothing is changed.
    history = {
        (platform, author_id): (trolls, abuse)
        for platform, author_id, trolls, abuse in (
            await session.execute(
                select(
                    AuthorRecord.platform,
                    AuthorRecord.author_id,
                    AuthorRecord.troll_count,
                    AuthorRecord.abuse_count,
                ).where(keys_in([AuthorRecord.platform, AuthorRecord.author_id], sorted(authors)))
            )
        ).all()
    }
    stored = {
        row.comment_id: row
        for row in (
            await session.execute(
                select(ClassificationRecord.comment_id, *_STORED).where(
                    any_of(ClassificationRecord.comment_id, [e.comment.comment_id for e in events])
                )
            )
        ).all()
    }
    parents = await _parent_texts(session, events)
    embeddings = _embeddings([e.comment for e in events if e.comment.comment_id not in stored])
    rows = []
    for event in events:
        comment = event.comment
        existing = stored.get(comment.comment_id)
        if existing is not None:  # a redelivery: republish what was decided, do not re-decide
            result = Classification(
                language=existing.language,
                language_confidence=existing.language_confidence,
                sentiment=existing.sentiment,
                sentiment_confidence=existing.sentiment_confidence,
                intent=existing.intent,
                intent_confidence=existing.intent_confidence,
                toxicity=existing.toxicity,
                reach_score=existing.reach_score,
                confidence=existing.confidence,
                model_version=existing.model_version,
                reasons=tuple(existing.reasons),
            )
        else:
            trolls, abuse = history.get((comment.platform, comment.author_id), (0, 0))
            result = classify_comment(
                comment,
                parent_text=parents.get((comment.platform, comment.parent_id or "")),
                author_troll_count=trolls,
                author_abuse_count=abuse,
                embedding=embeddings.get(comment.comment_id),
            )
            rows.append(
                {
                    "comment_id": comment.comment_id,
                    **result.model_dump(exclude={"reasons"}),
                    "reasons": list(result.reasons),
                }
            )
            out.on_commit(
                lambda r=result: metrics.classifications.labels(
                    r.intent, r.sentiment, r.language
                ).inc()
            )
        trolls, abuse = history.get((comment.platform, comment.author_id), (0, 0))
        out.publish(
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id=event.correlation_id,
                comment=comment,
                classification=result,
                author_troll_count=trolls,
                author_abuse_count=abuse,
            ),
        )
    await _INSERT_CLASSIFICATIONS.execute(session, rows)


def _embeddings(comments: Sequence[StoredComment]) -> dict[int, np.ndarray]:
    """The quality mode's sentence embeddings of a batch, in one call (about half the cost
    per text of embedding them one by one); nothing when the mode is off."""
    models = trained()
    if not encoder.enabled() or models is None or models.stack is None:
        return {}
    texts = [c for c in comments if c.kind != "deleted" and c.text]
    vectors = encoder.embed_many([c.text for c in texts])
    return {c.comment_id: vector for c, vector in zip(texts, vectors, strict=True)}


async def _parent_texts(
    session: AsyncSession, events: Sequence[CommentReceived]
) -> dict[tuple[str, str], str]:
    """The latest stored text of each comment these reply to, when the thread is known."""
    keys = {(e.comment.platform, e.comment.parent_id) for e in events if e.comment.parent_id}
    if not keys:
        return {}
    rows = await session.execute(
        select(Comment.platform, Comment.external_id, Comment.text)
        .where(keys_in([Comment.platform, Comment.external_id], sorted(keys)))
        .order_by(Comment.id)
    )
    # Later versions overwrite earlier ones: an edited parent counts as edited.
    return {(platform, external_id): text for platform, external_id, text in rows.all()}
