"""Reading comment files and putting them on ``comments.inbound``."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
from rich.progress import Progress

from shared import wire
from shared.events import CommentIn
from shared.settings import Settings
from shared.streams import Stream

_PIPELINE_CHUNK = 500


def _read(file: Path) -> str:
    return sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")


def parse_documents(text: str) -> list[tuple[str, Any]]:
    """(where, value) for each comment: a JSON document (object or list) or JSON lines."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            return [(f"[{i}]", v) for i, v in enumerate(json.loads(stripped))]
        except json.JSONDecodeError:
            pass
    try:
        single = json.loads(stripped)
        if isinstance(single, dict):
            return [("1", single)]
    except json.JSONDecodeError:
        pass
    out: list[tuple[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append((str(number), json.loads(line)))
        except json.JSONDecodeError as exc:
            out.append((str(number), wire.InvalidInput(f"malformed JSON: {exc.msg}")))
    return out


def load_comments(
    file: Path, settings: Settings
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    from services.ingest.handlers import validate_comment

    comments: list[dict[str, Any]] = []
    problems: list[tuple[str, str]] = []
    for where, value in parse_documents(_read(file)):
        if isinstance(value, Exception):
            problems.append((where, str(value)))
            continue
        if not isinstance(value, dict):
            problems.append((where, "expected a JSON object"))
            continue
        try:
            validate_comment(value, settings)
        except wire.InvalidInput as exc:
            problems.append((where, str(exc)))
        comments.append(value)
    return comments, problems


async def publish_comments(
    settings: Settings, comments: Sequence[dict[str, Any]], *, progress: bool = True
) -> int:
    client = aioredis.Redis.from_url(settings.redis_url)
    key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    try:
        with Progress(transient=True, disable=not progress or len(comments) < 2_000) as bar:
            task = bar.add_task("publishing", total=len(comments))
            for start in range(0, len(comments), _PIPELINE_CHUNK):
                chunk = comments[start : start + _PIPELINE_CHUNK]
                async with client.pipeline(transaction=False) as pipe:
                    for comment in chunk:
                        pipe.xadd(
                            key, {"data": json.dumps(comment, ensure_ascii=False, default=str)}
                        )
                    await pipe.execute()
                bar.advance(task, len(chunk))
    finally:
        await client.aclose()
    return len(comments)


__all__ = ["CommentIn", "load_comments", "parse_documents", "publish_comments"]
