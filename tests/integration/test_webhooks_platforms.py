"""X, Trustpilot, Google Business Profile and the YouTube import, on real Redis and Postgres."""

from __future__ import annotations

import base64
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
X = sample_json("signature_test_vectors.json")["x"]
REVIEW = sample_json("google_business_profile_review.json")
PUSH = "google_business_profile_pubsub_push_new_review.json"


@asynccontextmanager
async def _ingest(
    settings: Settings, **secrets: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    values = {k: SecretStr(v) if k.endswith(("secret", "token")) else v for k, v in secrets.items()}
    async with (
        running("ingest", settings.model_copy(update=values)) as (app, rt),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        yield http, rt


async def _stored(rt: Any, n: int) -> list[Comment] | None:
    async with rt.sessions() as session:
        rows = list((await session.scalars(select(Comment).order_by(Comment.id))).all())
    return rows if len(rows) >= n else None


def _rejected(platform: str, reason: str) -> float:
    labels = {"platform": platform, "reason": reason}
    return REGISTRY.get_sample_value("webcare_webhook_rejected_total", labels) or 0.0


async def test_x_crc_answers_the_vector_and_a_signed_post_stores_two_comments(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    name = "x_account_activity_tweet_create_events.json"
    async with _ingest(settings, x_consumer_secret=X["consumer_secret"]) as (http, rt):
        crc = await http.get(f"/webhooks/x?crc_token={X['crc']['crc_token']}")
        signed = {"x-twitter-webhooks-signature": X["vectors"][name]}
        posted = await http.post("/webhooks/x", content=sample(name), headers=signed)
        stored = await wait_for(lambda: _stored(rt, 2), what="two tweets stored")
    assert crc.status_code == 200 and crc.json() == X["crc"]["expected_response"]["body"]
    assert posted.status_code == 200 and posted.json()["accepted"] == 2
    assert {c.external_id for c in stored} == {"1900491234567890432", "1900496901234567168"}
    assert next(c for c in stored if c.language_hint == "sv").text.endswith("nästa månad.")


async def test_an_x_post_with_a_wrong_signature_is_refused_and_counted(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    name = "x_account_activity_tweet_create_events.json"
    before = _rejected("x", "bad_signature")
    async with _ingest(settings, x_consumer_secret="another-secret") as (http, _):
        response = await http.post(
            "/webhooks/x",
            content=sample(name),
            headers={"x-twitter-webhooks-signature": X["vectors"][name]},
        )
    assert response.status_code == 401
    assert _rejected("x", "bad_signature") == before + 1
    assert await events(redis_client, settings, Stream.COMMENTS_INBOUND) == []


async def test_trustpilot_needs_its_token_and_stores_the_review_with_its_stars(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    body = sample("trustpilot_service_review_created.json")
    async with _ingest(settings, trustpilot_token="tp-secret") as (http, rt):
        missing = await http.post("/webhooks/trustpilot", content=body)
        wrong = await http.post("/webhooks/trustpilot?token=guess", content=body)
        assert await events(redis_client, settings, Stream.COMMENTS_INBOUND) == []
        ok = await http.post(
            "/webhooks/trustpilot?token=tp-secret&business_unit=bu-1", content=body
        )
        [review] = await wait_for(lambda: _stored(rt, 1), what="the review stored")
    assert (missing.status_code, wrong.status_code, ok.status_code) == (401, 401, 200)
    assert review.rating == 3 and review.thread_id == "bu-1" and review.platform == "trustpilot"


async def test_a_google_review_notification_fetches_the_review_from_the_business_profile_api(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    with fake_api() as google:
        google.answer("GET", f"/v4/{REVIEW['name']}", (200, REVIEW))
        async with _ingest(
            settings,
            google_push_token="push-secret",
            google_business_access_token="oauth-token",
            google_business_api_base_url=google.url,
        ) as (http, rt):
            unauthorised = await http.post("/webhooks/google-business", content=sample(PUSH))
            response = await http.post(
                "/webhooks/google-business",
                content=sample(PUSH),
                headers={"Authorization": "Bearer push-secret"},
            )
            [review] = await wait_for(lambda: _stored(rt, 1), what="the review stored")
    assert unauthorised.status_code == 401
    assert response.status_code == 200 and response.json()["accepted"] == 1
    [call] = google.calls
    assert call.authorization == "Bearer oauth-token"
    assert review.platform == "google_business" and review.rating == 2
    assert review.text.startswith("Vriendelijk personeel")


async def test_a_google_api_outage_is_not_acknowledged_so_pubsub_delivers_again(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    with fake_api() as google:
        google.answer("GET", f"/v4/{REVIEW['name']}", (503, {"error": "backend"}), (200, REVIEW))
        async with _ingest(
            settings,
            google_push_token="push-secret",
            google_business_access_token="oauth-token",
            google_business_api_base_url=google.url,
        ) as (http, rt):
            auth = {"Authorization": "Bearer push-secret"}
            first = await http.post("/webhooks/google-business", content=sample(PUSH), headers=auth)
            redelivered = await http.post(
                "/webhooks/google-business", content=sample(PUSH), headers=auth
            )
            await wait_for(lambda: _stored(rt, 1), what="the review stored")
    assert first.status_code == 503 and "HTTP 503" in first.json()["detail"]
    assert redelivered.status_code == 200
    assert len(await events(redis_client, settings, Stream.COMMENTS_INBOUND)) == 1


async def test_an_inline_google_review_needs_no_fetch_and_a_question_notification_is_ignored(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    def push(data: dict[str, Any]) -> bytes:
        encoded = base64.b64encode(json.dumps(data).encode()).decode()
        return json.dumps({"message": {"data": encoded, "message_id": "7"}}).encode()

    auth = {"Authorization": "Bearer push-secret"}
    async with _ingest(settings, google_push_token="push-secret") as (http, _):
        inline = await http.post(
            "/webhooks/google-business",
            content=push({"type": "UPDATED_REVIEW", "review": REVIEW}),
            headers=auth,
        )
        question = await http.post(
            "/webhooks/google-business",
            content=push({"notificationType": "NEW_QUESTION", "question_name": "q"}),
            headers=auth,
        )
    assert inline.status_code == 200 and inline.json()["comments"][0]["kind"] == "edited"
    assert question.status_code == 200 and question.json()["ignored"] == 1
    assert len(await events(redis_client, settings, Stream.COMMENTS_INBOUND)) == 1


async def test_a_youtube_import_stores_the_customers_comments_and_skips_the_channels_own(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    body = sample("youtube_commentThreads_list_response.json")
    async with _ingest(settings) as (http, rt):
        no_token = await http.post("/v1/import/youtube", content=body)
        response = await http.post(
            "/v1/import/youtube", content=body, headers={"Authorization": "Bearer test-token"}
        )
        stored = await wait_for(lambda: _stored(rt, 2), what="two YouTube comments stored")
        wrong = await http.post(
            "/v1/import/youtube",
            content=b'{"kind": "youtube#videoListResponse", "items": []}',
            headers={"Authorization": "Bearer test-token"},
        )
    assert no_token.status_code == 401
    assert response.status_code == 202 and response.json()["own"] == 1
    assert {c.author_handle for c in stored} == {"@johanna.nilsson", "@mvanderberg"}
    assert stored[0].permalink.endswith("&lc=UgzX9aBcDeFgHiJkLmN4AaABAg")
    assert wrong.status_code == 400 and "videoListResponse" in wrong.json()["detail"]
    [dead] = await events(redis_client, settings, Stream.DLQ)
    assert dead["payload"]["body"] == '{"kind": "youtube#videoListResponse", "items": []}'
