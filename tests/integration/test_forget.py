"""Erasure on request, on real Postgres and Redis: the API and the command line."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select

from shared.clock import FrozenClock
from shared.db import AuthorRecord, Case, CaseEvent, Comment, DecisionRecord, Erasure, Reply
from shared.events import CommentClassified, StoredComment
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import comment, publish, running, store_comment, wait_for
from tests.unit.factories_route import make_classification

pytestmark = pytest.mark.integration
TUESDAY_10 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
AUTH = {"Authorization": "Bearer test-token"}
JAN_TEXT = "Mijn pakket van Jan is al twee weken te laat en niemand helpt me"
PIET_TEXT = "Mijn factuur klopt niet, ik betaal dubbel voor hetzelfde abonnement"


def _jan(external_id: str) -> dict[str, Any]:
    return comment(
        external_id,
        JAN_TEXT + f" ({external_id})",
        author={"id": "jan-1", "display_name": "Jan de Vries", "handle": "jandv"},
        created_at=TUESDAY_10.isoformat(),
        permalink=f"https://facebook.example/jandv/{external_id}",
        thread_id=f"post-{external_id}",
    )


def _piet() -> dict[str, Any]:
    return comment(
        "p-1",
        PIET_TEXT,
        author={"id": "piet-2", "display_name": "Piet Jansen"},
        created_at=TUESDAY_10.isoformat(),
    )


async def _stream_blob(client: aioredis.Redis, settings: Settings) -> bytes:
    """Every field of every entry of every stream, as one byte string to search."""
    blob = b""
    for stream in Stream:
        for _, fields in await client.xrange(stream.key(settings.stream_prefix)):
            blob += b"".join(k + b"=" + v + b"\n" for k, v in fields.items())
    return blob


async def _stored(rt: Any, external_id: str) -> StoredComment | None:
    async with rt.sessions() as session:
        row = await session.scalar(select(Comment).where(Comment.external_id == external_id))
    if row is None:
        return None
    return StoredComment(
        comment_id=row.id,
        **{k: getattr(row, k) for k in StoredComment.model_fields if k != "comment_id"},
    )


async def _count(rt: Any, query: Any) -> int:
    async with rt.sessions() as session:
        return int(await session.scalar(query) or 0)


async def test_deleting_an_author_erases_them_everywhere_and_leaves_others_and_statistics(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = {}
        for service in ("ingest", "route", "respond", "followup"):
            app, rts[service] = await stack.enter_async_context(running(service, settings, clock))
            if service == "ingest":
                http = httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://ingest"
                )
                await stack.enter_async_context(http)
        posted = await http.post(
            "/v1/comments", json=[_jan("j-1"), _jan("j-2"), _piet()], headers=AUTH
        )
        assert posted.status_code == 202, posted.text
        # An entry that fails validation but names the author ends in the DLQ with its payload.
        bad = {k: v for k, v in _jan("j-3").items() if k != "created_at"}
        await redis_client.xadd(
            Stream.COMMENTS_INBOUND.key(settings.stream_prefix), {"data": json.dumps(bad)}
        )
        # Classify does not run here: hand route what classify would publish.
        for external_id in ("j-1", "j-2", "p-1"):
            stored = await wait_for(lambda e=external_id: _stored(rts["ingest"], e), what="stored")
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

        async def drafts() -> bool:
            return await _count(rts["respond"], select(func.count()).select_from(Reply)) == 3

        await wait_for(drafts, what="a draft for each of the three complaints")
        await wait_for(
            lambda: redis_client.xlen(Stream.DLQ.key(settings.stream_prefix)), what="dlq entry"
        )
        before = await _stream_blob(redis_client, settings)
        assert b"jan-1" in before and b"Jan de Vries" in before

        response = await http.delete(
            "/v1/authors/facebook/jan-1", headers={**AUTH, "X-Requested-By": "dpo@example.com"}
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["comments"] == 2 and report["cases"] == 2 and report["replies"] == 2
        assert report["authors"] == 1 and report["stream_entries"] >= 8
        assert "jan-1" not in response.text

        sessions = rts["ingest"].sessions
        async with sessions() as session:
            comments = {c.external_id: c for c in (await session.scalars(select(Comment))).all()}
            assert set(comments) == {"j-1", "j-2", "p-1"}, "the rows stay for the statistics"
            for external_id in ("j-1", "j-2"):
                jan = comments[external_id]
                assert jan.text == "" and jan.author_display_name is None
                assert jan.author_handle is None and jan.permalink is None and jan.raw == {}
                assert jan.author_id.startswith("erased-")
            assert comments["p-1"].text == PIET_TEXT
            assert comments["p-1"].author_display_name == "Piet Jansen"
            cases = (await session.scalars(select(Case))).all()
            assert sorted(c.author_id for c in cases) == sorted(
                [comments["j-1"].author_id, comments["j-2"].author_id, "piet-2"]
            )
            for reply in (await session.scalars(select(Reply))).all():
                owner = next(c for c in cases if c.id == reply.case_id)
                if owner.author_id == "piet-2":
                    assert "Piet" in reply.draft_text
                else:
                    assert reply.draft_text == "" and reply.edited_text is None
            jan_case_ids = [c.id for c in cases if c.author_id != "piet-2"]
            details = (
                await session.scalars(
                    select(CaseEvent.detail).where(CaseEvent.case_id.in_(jan_case_ids))
                )
            ).all()
            assert details and all(d == {"erased": True} for d in details)
            for event in (await session.scalars(select(DecisionRecord.event))).all():
                assert "Jan de Vries" not in json.dumps(event) and "jan-1" not in json.dumps(event)
            authors = (await session.scalars(select(AuthorRecord.author_id))).all()
            assert authors == ["piet-2"]
            (erasure,) = (await session.scalars(select(Erasure))).all()
            assert erasure.subject_hash == hashlib.sha256(b"facebook:jan-1").hexdigest()
            assert erasure.requested_by == "dpo@example.com" and erasure.source == "api"
            assert erasure.counts["comments"] == 2
            assert "jan-1" not in json.dumps(erasure.counts)

        after = await _stream_blob(redis_client, settings)
        for trace in (b"jan-1", b"Jan de Vries", b"jandv", b"Mijn pakket van Jan"):
            assert trace not in after
        assert b"piet-2" in after and b"Piet Jansen" in after

        again = await http.delete("/v1/authors/facebook/jan-1", headers=AUTH)
        assert again.status_code == 200
        assert again.json()["comments"] == 0 and again.json()["stream_entries"] == 0
        refused = await http.delete("/v1/authors/facebook/piet-2")
        assert refused.status_code == 401


def _webcare(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "WEBCARE_REDIS_URL": settings.redis_url,
        "WEBCARE_DATABASE_URL": settings.database_url,
        "WEBCARE_STREAM_PREFIX": settings.stream_prefix,
    }
    return subprocess.run(
        [sys.executable, "-m", "webcare.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


async def test_webcare_forget_erases_an_author_from_the_command_line(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    from shared.db import make_engine, make_sessionmaker

    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    try:
        await store_comment(sessions, _piet())
        await redis_client.xadd(
            Stream.COMMENTS_INBOUND.key(settings.stream_prefix), {"data": json.dumps(_piet())}
        )
        await redis_client.xadd(
            Stream.COMMENTS_INBOUND.key(settings.stream_prefix), {"data": json.dumps(_jan("j-9"))}
        )
        result = _webcare(settings, "forget", "--author", "facebook:piet-2", "--json")
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["comments"] == 1 and report["stream_entries"] == 1
        async with sessions() as session:
            row = await session.scalar(select(Comment))
            assert row is not None and row.text == "" and row.author_id.startswith("erased-")
            assert await session.scalar(select(Erasure.source)) == "cli"
        left = await redis_client.xrange(Stream.COMMENTS_INBOUND.key(settings.stream_prefix))
        assert len(left) == 1 and b"jan-1" in left[0][1][b"data"]

        wrong = _webcare(settings, "forget", "--author", "myspace-piet")
        assert wrong.returncode == 2 and "PLATFORM:ID" in wrong.stderr
    finally:
        await engine.dispose()
