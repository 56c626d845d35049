"""End to end: a signed Meta POST (new comment, edit, remove) through the five services and
the Meta connector as processes, against a local Graph API stand-in that records calls."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.ingest.webhooks.common import signature_hex
from shared.db import Case, Comment, Reply, make_engine, make_sessionmaker
from shared.settings import Settings
from tests.fixtures.platforms.fake_api import FakeApi, fake_api
from tests.helpers import wait_for
from webcare import runner

pytestmark = pytest.mark.e2e
TOKEN = "e2e-token"
SECRET = "e2e-meta-app-secret"
PAGE = "104729384756112"
POST = f"{PAGE}_918273645501234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@dataclass
class Stack:
    ingest: str
    graph: FakeApi
    sessions: async_sessionmaker[AsyncSession]


@pytest.fixture
async def stack(settings: Settings) -> AsyncIterator[Stack]:
    env = {
        "WEBCARE_REDIS_URL": settings.redis_url,
        "WEBCARE_DATABASE_URL": settings.database_url,
        "WEBCARE_STREAM_PREFIX": settings.stream_prefix,
        "WEBCARE_API_TOKEN": TOKEN,
        "WEBCARE_META_APP_SECRET": SECRET,
        "WEBCARE_META_VERIFY_TOKEN": "e2e-verify",
        "WEBCARE_CLAIM_IDLE_MS": "1500",
        "WEBCARE_POLL_INTERVAL_MS": "20",
        "WEBCARE_LOG_LEVEL": "WARNING",
    }
    *service_ports, connector_port = _free_ports(len(runner.SERVICES) + 1)
    ports = dict(zip(runner.SERVICES, service_ports, strict=True))
    engine = make_engine(settings.database_url)
    with fake_api() as graph:
        procs = await runner.start(env=env, ports=ports)
        connector_env = {
            **env,
            "WEBCARE_PORT": str(connector_port),
            "WEBCARE_META_PAGE_TOKEN": "e2e-page-token",
            "WEBCARE_GRAPH_API_BASE_URL": graph.url,
        }
        connector = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "webcare.connectors.meta", env={**os.environ, **connector_env}
        )
        procs.append(runner.Process("connector-meta", connector_port, connector))
        try:
            await runner.wait_ready(procs)
            yield Stack(f"http://127.0.0.1:{ports['ingest']}", graph, make_sessionmaker(engine))
        finally:
            await runner.stop(procs)
            await engine.dispose()


def _change(
    comment_id: str, verb: str, text: str | None, author: tuple[str, str]
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "from": {"id": author[0], "name": author[1]} if verb != "remove" else {"id": author[0]},
        "post_id": POST,
        "comment_id": comment_id,
        "parent_id": POST,
        "created_time": int(time.time()),
        "item": "comment",
        "verb": verb,
    }
    if text is not None:
        value["message"] = text
    return {"field": "feed", "value": value}


async def _post(stack: Stack, changes: list[dict[str, Any]]) -> httpx.Response:
    body = {"object": "page", "entry": [{"id": PAGE, "time": int(time.time()), "changes": changes}]}
    # Written the way Meta writes it: non-ASCII escaped; the signature covers these bytes.
    raw = json.dumps(body, ensure_ascii=True).encode()
    async with httpx.AsyncClient(base_url=stack.ingest) as http:
        return await http.post(
            "/webhooks/meta",
            content=raw,
            headers={"X-Hub-Signature-256": signature_hex(SECRET, raw)},
        )


async def _case(stack: Stack, external_id: str) -> Case | None:
    async with stack.sessions() as session:
        return await session.scalar(select(Case).where(Case.external_id == external_id))


async def _reply(stack: Stack, external_id: str) -> Reply | None:
    async with stack.sessions() as session:
        return await session.scalar(
            select(Reply)
            .join(Case, Case.id == Reply.case_id)
            .where(Case.external_id == external_id)
        )


A, B, C = (f"918273645501234_12039{n}" for n in ("00001", "00002", "00003"))
SANNE = ("7312458890123456", "Sanne de Vries")
PIETER = ("5598123400987654", "Pieter Jansen")
KEES = ("6677889900112233", "Kees Bakker")


async def test_a_signed_meta_post_with_a_new_comment_an_edit_and_a_remove_tells_the_whole_story(
    stack: Stack,
) -> None:
    first = await _post(
        stack,
        [
            _change(B, "add", "Mijn pakket is al twee weken te laat en niemand helpt me.", PIETER),
            _change(
                C, "add", "Wéér een kapotte levering, dit is de derde keer. Slechte service!", KEES
            ),
        ],
    )
    assert first.status_code == 200 and first.json()["accepted"] == 2
    for external_id in (B, C):
        await wait_for(
            lambda e=external_id: _reply(stack, e), timeout=60, what=f"a draft for {external_id}"
        )

    second = await _post(
        stack,
        [
            _change(A, "add", "Ik wacht al een week op mijn terugbetaling, heel vervelend.", SANNE),
            _change(
                B,
                "edited",
                "Mijn pakket is al twee weken te laat. Update: nog steeds niets!",
                PIETER,
            ),
            _change(C, "remove", None, KEES),
        ],
    )
    assert second.status_code == 200
    assert [c["kind"] for c in second.json()["comments"]] == ["created", "edited", "deleted"]

    async def c_closed() -> bool:
        case, reply = await _case(stack, C), await _reply(stack, C)
        return bool(
            case and case.status == "removed_by_author" and reply and reply.status == "cancelled"
        )

    await wait_for(c_closed, timeout=60, what="C's case closed as removed, its draft cancelled")
    reply_a = await wait_for(lambda: _reply(stack, A), timeout=60, what="a draft for A")

    async with httpx.AsyncClient(base_url=stack.ingest, headers=AUTH) as http:
        for external_id in (A, C):  # C's draft was cancelled: approving it posts nothing
            case = await _case(stack, external_id)
            assert case is not None
            approved = await http.post(
                f"/v1/cases/{case.id}/updates", json={"type": "approved", "actor": "Eva"}
            )
            assert approved.status_code == 202

        async def a_published() -> Reply | None:
            reply = await _reply(stack, A)
            return reply if reply and reply.status == "published" else None

        published = await wait_for(a_published, timeout=60, what="A's reply published")
        story_b = (await http.get(f"/v1/comments/facebook/{B}")).json()
        story_c = (await http.get(f"/v1/comments/facebook/{C}")).json()

        # Respond and followup read the same update in their own groups: wait for followup.
        async def answered_story() -> dict | None:
            story = (await http.get(f"/v1/comments/facebook/{A}")).json()
            return story if story["sla"] and story["sla"]["first_response_at"] else None

        story_a = await wait_for(answered_story, timeout=60, what="A's first response recorded")

    [call] = stack.graph.calls
    assert (call.method, call.path) == ("POST", f"/{A}/comments")
    assert call.body == {"message": reply_a.edited_text or reply_a.draft_text}
    assert call.authorization == "Bearer e2e-page-token"
    assert published.platform_reply_id == "fake-1"
    assert story_a["sla"]["first_response_at"] is not None, "publication stops the SLA clock"

    assert [v["comment"]["kind"] for v in story_b["versions"]] == ["created", "edited"]
    assert all(v["classification"] for v in story_b["versions"]), "the edit is classified again"
    assert story_b["comment"]["text"].endswith("Update: nog steeds niets!")
    async with stack.sessions() as session:
        cases_b = (await session.scalars(select(Case).where(Case.external_id == B))).all()
        versions_c = (
            await session.scalars(select(Comment.kind).where(Comment.external_id == C))
        ).all()
    assert len(cases_b) == 1, "an edit continues the case"
    assert sorted(versions_c) == ["created", "deleted"]
    assert story_c["case"]["status"] == "removed_by_author"
    assert [r["status"] for r in story_c["replies"]] == ["cancelled"]
