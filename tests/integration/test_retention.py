"""Retention on real Postgres and Redis: old texts go, statistics and unfinished entries stay."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta

import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select, update

from shared.clock import FrozenClock
from shared.db import ClassificationRecord, Comment, DecisionRecord, Reply
from shared.events import CommentClassified
from shared.retention import apply_retention
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import comment, publish, running, store_comment, wait_for
from tests.unit.factories_route import make_classification

pytestmark = pytest.mark.integration
TUESDAY_10 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
OLD_TEXT = "Mijn pakket is al twee weken te laat en niemand helpt me"
NEW_TEXT = "Mijn factuur klopt niet, ik betaal dubbel voor hetzelfde"


async def _two_complaints(
    stack: AsyncExitStack, settings: Settings, redis_client: aioredis.Redis
) -> tuple[object, int, int]:
    """An old and a new complaint, each with a decision, a case and a draft reply; the old
    one's rows are dated 40 days back."""
    clock = FrozenClock(TUESDAY_10)
    _, rt = await stack.enter_async_context(running("route", settings, clock))
    await stack.enter_async_context(running("respond", settings, clock))
    ids = []
    for external_id, text, name in (("old", OLD_TEXT, "Jan"), ("new", NEW_TEXT, "Piet")):
        stored = await store_comment(
            rt.sessions,
            comment(
                external_id,
                text,
                thread_id=f"post-{external_id}",
                author={"id": f"a-{external_id}", "display_name": f"{name} de Vries"},
                created_at=TUESDAY_10.isoformat(),
            ),
        )
        ids.append(stored.comment_id)
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id=f"cid-{external_id}",
                comment=stored,
                classification=make_classification("complaint"),
            ),
        )

    async def replies() -> bool:
        async with rt.sessions() as session:
            return await session.scalar(select(func.count()).select_from(Reply)) == 2

    await wait_for(replies, what="two drafts")
    async with rt.sessions() as session, session.begin():
        # 40 days before both clocks in play: the wall clock (the CLI, apply_retention) and
        # followup's frozen Tuesday, which lies in the past (and further back every day).
        long_ago = min(datetime.now(UTC), TUESDAY_10) - timedelta(days=40)
        await session.execute(
            update(Comment).where(Comment.id == ids[0]).values(received_at=long_ago)
        )
        old_case = await session.scalar(
            select(DecisionRecord.case_id).where(DecisionRecord.comment_id == ids[0])
        )
        await session.execute(
            update(Reply).where(Reply.case_id == old_case).values(created_at=long_ago)
        )
        session.add(
            ClassificationRecord(
                comment_id=ids[0],
                language="nl",
                language_confidence=0.9,
                sentiment="negative",
                sentiment_confidence=0.9,
                intent="complaint",
                intent_confidence=0.9,
                toxicity=0.0,
                reach_score=0.1,
                confidence=0.9,
                model_version="test",
            )
        )
    return rt, ids[0], ids[1]


async def test_texts_older_than_the_retention_period_are_removed_and_statistics_stay(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with AsyncExitStack() as stack:
        rt, old_id, new_id = await _two_complaints(stack, settings, redis_client)
        report = await apply_retention(
            rt.sessions, redis_client, settings.stream_prefix, days=30, now=datetime.now(UTC)
        )
        assert report.comments == 1 and report.replies == 1

        async with rt.sessions() as session:
            old = await session.get(Comment, old_id)
            new = await session.get(Comment, new_id)
            assert old is not None and new is not None
            assert old.text == "" and old.author_display_name is None and old.raw == {}
            assert new.text == NEW_TEXT and new.author_display_name == "Piet de Vries"
            # The anonymous statistics survive: the row, its author id, platform, intent,
            # decision and case.
            assert old.author_id == "a-old" and old.platform == "facebook"
            assert (
                await session.scalar(
                    select(ClassificationRecord.intent).where(
                        ClassificationRecord.comment_id == old_id
                    )
                )
                == "complaint"
            )
            decision = await session.get(DecisionRecord, old_id)
            assert decision is not None and decision.case_id is not None
            assert decision.action and decision.priority
            assert OLD_TEXT not in json.dumps(decision.event)
            assert "Jan de Vries" not in json.dumps(decision.event)
            texts = {
                r.case_id == decision.case_id: r.draft_text
                for r in (await session.scalars(select(Reply))).all()
            }
            assert texts[True] == "" and "Piet" in texts[False]

        again = await apply_retention(
            rt.sessions, redis_client, settings.stream_prefix, days=30, now=datetime.now(UTC)
        )
        assert again.comments == 0 and again.replies == 0


async def test_retention_trims_only_stream_entries_that_every_group_has_finished(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    key = Stream.COMMENTS_RECEIVED.key(settings.stream_prefix)
    for n in (1, 2, 3):  # entries from 1970: older than any retention period
        await redis_client.xadd(key, {"data": "{}"}, id=f"1000-{n}")
    await redis_client.xadd(key, {"data": "{}"})  # a fresh one
    await redis_client.xgroup_create(key, "classify", id="0")
    read = await redis_client.xreadgroup("classify", "c1", {key: ">"}, count=2)
    first, second = (entry_id for entry_id, _ in read[0][1])
    await redis_client.xack(key, "classify", first)  # done; the second stays pending
    outbound = Stream.REPLIES_OUTBOUND.key(settings.stream_prefix)
    await redis_client.xadd(outbound, {"data": "{}"}, id="1000-1")
    await redis_client.xadd(outbound, {"data": "{}"})

    from shared.db import make_engine, make_sessionmaker

    engine = make_engine(settings.database_url)
    try:
        report = await apply_retention(
            make_sessionmaker(engine),
            redis_client,
            settings.stream_prefix,
            days=1,
            now=datetime.now(UTC),
        )
    finally:
        await engine.dispose()
    left = [entry_id.decode() for entry_id, _ in await redis_client.xrange(key)]
    assert left[:2] == ["1000-2", "1000-3"], "pending and undelivered entries stay"
    assert len(left) == 3
    assert len(await redis_client.xrange(outbound)) == 1, "no group: only the age counts"
    assert report.stream_entries == 2


def _retention_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "webcare.cli", "retention", "--json", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


async def test_followup_applies_the_retention_period_by_itself_and_the_cli_on_demand(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with AsyncExitStack() as stack:
        rt, old_id, new_id = await _two_complaints(stack, settings, redis_client)
        periodic = settings.model_copy(update={"retention_days": 30})
        await stack.enter_async_context(running("followup", periodic, FrozenClock(TUESDAY_10)))

        async def removed() -> bool:
            async with rt.sessions() as session:
                old = await session.get(Comment, old_id, populate_existing=True)
                return old is not None and old.text == ""

        await wait_for(removed, what="followup's retention run")
        async with rt.sessions() as session, session.begin():
            await session.execute(
                update(Comment)
                .where(Comment.id == new_id)
                .values(received_at=datetime.now(UTC) - timedelta(days=10))
            )

    env = {
        **os.environ,
        "WEBCARE_REDIS_URL": settings.redis_url,
        "WEBCARE_DATABASE_URL": settings.database_url,
        "WEBCARE_STREAM_PREFIX": settings.stream_prefix,
    }
    unset = await asyncio.to_thread(_retention_cli, env)
    assert unset.returncode == 2 and "WEBCARE_RETENTION_DAYS" in unset.stderr
    result = await asyncio.to_thread(_retention_cli, env, "--days", "7")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["comments"] == 1
