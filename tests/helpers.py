"""Helpers for integration tests: a service in-process, stream reads, waiting."""

from __future__ import annotations

import asyncio
import importlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import redis.asyncio as aioredis
from fastapi import FastAPI

from shared.clock import Clock
from shared.service import Runtime, bootstrap
from shared.settings import Settings
from shared.streams import Stream

T = TypeVar("T")


@asynccontextmanager
async def running(
    service: str, settings: Settings, clock: Clock | None = None
) -> AsyncIterator[tuple[FastAPI, Runtime]]:
    """Start one service with its real broker, Redis and Postgres, inside this test."""
    module = importlib.import_module(f"services.{service}.app")
    rt = bootstrap(service, settings, clock)
    app, rt = module.create_app(rt)
    async with app.router.lifespan_context(app):
        yield app, rt


async def wait_for(
    check: Callable[[], Awaitable[T]], *, timeout: float = 15.0, what: str = "condition"
) -> T:
    """Poll until ``check`` returns something truthy; fail with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


async def events(
    client: aioredis.Redis, settings: Settings, stream: Stream
) -> list[dict[str, Any]]:
    """Every event on a stream, decoded, oldest first."""
    rows = await client.xrange(stream.key(settings.stream_prefix))
    return [json.loads(fields[b"data"]) for _, fields in rows]


def comment(
    external_id: str,
    text: str = "Mijn pakket is al twee weken te laat en niemand helpt me",
    **extra: Any,
) -> dict[str, Any]:
    """A comment in the public input schema."""
    base: dict[str, Any] = {
        "platform": "facebook",
        "external_id": external_id,
        "thread_id": "post-1",
        "author": {"id": f"author-{external_id}", "display_name": "Jan de Vries"},
        "text": text,
        "created_at": datetime.now(UTC).isoformat(),
        "owned_channel": True,
    }
    base.update(extra)
    return base


async def store_comment(sessions: Any, data: dict[str, Any], *, entry: str = "0-1") -> Any:
    """Insert a comment row as ingest would, and return it as a ``StoredComment``."""
    from services.ingest.normalise import to_row
    from shared.db import Comment
    from shared.events import CommentIn, StoredComment

    row = to_row(CommentIn.model_validate(data), correlation_id="test", source_entry=entry)
    async with sessions() as session, session.begin():
        record = Comment(**row)
        session.add(record)
        await session.flush()
        comment_id = record.id
    return StoredComment(
        comment_id=comment_id,
        **{k: row[k] for k in StoredComment.model_fields if k != "comment_id"},
    )


async def publish(client: aioredis.Redis, settings: Settings, stream: Stream, event: Any) -> str:
    from shared import wire

    entry = await client.xadd(stream.key(settings.stream_prefix), wire.encode(event))
    return entry.decode() if isinstance(entry, bytes) else str(entry)


async def at_least(
    client: aioredis.Redis, settings: Settings, stream: Stream, n: int
) -> list[dict[str, Any]] | None:
    found = await events(client, settings, stream)
    return found if len(found) >= n else None
