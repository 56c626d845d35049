"""End to end: the five services as processes on real Redis and Postgres.

Comments go in at the edge (HTTP and the inbound stream); results are read back from
Postgres and the streams.
"""

from __future__ import annotations

import json
import os
import signal
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db import (
    Case,
    ClassificationRecord,
    Comment,
    DecisionRecord,
    Reply,
    make_engine,
    make_sessionmaker,
)
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import events, wait_for
from webcare import runner
from webcare.demo import DEMO_FILE, DRAFTED

pytestmark = pytest.mark.e2e
TOKEN = "e2e-token"


def _free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@dataclass
class Pipeline:
    settings: Settings
    env: dict[str, str]
    ports: dict[str, int]
    procs: list[runner.Process]
    sessions: async_sessionmaker[AsyncSession]

    async def restart(self, service: str) -> None:
        fresh = await runner.start(env=self.env, only=(service,), ports=self.ports)
        await runner.wait_ready(fresh)
        self.procs += fresh

    def process(self, service: str) -> runner.Process:
        return next(p for p in self.procs if p.name == service and p.proc.returncode is None)


@pytest.fixture
async def pipeline(settings: Settings) -> AsyncIterator[Pipeline]:
    env = {
        "WEBCARE_REDIS_URL": settings.redis_url,
        "WEBCARE_DATABASE_URL": settings.database_url,
        "WEBCARE_STREAM_PREFIX": settings.stream_prefix,
        "WEBCARE_API_TOKEN": TOKEN,
        "WEBCARE_CLAIM_IDLE_MS": "1500",
        "WEBCARE_POLL_INTERVAL_MS": "20",
        "WEBCARE_LOG_LEVEL": "WARNING",
    }
    ports = dict(zip(runner.SERVICES, _free_ports(len(runner.SERVICES)), strict=True))
    procs = await runner.start(env=env, ports=ports)
    engine = make_engine(settings.database_url)
    try:
        await runner.wait_ready(procs)
        yield Pipeline(settings, env, ports, procs, make_sessionmaker(engine))
    finally:
        await runner.stop(procs)
        await engine.dispose()


def _comments(run: str, n: int) -> list[dict[str, object]]:
    texts = [
        json.loads(line)
        for line in DEMO_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    now = datetime.now(UTC).isoformat()
    out = []
    for i in range(n):
        base = dict(texts[i % len(texts)])
        base["external_id"] = f"{run}-{i}"
        base["author"] = {**base["author"], "id": f"{base['author']['id']}-{i}"}  # type: ignore[dict-item]
        base["created_at"] = now
        out.append(base)
    return out


async def _scalar(p: Pipeline, query) -> int:  # type: ignore[no-untyped-def]
    async with p.sessions() as session:
        return int(await session.scalar(query) or 0)


async def _all_decided(p: Pipeline, n: int) -> bool:
    return await _scalar(p, select(func.count()).select_from(DecisionRecord)) >= n


async def _send(
    p: Pipeline, comments: list[dict[str, object]], redis_client: aioredis.Redis
) -> None:
    """Half over HTTP, half on the inbound stream."""
    half = len(comments) // 2
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{p.ports['ingest']}") as http:
        response = await http.post(
            "/v1/comments", json=comments[:half], headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert response.status_code == 202, response.text
    key = Stream.COMMENTS_INBOUND.key(p.settings.stream_prefix)
    for c in comments[half:]:
        await redis_client.xadd(key, {"data": json.dumps(c, ensure_ascii=False)})


async def test_a_hundred_comments_each_end_in_a_decision_and_complaints_in_a_case_with_a_draft(
    pipeline: Pipeline, redis_client: aioredis.Redis
) -> None:
    comments = _comments("e2e", 100)
    await _send(pipeline, comments, redis_client)
    # The same comment again, and a malformed entry: one case, one DLQ entry.
    await _send(pipeline, [comments[0], comments[1]], redis_client)
    key = Stream.COMMENTS_INBOUND.key(pipeline.settings.stream_prefix)
    await redis_client.xadd(key, {"data": b'{"platform": "facebook", "text": '})

    await wait_for(lambda: _all_decided(pipeline, 100), timeout=60, what="100 decisions")

    async def drafts_done() -> bool:
        async with pipeline.sessions() as session:
            # Decisions can share a case (one crisis case per thread): one draft per case.
            need = await session.scalar(
                select(func.count(func.distinct(DecisionRecord.case_id))).where(
                    DecisionRecord.action.in_(DRAFTED)
                )
            )
            have = await session.scalar(select(func.count()).select_from(Reply))
        return bool(need) and have == need

    await wait_for(drafts_done, timeout=30, what="a draft for every case that needs one")

    async with pipeline.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Comment)) == 100
        assert await session.scalar(select(func.count()).select_from(ClassificationRecord)) == 100
        assert await session.scalar(select(func.count()).select_from(DecisionRecord)) == 100
        complaints = (
            await session.scalars(
                select(ClassificationRecord.comment_id).where(
                    ClassificationRecord.intent == "complaint"
                )
            )
        ).all()
        assert len(complaints) >= 20, "the sample holds plenty of complaints in five languages"
        # Every complaint is in a case (its own, or its thread's crisis case) with a draft.
        complaint_case_ids = (
            await session.scalars(
                select(DecisionRecord.case_id).where(DecisionRecord.comment_id.in_(complaints))
            )
        ).all()
        assert None not in complaint_case_ids
        drafted = set(
            (
                await session.scalars(
                    select(Reply.case_id).where(Reply.case_id.in_(set(complaint_case_ids)))
                )
            ).all()
        )
        assert drafted == set(complaint_case_ids)
        languages = set(
            (await session.scalars(select(ClassificationRecord.language).distinct())).all()
        )
        assert {"nl", "sv", "en", "de", "fr"} <= languages
        # Every open case has both deadlines, in the future of its opening.
        for case in (await session.scalars(select(Case))).all():
            assert case.first_response_due is not None and case.resolution_due is not None
            assert case.opened_at <= case.first_response_due <= case.resolution_due

    dlq = await events(redis_client, pipeline.settings, Stream.DLQ)
    assert len(dlq) == 1
    assert "malformed JSON" in dlq[0]["reason"]

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{pipeline.ports['ingest']}") as http:
        story = await http.get(
            f"/v1/comments/{comments[0]['platform']}/{comments[0]['external_id']}",
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        metrics = await http.get("/metrics")
    assert story.status_code == 200
    body = story.json()
    assert body["classification"]["language"] == "nl"
    assert body["case"] is not None and body["replies"], "a Dutch complaint gets a case and a draft"
    assert 'webcare_comments_ingested_total{outcome="accepted",platform="facebook"}' in metrics.text
    assert "faststream_received_messages_total" in metrics.text


async def test_a_service_killed_mid_run_loses_nothing_and_duplicates_nothing(
    pipeline: Pipeline, redis_client: aioredis.Redis
) -> None:
    comments = _comments("kill", 100)
    await _send(pipeline, comments[:40], redis_client)
    victim = pipeline.process("classify")
    os.kill(victim.proc.pid, signal.SIGKILL)
    await victim.proc.wait()
    await _send(pipeline, comments[40:], redis_client)
    await pipeline.restart("classify")

    await wait_for(
        lambda: _all_decided(pipeline, 100), timeout=60, what="100 decisions after the restart"
    )
    async with pipeline.sessions() as session:
        for model in (Comment, ClassificationRecord, DecisionRecord):
            assert await session.scalar(select(func.count()).select_from(model)) == 100
        cases = await session.scalar(select(func.count()).select_from(Case))
        with_case = await session.scalar(
            select(func.count(func.distinct(DecisionRecord.case_id))).where(
                DecisionRecord.case_id.is_not(None)
            )
        )
        assert cases == with_case
        dupes = await session.execute(
            select(Reply.case_id, Reply.kind)
            .group_by(Reply.case_id, Reply.kind)
            .having(func.count() > 1)
        )
        assert dupes.all() == []

    # The acknowledgement follows the commit: give it a moment, then nothing may stay pending.
    async def nothing_pending() -> bool:
        for stream in (Stream.COMMENTS_RECEIVED, Stream.COMMENTS_CLASSIFIED):
            key = stream.key(pipeline.settings.stream_prefix)
            if any(g["pending"] for g in await redis_client.xinfo_groups(key)):
                return False
        return True

    await wait_for(nothing_pending, timeout=30, what="every entry acknowledged")
