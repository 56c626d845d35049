"""The ``webcare`` command line, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
import pytest
import redis.asyncio as aioredis
from sqlalchemy.engine import make_url

from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import comment, events

pytestmark = pytest.mark.integration


def webcare(
    *args: str, settings: Settings | None = None, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env}
    if settings is not None:
        full.update(
            WEBCARE_REDIS_URL=settings.redis_url,
            WEBCARE_DATABASE_URL=settings.database_url,
            WEBCARE_STREAM_PREFIX=settings.stream_prefix,
        )
    return subprocess.run(
        [sys.executable, "-m", "webcare.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full,
        timeout=120,
    )


def test_classify_reads_json_lines_and_writes_one_line_per_input() -> None:
    lines = [
        {"text": "Mijn factuur klopt niet, ik betaal dubbel!", "id": 1},
        {"text": "Merci beaucoup pour votre aide rapide", "lang": "fr"},
        "not an object",
    ]
    result = webcare("classify", stdin="\n".join(json.dumps(x) for x in lines) + "\n{broken\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["id"] == 1 and out[0]["language"] == "nl" and out[0]["intent"] == "complaint"
    assert out[1]["language"] == "fr" and out[1]["sentiment"] == "positive"
    assert set(out[0]) >= {
        "language",
        "sentiment",
        "intent",
        "toxicity",
        "confidence",
        "model_version",
        "reasons",
    }
    assert out[2]["line"] == 3 and "error" in out[2]
    assert out[3]["line"] == 4 and "error" in out[3]


async def test_migrate_creates_a_missing_database(
    settings: Settings, postgres_admin_url: str
) -> None:
    name = f"webcare_cli_{uuid.uuid4().hex[:8]}"
    url = make_url(postgres_admin_url).set(database=name).render_as_string(False)
    fresh = settings.model_copy(update={"database_url": url})
    try:
        result = webcare("migrate", settings=fresh)
        assert result.returncode == 0, result.stderr
        assert webcare("migrate", settings=fresh).returncode == 0, "running it again is harmless"
        conn = await asyncpg.connect(
            make_url(url).set(drivername="postgresql").render_as_string(False)
        )
        tables = {
            r[0]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
        await conn.close()
    finally:
        admin = await asyncpg.connect(
            make_url(postgres_admin_url)
            .set(drivername="postgresql", database="postgres")
            .render_as_string(False)
        )
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    assert {
        "comments",
        "classifications",
        "decisions",
        "cases",
        "replies",
        "case_events",
        "authors",
    } <= tables


async def test_publish_reports_bad_lines_and_sends_nothing_unless_forced(
    settings: Settings, redis_client: aioredis.Redis, tmp_path: Path
) -> None:
    good, bad = comment("p-1"), comment("p-2")
    del bad["thread_id"]
    file = tmp_path / "comments.jsonl"
    file.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    refused = webcare("publish", str(file), settings=settings)
    assert refused.returncode == 2
    assert "comments.jsonl:2" in refused.stderr and "thread_id" in refused.stderr
    key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    assert await redis_client.xlen(key) == 0
    file.write_text(json.dumps(good) + "\n", encoding="utf-8")
    sent = webcare("publish", str(file), settings=settings)
    assert sent.returncode == 0, sent.stderr
    assert await redis_client.xlen(key) == 1


async def test_dlq_list_and_replay_put_a_fixed_entry_back_on_its_stream(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    from datetime import UTC, datetime

    from shared import wire
    from shared.events import DlqEntry

    source = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    entry = DlqEntry(
        source_stream=source,
        entry_id="1-0",
        service="ingest",
        reason="invalid input: text: too long",
        attempts=1,
        payload={"data": json.dumps(comment("d-1"))},
        at=datetime.now(UTC),
    )
    await redis_client.xadd(Stream.DLQ.key(settings.stream_prefix), wire.encode(entry))
    listed = webcare("dlq", "list", "--json", settings=settings)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert rows[0]["reason"] == "invalid input: text: too long"
    replayed = webcare("dlq", "replay", settings=settings)
    assert replayed.returncode == 0, replayed.stderr
    assert await events(redis_client, settings, Stream.DLQ) == []
    back = await redis_client.xrange(source)
    assert json.loads(back[0][1][b"data"])["external_id"] == "d-1"


def test_cases_prints_json_for_scripts(settings: Settings) -> None:
    result = webcare("cases", "--json", settings=settings)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
