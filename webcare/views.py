"""Terminal views: cases and the DLQ, as tables or JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import redis.asyncio as aioredis
from rich.console import Console
from rich.table import Table

from shared.db import make_engine, make_sessionmaker
from shared.queries import list_cases
from shared.settings import Settings
from shared.streams import Stream

out = Console()


def _when(value: str | None) -> str:
    if not value:
        return "-"
    return datetime.fromisoformat(value).astimezone().strftime("%a %d %b %H:%M")


async def show_cases(settings: Settings, *, as_json: bool, **filters: Any) -> None:
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await list_cases(session, now=datetime.now(UTC), **filters)
    finally:
        await engine.dispose()
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table(title=f"{len(rows)} case(s)")
    for column in (
        "due (1st reply)",
        "resolve by",
        "priority",
        "status",
        "action",
        "lang",
        "platform",
        "assignee",
        "case",
    ):
        table.add_column(column)
    for c in rows:
        table.add_row(
            _when(c["first_response_due"]),
            _when(c["resolution_due"]),
            c["priority"],
            c["status"],
            c["action"],
            c["language"],
            c["platform"],
            c["assignee"] or "-",
            c["id"][:8],
        )
    out.print(table)


def _dlq_rows(entries: list[tuple[bytes, dict[bytes, bytes]]]) -> list[dict[str, Any]]:
    rows = []
    for entry_id, fields in entries:
        try:
            data = json.loads(fields[b"data"])
        except (KeyError, ValueError):
            data = {"reason": "unreadable DLQ entry", "payload": {}}
        rows.append({"dlq_id": entry_id.decode(), **data})
    return rows


async def show_dlq(settings: Settings, *, limit: int, as_json: bool) -> None:
    client = aioredis.Redis.from_url(settings.redis_url)
    try:
        rows = _dlq_rows(
            await client.xrevrange(Stream.DLQ.key(settings.stream_prefix), count=limit)
        )
    finally:
        await client.aclose()
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"DLQ: {len(rows)} newest entr{'y' if len(rows) == 1 else 'ies'}")
    for column in ("dlq id", "when", "service", "source", "attempts", "reason"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            r["dlq_id"],
            _when(r.get("at")),
            r.get("service", "?"),
            r.get("source_stream", "?"),
            str(r.get("attempts", "?")),
            r.get("reason", "?"),
        )
    out.print(table)


async def replay_dlq(settings: Settings, entry_ids: list[str], *, keep: bool) -> int:
    client = aioredis.Redis.from_url(settings.redis_url)
    key = Stream.DLQ.key(settings.stream_prefix)
    try:
        if entry_ids:
            entries = []
            for entry_id in entry_ids:
                entries += await client.xrange(key, min=entry_id, max=entry_id)
        else:
            entries = await client.xrange(key)
        count = 0
        for row, (entry_id, _) in zip(_dlq_rows(entries), entries, strict=True):
            source, payload = row.get("source_stream"), row.get("payload")
            if not source or not isinstance(payload, dict) or not payload:
                continue
            if not str(source).startswith(f"{settings.stream_prefix}."):
                # e.g. a webhook body ("webhook:/webhooks/meta"): it must be POSTed again,
                # with its signature, by the platform or by hand; a stream cannot take it.
                continue
            async with client.pipeline(transaction=True) as pipe:
                pipe.xadd(source, payload)
                if not keep:
                    pipe.xdel(key, entry_id)
                await pipe.execute()
            count += 1
        return count
    finally:
        await client.aclose()
