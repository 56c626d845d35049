"""Ingest against real Redis and Postgres: HTTP edge, stream, de-duplication, DLQ."""

from __future__ import annotations

import json

import httpx
import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select

from shared.db import Comment
from shared.settings import Settings
from shared.streams import Group, Stream
from tests.helpers import comment, events, running, wait_for

pytestmark = pytest.mark.integration
AUTH = {"Authorization": "Bearer test-token"}


async def _count(rt, model=Comment) -> int:
    async with rt.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_posted_comment_is_stored_and_published(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with running("ingest", settings) as (app, rt):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as http:
            response = await http.post("/v1/comments", json=comment("c-1"), headers=AUTH)
        assert response.status_code == 202
        accepted = response.json()["accepted"]
        assert [a["external_id"] for a in accepted] == ["c-1"]
        received = await wait_for(
            lambda: events(redis_client, settings, Stream.COMMENTS_RECEIVED),
            what="comments.received",
        )
        assert received[0]["comment"]["external_id"] == "c-1"
        assert received[0]["comment"]["author_display_name"] == "Jan de Vries"
        assert received[0]["correlation_id"] == accepted[0]["correlation_id"]
        assert await _count(rt) == 1


async def test_the_same_comment_sent_twice_is_stored_and_published_once(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with running("ingest", settings) as (app, rt):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as http:
            same = comment("c-dup")
            assert (await http.post("/v1/comments", json=same, headers=AUTH)).status_code == 202
            assert (
                await http.post("/v1/comments", json=[same, same], headers=AUTH)
            ).status_code == 202
        key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)

        async def all_acked() -> bool:
            info = await redis_client.xinfo_groups(key)
            group = next(g for g in info if g["name"] in (b"ingest", "ingest"))
            return group["pending"] == 0 and group["lag"] == 0

        await wait_for(all_acked, what="inbound entries acknowledged")
        assert await _count(rt) == 1
        assert len(await events(redis_client, settings, Stream.COMMENTS_RECEIVED)) == 1


async def test_an_edit_is_a_new_version(settings: Settings, redis_client: aioredis.Redis) -> None:
    async with running("ingest", settings) as (app, rt):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as http:
            await http.post(
                "/v1/comments",
                json=comment("c-edit", "Eerste tekst over mijn factuur"),
                headers=AUTH,
            )
            await http.post(
                "/v1/comments",
                json=comment("c-edit", "Aangepaste tekst over mijn factuur", kind="edited"),
                headers=AUTH,
            )
        received = await wait_for(
            lambda: _at_least(redis_client, settings, 2), what="two versions published"
        )
        assert [r["comment"]["kind"] for r in received] == ["created", "edited"]
        assert received[0]["comment"]["version"] != received[1]["comment"]["version"]


async def _at_least(client, settings, n):
    found = await events(client, settings, Stream.COMMENTS_RECEIVED)
    return found if len(found) >= n else None


async def test_a_comment_missing_fields_is_refused_with_each_field_named(
    settings: Settings,
) -> None:
    async with running("ingest", settings) as (app, rt):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as http:
            bad = comment("c-bad")
            del bad["author"]
            bad["rating"] = 9
            response = await http.post("/v1/comments", json=bad, headers=AUTH)
        assert response.status_code == 422
        fields = {e["field"] for e in response.json()["detail"]}
        assert fields == {"author", "rating"}
        assert await _count(rt) == 0


async def test_a_list_with_one_bad_comment_is_refused_whole_with_its_index(
    settings: Settings,
) -> None:
    async with running("ingest", settings) as (app, rt):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as http:
            good, bad = comment("ok-1"), comment("bad-1", platform="myspace")
            response = await http.post("/v1/comments", json=[good, bad], headers=AUTH)
        assert response.status_code == 422
        assert response.json()["detail"][0]["index"] == 1
        assert response.json()["detail"][0]["field"] == "platform"


async def test_malformed_json_and_oversized_bodies_get_clear_errors(settings: Settings) -> None:
    small = settings.model_copy(update={"max_body_bytes": 2_000})
    async with running("ingest", small) as (app, rt):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as http:
            malformed = await http.post("/v1/comments", content=b'{"platform": ', headers=AUTH)
            huge = await http.post("/v1/comments", json=comment("big", "x" * 5_000), headers=AUTH)
        assert malformed.status_code == 400
        assert "malformed JSON" in malformed.json()["detail"][0]["message"]
        assert huge.status_code == 413


async def test_the_api_refuses_calls_without_the_bearer_token(settings: Settings) -> None:
    async with running("ingest", settings) as (app, rt):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as http:
            missing = await http.get("/v1/cases")
            wrong = await http.get("/v1/cases", headers={"Authorization": "Bearer nope"})
            right = await http.get("/v1/cases", headers=AUTH)
        assert (missing.status_code, wrong.status_code, right.status_code) == (401, 401, 200)


async def test_bad_entries_on_the_stream_go_to_the_dlq_and_the_rest_flows(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    async with running("ingest", settings) as (app, rt):
        await redis_client.xadd(key, {"data": b"{not json"})
        await redis_client.xadd(key, {"data": b"\xff\xfe\x00"})
        await redis_client.xadd(
            key, {"data": json.dumps({**comment("wrong-type"), "author": "nobody"})}
        )
        await redis_client.xadd(
            key, {"data": json.dumps(comment("too-long", "y" * (settings.max_text_chars + 1)))}
        )
        await redis_client.xadd(key, {"data": json.dumps(comment("fine-1"))})
        dlq = await wait_for(
            lambda: _dlq_at_least(redis_client, settings, 4), what="four DLQ entries"
        )
        received = await wait_for(
            lambda: events(redis_client, settings, Stream.COMMENTS_RECEIVED), what="the good one"
        )
    reasons = sorted(d["reason"] for d in dlq)
    assert any("malformed JSON" in r for r in reasons)
    assert any("not valid UTF-8" in r for r in reasons)
    assert any(r.startswith("invalid input: author") for r in reasons)
    assert any("text: longer than" in r for r in reasons)
    assert all(d["source_stream"] == key and d["service"] == "ingest" for d in dlq)
    assert [r["comment"]["external_id"] for r in received] == ["fine-1"]
    group = next(
        g for g in await redis_client.xinfo_groups(key) if g["name"] in (b"ingest", "ingest")
    )
    assert group["pending"] == 0


async def _dlq_at_least(client, settings, n):
    found = await events(client, settings, Stream.DLQ)
    return found if len(found) >= n else None


async def test_a_redelivered_entry_republishes_without_storing_twice(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    async with running("ingest", settings) as (app, rt):
        consumer = rt.consumers[0]
        # Simulate a crash between commit and ack: the same entry handled twice.
        entry_id = await redis_client.xadd(key, {"data": json.dumps(comment("c-crash"))})
        fields = {b"data": json.dumps(comment("c-crash")).encode()}
        await consumer.handle([entry_id], [fields], claimed=False)
        await consumer.handle([entry_id], [fields], claimed=False)
        assert await _count(rt) == 1
        received = await events(redis_client, settings, Stream.COMMENTS_RECEIVED)
        assert {r["comment"]["comment_id"] for r in received} == {
            received[0]["comment"]["comment_id"]
        }
        assert Group.INGEST.value == "ingest"
