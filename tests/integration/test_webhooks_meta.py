"""/webhooks/meta against real Redis and Postgres: handshake, signatures, shapes, retries."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from prometheus_client import REGISTRY
from pydantic import SecretStr
from sqlalchemy import select

from shared.db import Comment
from shared.settings import Settings
from shared.streams import Stream
from tests.fixtures.platforms.fake_api import fake_api, sample, sample_json
from tests.helpers import events, running, wait_for

pytestmark = pytest.mark.integration
VECTORS = sample_json("signature_test_vectors.json")["meta"]
_SETTLE_S = 0.5
BATCH = "facebook_page_feed_comment_reply_edited_remove_batch.json"


def _meta(settings: Settings, **more: Any) -> Settings:
    return settings.model_copy(
        update={
            "meta_app_secret": SecretStr(VECTORS["app_secret"]),
            "meta_verify_token": SecretStr("meatyhamhock"),
            **more,
        }
    )


@asynccontextmanager
async def _ingest(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    async with (
        running("ingest", settings) as (app, rt),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        yield http, rt
        # Let the service's first lag report finish: a stop that lands inside its first Redis
        # call can lose the cancellation and hang the shutdown (see the closing note).
        await asyncio.sleep(_SETTLE_S)


def _signed(name: str) -> dict[str, str]:
    return {"X-Hub-Signature-256": VECTORS["vectors"][name], "Content-Type": "application/json"}


def _rejected(reason: str) -> float:
    labels = {"platform": "meta", "reason": reason}
    return REGISTRY.get_sample_value("webcare_webhook_rejected_total", labels) or 0.0


async def _stored(rt: Any) -> list[tuple[str, str, str]]:
    async with rt.sessions() as session:
        rows = await session.execute(
            select(Comment.external_id, Comment.kind, Comment.version).order_by(Comment.id)
        )
        return [tuple(r) for r in rows.all()]  # type: ignore[misc]


async def test_the_subscription_handshake_echoes_the_challenge_only_for_the_right_token(
    settings: Settings,
) -> None:
    url = "/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
    async with _ingest(_meta(settings)) as (http, _):
        ok = await http.get(url + "meatyhamhock")
        wrong = await http.get(url + "guess")
    expected = VECTORS["verification_request"]["expected_response"]
    assert ok.status_code == expected["status"]
    assert ok.text == expected["body"]
    assert ok.headers["content-type"].startswith(expected["content_type"])
    assert wrong.status_code == 403 and "1158201444" not in wrong.text


async def test_a_signed_post_with_three_changes_stores_three_versions_once_even_when_retried(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with _ingest(_meta(settings)) as (http, rt):
        first = await http.post("/webhooks/meta", content=sample(BATCH), headers=_signed(BATCH))
        # Meta retries a delivery it thinks failed: the same bytes again.
        again = await http.post("/webhooks/meta", content=sample(BATCH), headers=_signed(BATCH))
        assert first.status_code == again.status_code == 200
        assert first.json()["accepted"] == 3
        assert [c["kind"] for c in first.json()["comments"]] == ["created", "edited", "deleted"]
        stored = await wait_for(lambda: _ready(rt, 3), what="three comment versions stored")
        await wait_for(lambda: _drained(redis_client, settings), what="inbound drained")
        assert len(await _stored(rt)) == 3
        kinds = {(external_id, kind) for external_id, kind, _ in stored}
        assert ("918273645501234_1203939988776655", "deleted") in kinds
        versions = {v for *_, v in stored}
        assert "deleted" in versions and len(versions) == 3
        inbound = await events(redis_client, settings, Stream.COMMENTS_INBOUND)
        assert len(inbound) == 6 and inbound[0]["platform"] == "facebook"
        assert inbound[0]["source"]["webhook"] == "meta", "unknown fields are kept in raw"


async def _ready(rt: Any, n: int) -> list[tuple[str, str, str]] | None:
    rows = await _stored(rt)
    return rows if len(rows) >= n else None


async def _drained(client: aioredis.Redis, settings: Settings) -> bool:
    key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    groups = await client.xinfo_groups(key)
    return bool(groups) and all(g["pending"] == 0 and g["lag"] == 0 for g in groups)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing_signature"),
        ({"X-Hub-Signature-256": "sha256=" + "0" * 64}, "bad_signature"),
        ({"X-Hub-Signature-256": VECTORS["vectors"]["instagram_comments.json"]}, "bad_signature"),
    ],
)
async def test_a_wrong_or_missing_signature_is_401_counted_and_nothing_is_processed(
    settings: Settings, redis_client: aioredis.Redis, headers: dict[str, str], reason: str
) -> None:
    before = _rejected(reason)
    async with _ingest(_meta(settings)) as (http, _):
        response = await http.post("/webhooks/meta", content=sample(BATCH), headers=headers)
    assert response.status_code == 401
    assert _rejected(reason) == before + 1
    assert await events(redis_client, settings, Stream.COMMENTS_INBOUND) == []
    assert await events(redis_client, settings, Stream.DLQ) == []


async def test_an_unset_app_secret_disables_the_webhook_and_names_the_variable(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with _ingest(settings) as (http, _):
        post = await http.post("/webhooks/meta", content=sample(BATCH), headers=_signed(BATCH))
        get = await http.get("/webhooks/meta?hub.mode=subscribe&hub.challenge=1&hub.verify_token=")
    assert post.status_code == 503 and "WEBCARE_META_APP_SECRET" in post.json()["detail"]
    assert get.status_code == 503 and "WEBCARE_META_VERIFY_TOKEN" in get.json()["detail"]
    assert await events(redis_client, settings, Stream.COMMENTS_INBOUND) == []


async def test_an_unknown_shape_is_400_with_the_reason_and_the_raw_body_in_the_dlq(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    from services.ingest.webhooks.common import signature_hex

    body = b'{"object": "whatsapp_business_account", "entry": [{"id": "1", "note": "\\u00e9"}]}'
    signature = signature_hex(VECTORS["app_secret"], body)
    async with _ingest(_meta(settings)) as (http, _):
        response = await http.post(
            "/webhooks/meta", content=body, headers={"X-Hub-Signature-256": signature}
        )
    assert response.status_code == 400
    assert "whatsapp_business_account" in response.json()["detail"]
    [dead] = await events(redis_client, settings, Stream.DLQ)
    assert dead["reason"].startswith("unknown shape:")
    assert dead["payload"]["body"].encode() == body, "the bytes as signed, escapes and all"
    assert dead["payload"]["x-hub-signature-256"] == signature
    assert await events(redis_client, settings, Stream.COMMENTS_INBOUND) == []


def _mention_answer(call: Any) -> tuple[int, Any]:
    if call.query["fields"][0].startswith("mentioned_comment"):
        node = {
            "id": "17894227972186120",
            "text": "@acme_se när kommer min återbetalning?",
            "timestamp": "2025-03-14T10:02:40+0000",
            "username": "fenna.k",
            "like_count": 2,
        }
        return 200, {"mentioned_comment": node, "id": "17841405822304914"}
    return 400, {"error": {"message": "Invalid media id", "code": 100}}


async def test_instagram_mentions_are_fetched_from_the_graph_api_and_a_failed_fetch_is_kept(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    from services.ingest.webhooks.common import signature_hex

    body = sample("instagram_mentions.json")
    with fake_api() as graph:
        graph.route("GET", "/17841405822304914", _mention_answer)
        s = _meta(settings, meta_page_token=SecretStr("page-token"), graph_api_base_url=graph.url)
        async with _ingest(s) as (http, _):
            response = await http.post(
                "/webhooks/meta",
                content=body,
                headers={"X-Hub-Signature-256": signature_hex(VECTORS["app_secret"], body)},
            )
    assert response.status_code == 200
    assert response.json()["accepted"] == 1 and response.json()["dead"] == 1
    calls = graph.calls_to("GET", "/17841405822304914")
    assert len(calls) == 2 and all(c.authorization == "Bearer page-token" for c in calls)
    fields = sorted(c.query["fields"][0] for c in calls)
    assert fields[0].startswith("mentioned_comment.comment_id(17894227972186120)")
    [inbound] = await events(redis_client, settings, Stream.COMMENTS_INBOUND)
    assert inbound["text"] == "@acme_se när kommer min återbetalning?"
    assert inbound["owned_channel"] is False
    [dead] = await events(redis_client, settings, Stream.DLQ)
    assert "Invalid media id" in dead["reason"]
    assert json.loads(dead["payload"]["fragment"])["media_id"] == "17918195224119999"
