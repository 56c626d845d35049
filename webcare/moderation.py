"""The command line's side of undoing a hide."""

from __future__ import annotations

from datetime import UTC, datetime

import redis.asyncio as aioredis

from shared.db import make_engine, make_sessionmaker
from shared.moderation import unhide
from shared.runtime import Outbox, Publisher
from shared.settings import Settings


async def request_unhide(
    settings: Settings, platform: str, external_id: str, *, reason: str, actor: str
) -> None:
    engine = make_engine(settings.database_url)
    client = aioredis.Redis.from_url(settings.redis_url)
    try:
        out = Outbox()
        async with make_sessionmaker(engine)() as session, session.begin():
            await unhide(
                session,
                out,
                platform=platform,
                external_id=external_id,
                reason=reason,
                actor=actor,
                now=datetime.now(UTC),
            )
            # Published before the commit: a failure repeats the request, it never loses it.
            await Publisher(client, settings).send(out.events)
    finally:
        await client.aclose()
        await engine.dispose()
