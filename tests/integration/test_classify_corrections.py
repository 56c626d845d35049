"""Agents' reclassifications on cases.updates are stored for retraining."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import redis.asyncio as aioredis
from sqlalchemy import select

from shared.db import Case, Correction
from shared.events import CaseUpdate
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import comment, publish, running, store_comment, wait_for
from webcare.train import load_corrections

pytestmark = pytest.mark.integration


async def _case(rt, text: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    stored = await store_comment(rt.sessions, comment(f"fix-{uuid.uuid4().hex[:8]}", text))
    case_id = uuid.uuid4()
    async with rt.sessions() as session, session.begin():
        session.add(
            Case(
                id=case_id,
                comment_id=stored.comment_id,
                platform="facebook",
                external_id=stored.external_id,
                thread_id=stored.thread_id,
                author_id=stored.author_id,
                language="nl",
                intent="other",
                action="human_review",
                priority="normal",
                opened_at=datetime.now(UTC),
                rule="test",
                policy_version="test",
            )
        )
    return case_id


async def test_a_reclassification_is_stored_once_with_the_intent_it_replaces(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    text = "Nou lekker dan, alweer niks gehoord over mijn retour"
    async with running("classify", settings) as (_, rt):
        case_id = await _case(rt, text)
        fix = CaseUpdate(
            type="reclassified",
            case_id=case_id,
            intent="complaint",
            reason="customer is waiting on a return",
            actor="agent-sanne",
            update_id="fix-1",
        )
        await publish(redis_client, settings, Stream.CASES_UPDATES, fix)
        await publish(redis_client, settings, Stream.CASES_UPDATES, fix)  # a retry
        other = CaseUpdate(type="resolved", case_id=case_id, update_id="done-1")
        await publish(redis_client, settings, Stream.CASES_UPDATES, other)

        async def stored() -> list[Correction]:
            async with rt.sessions() as session:
                return list(await session.scalars(select(Correction)))

        rows = await wait_for(stored, what="the stored correction")
        pending = await wait_for(
            lambda: _all_acked(redis_client, settings), what="every update acknowledged"
        )
        assert pending
        rows = await stored()
    assert len(rows) == 1
    row = rows[0]
    assert (row.intent, row.previous_intent, row.language) == ("complaint", "other", "nl")
    assert row.actor == "agent-sanne"
    assert row.reason == "customer is waiting on a return"
    training_rows = await load_corrections(settings.database_url)
    assert [(r.text, r.label, r.split) for r in training_rows] == [(text, "complaint", "train")]


async def _all_acked(client: aioredis.Redis, settings: Settings) -> bool:
    info = await client.xinfo_groups(Stream.CASES_UPDATES.key(settings.stream_prefix))
    groups = {g["name"].decode() if isinstance(g["name"], bytes) else g["name"]: g for g in info}
    group = groups.get("classify")
    return bool(group) and group["pending"] == 0 and group.get("lag", 0) == 0
