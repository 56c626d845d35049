"""Classify on real Redis and Postgres."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis
from sqlalchemy import select

from shared.db import AuthorRecord, ClassificationRecord
from shared.events import CommentReceived
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import at_least, comment, publish, running, store_comment, wait_for

pytestmark = pytest.mark.integration

CASES = {
    "nl": ("Mijn pakket is al twee weken te laat en niemand reageert", "complaint"),
    "sv": ("När öppnar ni butiken på lördag?", "question"),
    "en": ("Thank you so much, the delivery was super fast!", "praise"),
    "de": ("Meine Rechnung ist falsch, ich wurde doppelt belastet", "complaint"),
    "fr": ("Des escrocs ! Je vais porter plainte.", "legal_threat"),
}


async def test_each_language_is_classified_stored_and_passed_on_with_the_author_history(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with running("classify", settings) as (app, rt):
        async with rt.sessions() as session, session.begin():
            session.add(
                AuthorRecord(
                    platform="facebook",
                    author_id="author-cl-nl",
                    comments=5,
                    troll_count=2,
                    abuse_count=1,
                )
            )
        for lang, (text, _) in CASES.items():
            stored = await store_comment(rt.sessions, comment(f"cl-{lang}", text))
            await publish(
                redis_client,
                settings,
                Stream.COMMENTS_RECEIVED,
                CommentReceived(correlation_id=lang, comment=stored),
            )
        out = await wait_for(
            lambda: at_least(redis_client, settings, Stream.COMMENTS_CLASSIFIED, 5),
            what="five classifications",
        )
        async with rt.sessions() as session:
            rows = (await session.scalars(select(ClassificationRecord))).all()
    by_lang = {o["correlation_id"]: o for o in out}
    for lang, (_, intent) in CASES.items():
        assert by_lang[lang]["classification"]["language"] == lang
        assert by_lang[lang]["classification"]["intent"] == intent
        assert by_lang[lang]["classification"]["reasons"], "every classification explains itself"
    assert (by_lang["nl"]["author_troll_count"], by_lang["nl"]["author_abuse_count"]) == (2, 1)
    assert len(rows) == 5


async def test_a_deleted_comment_is_passed_on_without_reading_it(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with running("classify", settings) as (app, rt):
        stored = await store_comment(rt.sessions, comment("cl-del", "", kind="deleted"))
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_RECEIVED,
            CommentReceived(correlation_id="d", comment=stored),
        )
        out = await wait_for(
            lambda: at_least(redis_client, settings, Stream.COMMENTS_CLASSIFIED, 1),
            what="the deleted one",
        )
    assert out[0]["comment"]["kind"] == "deleted"
    assert out[0]["classification"]["reasons"] == ["deleted-by-author"]


async def test_a_redelivered_comment_republishes_its_stored_classification_unchanged(
    settings: Settings,
) -> None:
    from services.classify.handlers import classify_batch
    from shared.runtime import Item, Outbox

    async with running("classify", settings) as (app, rt):
        stored = await store_comment(rt.sessions, comment("cl-again", CASES["de"][0]))
        event = CommentReceived(correlation_id="again", comment=stored)
        outs = []
        for _ in range(2):
            out = Outbox()
            async with rt.sessions() as session, session.begin():
                await classify_batch([Item("1-0", event)], session, out)
            outs.append(out)
        async with rt.sessions() as session:
            # The stored row is what the second delivery read: change it to tell them apart.
            row = await session.get(ClassificationRecord, stored.comment_id)
            assert row is not None
            row.intent, row.reasons = "other", ["changed-in-the-test"]
            await session.commit()
        third = Outbox()
        async with rt.sessions() as session, session.begin():
            await classify_batch([Item("1-0", event)], session, third)
    [(_, first)], [(_, second)], [(_, changed)] = (o.events for o in (*outs, third))
    assert first == second and first.classification.intent == "complaint"  # type: ignore[attr-defined]
    assert changed.classification.intent == "other"  # type: ignore[attr-defined]
    assert changed.classification.reasons == ("changed-in-the-test",)  # type: ignore[attr-defined]


async def test_a_reply_without_words_reads_its_language_from_the_stored_parent(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with running("classify", settings) as (app, rt):
        await store_comment(
            rt.sessions,
            comment("cl-parent", "Varför har ni inte svarat på mitt mejl om återbetalningen?"),
        )
        reply = await store_comment(
            rt.sessions, comment("cl-reply", "👍👍👍", parent_id="cl-parent")
        )
        orphan = await store_comment(
            rt.sessions, comment("cl-orphan", "👍👍👍", parent_id="cl-unknown")
        )
        for stored in (reply, orphan):
            await publish(
                redis_client,
                settings,
                Stream.COMMENTS_RECEIVED,
                CommentReceived(correlation_id=stored.external_id, comment=stored),
            )
        out = await wait_for(
            lambda: at_least(redis_client, settings, Stream.COMMENTS_CLASSIFIED, 2),
            what="two classifications",
        )
    by_id = {o["correlation_id"]: o["classification"] for o in out}
    assert by_id["cl-reply"]["language"] == "sv"
    assert "lang:parent" in by_id["cl-reply"]["reasons"]
    assert by_id["cl-orphan"]["language"] == "und", "no stored parent, nothing to borrow"
