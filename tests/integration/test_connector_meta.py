"""The Meta connector against a local Graph API stand-in, on real Redis and Postgres."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
import redis.asyncio as aioredis
from pydantic import SecretStr

from shared.db import Case, Reply
from shared.events import ModerationRequested, ReplyOutbound
from shared.service import Runtime, bootstrap
from shared.settings import Settings
from shared.streams import Group, Stream
from tests.fixtures.platforms.fake_api import FakeApi, fake_api
from tests.helpers import comment, events, publish, store_comment, wait_for
from webcare.connectors.meta import create_app

pytestmark = pytest.mark.integration


@asynccontextmanager
async def _connector(settings: Settings) -> AsyncIterator[tuple[FakeApi, Runtime]]:
    with fake_api() as graph:
        s = settings.model_copy(
            update={
                "meta_page_token": SecretStr("page-token"),
                "graph_api_base_url": graph.url + "/v21.0",
                "platform_retry_attempts": 3,
                "platform_retry_base_s": 0.01,
            }
        )
        app, rt = create_app(bootstrap("connector-meta", s))
        async with app.router.lifespan_context(app):
            yield graph, rt


def _reply(platform: str = "facebook", channel: str = "public", **more: Any) -> ReplyOutbound:
    values: dict[str, Any] = {
        "correlation_id": "c-1",
        "reply_id": uuid.uuid4(),
        "case_id": uuid.uuid4(),
        "kind": "public_reply" if channel == "public" else "private_reply",
        "channel": channel,
        "platform": platform,
        "thread_id": "104729384756112_918273645501234",
        "parent_id": "918273645501234_1203948576612345",
        "text": "Hoi Sanne, wat vervelend dat het zo lang duurde. Groet, Eva",
        "language": "nl",
        "agent": "Eva",
    }
    return ReplyOutbound(**{**values, **more})


def _moderation(request: str, platform: str) -> ModerationRequested:
    return ModerationRequested(
        correlation_id="c-2",
        request=request,  # type: ignore[arg-type]
        platform=platform,  # type: ignore[arg-type]
        external_id="17889455560059876",
        thread_id="18038270156213451",
        comment_id=7,
        rule="abuse_on_owned_channel",
        policy_version="p1",
        reason="abuse (0.97)",
    )


async def _done(client: aioredis.Redis, settings: Settings, stream: Stream) -> bool:
    for group in await client.xinfo_groups(stream.key(settings.stream_prefix)):
        name = group["name"].decode() if isinstance(group["name"], bytes) else group["name"]
        if name == Group.CONNECTOR_META.value:
            return group["pending"] == 0 and group["lag"] == 0
    return False


async def _updates(client: aioredis.Redis, settings: Settings, n: int) -> list[dict[str, Any]]:
    async def enough() -> list[dict[str, Any]] | None:
        found = await events(client, settings, Stream.CASES_UPDATES)
        return found if len(found) >= n else None

    return await wait_for(enough, what=f"{n} case updates")


async def test_an_approved_reply_is_posted_under_the_comment_and_reported_published_once(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    reply = _reply()
    async with _connector(settings) as (graph, rt):
        graph.answer(
            "POST",
            "/v21.0/918273645501234_1203948576612345/comments",
            (200, {"id": "918273645501234_1203999999999999"}),
        )
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, reply)
        [published] = await _updates(redis_client, settings, 1)
        # The same reply delivered again (a retried send): reported again, posted once.
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, reply)
        again = (await _updates(redis_client, settings, 2))[1]
        await wait_for(lambda: _done(redis_client, settings, Stream.REPLIES_OUTBOUND), what="acked")
    [call] = graph.calls
    assert (call.method, call.path) == ("POST", "/v21.0/918273645501234_1203948576612345/comments")
    assert call.body == {"message": reply.text}
    assert call.authorization == "Bearer page-token"
    assert published["type"] == "published"
    assert published["case_id"] == str(reply.case_id) and published["reply_id"] == str(
        reply.reply_id
    )
    assert published["platform_reply_id"] == "918273645501234_1203999999999999"
    assert published["actor"] == "connector:meta" and published["at"]
    assert again["update_id"] == published["update_id"], "a retried update is a no-op downstream"


async def test_a_private_instagram_reply_uses_the_private_reply_call(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    reply = _reply("instagram", "private", parent_id="17889455560051234")
    async with _connector(settings) as (graph, _):
        graph.answer(
            "POST", "/v21.0/me/messages", (200, {"recipient_id": "1", "message_id": "m_42"})
        )
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, reply)
        [published] = await _updates(redis_client, settings, 1)
    [call] = graph.calls
    assert call.body == {
        "recipient": {"comment_id": "17889455560051234"},
        "message": {"text": reply.text},
    }
    assert published["platform_reply_id"] == "m_42"


async def test_server_errors_and_rate_limits_are_retried_with_backoff_until_it_works(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    path = "/v21.0/918273645501234_1203948576612345/comments"
    async with _connector(settings) as (graph, _):
        graph.answer(
            "POST",
            path,
            (500, {"error": {"message": "An unexpected error has occurred.", "code": 2}}),
            (400, {"error": {"message": "Application request limit reached", "code": 4}}),
            (200, {"id": "ok-3"}),
        )
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, _reply())
        [published] = await _updates(redis_client, settings, 1)
    assert len(graph.calls_to("POST", path)) == 3
    assert published["type"] == "published" and published["platform_reply_id"] == "ok-3"


async def test_a_client_error_is_a_failure_with_metas_reason_and_no_retry(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    path = "/v21.0/918273645501234_1203948576612345/comments"
    async with _connector(settings) as (graph, _):
        graph.answer(
            "POST",
            path,
            (
                400,
                {
                    "error": {
                        "message": "Unsupported post request.",
                        "code": 100,
                        "error_subcode": 33,
                    }
                },
            ),
        )
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, _reply())
        [failed] = await _updates(redis_client, settings, 1)
    assert len(graph.calls) == 1
    assert failed["type"] == "failed"
    assert (
        failed["reason"]
        == "public_reply: HTTP 400: Unsupported post request. (code 100, subcode 33)"
    )


async def test_an_outage_that_outlasts_the_retries_is_reported_failed(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    path = "/v21.0/918273645501234_1203948576612345/comments"
    async with _connector(settings) as (graph, _):
        graph.answer("POST", path, (503, {}))
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, _reply())
        [failed] = await _updates(redis_client, settings, 1)
    assert len(graph.calls) == 3
    assert failed["type"] == "failed" and "gave up after 3 attempts: HTTP 503" in failed["reason"]


async def test_nothing_is_posted_for_a_cancelled_reply_or_under_a_removed_comment(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with _connector(settings) as (graph, rt):
        now = datetime.now(UTC)
        stored = await store_comment(rt.sessions, comment("918273645501234_1203948576612345"))
        case_id, other_case = uuid.uuid4(), uuid.uuid4()
        cancelled = _reply(case_id=case_id)
        under_removed = _reply(case_id=other_case)
        removed_comment = await store_comment(rt.sessions, comment("removed-1"), entry="0-2")
        async with rt.sessions() as session, session.begin():
            for cid, comment_id, status in (
                (case_id, stored.comment_id, "open"),
                (other_case, removed_comment.comment_id, "removed_by_author"),
            ):
                session.add(
                    Case(
                        id=cid,
                        comment_id=comment_id,
                        platform="facebook",
                        external_id="x",
                        thread_id="t",
                        author_id="a",
                        language="nl",
                        intent="complaint",
                        action="respond_offline",
                        priority="normal",
                        status=status,
                        opened_at=now,
                        rule="r",
                        policy_version="p",
                        updated_at=now,
                    )
                )
            await session.flush()
            session.add(
                Reply(
                    id=cancelled.reply_id,
                    case_id=case_id,
                    kind="public_reply",
                    channel="public",
                    status="cancelled",
                    language="nl",
                    agent="Eva",
                    draft_text=cancelled.text,
                    checks_failed=[],
                    auto_send=False,
                    thread_id="t",
                    day=now.date().isoformat(),
                    created_at=now,
                )
            )
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, cancelled)
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, under_removed)
        await publish(redis_client, settings, Stream.REPLIES_OUTBOUND, _reply("x"))
        await wait_for(lambda: _done(redis_client, settings, Stream.REPLIES_OUTBOUND), what="acked")
    assert graph.calls == []
    assert await events(redis_client, settings, Stream.CASES_UPDATES) == []


async def test_hide_and_unhide_set_the_hidden_flag_and_a_refused_one_lands_in_the_dlq(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with _connector(settings) as (graph, _):
        graph.answer("POST", "/v21.0/17889455560059876", (200, {"success": True}))
        await publish(
            redis_client, settings, Stream.MODERATION_OUTBOUND, _moderation("hide", "instagram")
        )
        await publish(
            redis_client, settings, Stream.MODERATION_OUTBOUND, _moderation("unhide", "facebook")
        )
        await wait_for(
            lambda: _done(redis_client, settings, Stream.MODERATION_OUTBOUND), what="acked"
        )
        graph.answer(
            "POST",
            "/v21.0/17889455560059876",
            (403, {"error": {"message": "Permissions error", "code": 200}}),
        )
        await publish(
            redis_client, settings, Stream.MODERATION_OUTBOUND, _moderation("hide", "facebook")
        )
        [dead] = await wait_for(
            lambda: events(redis_client, settings, Stream.DLQ), what="the refused hide in the DLQ"
        )
    assert [c.body for c in graph.calls] == [
        {"hide": True},
        {"is_hidden": False},
        {"is_hidden": True},
    ]
    assert dead["reason"] == "graph hide: HTTP 403: Permissions error (code 200)"
    assert dead["source_stream"].endswith("moderation.outbound")
    assert ModerationRequested.model_validate_json(dead["payload"]["data"]).request == "hide"
