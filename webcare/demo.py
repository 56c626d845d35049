"""``webcare demo``: the bundled comments through the running pipeline, and what became of each."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from shared.db import (
    ClassificationRecord,
    Comment,
    DecisionRecord,
    Reply,
    make_engine,
    make_sessionmaker,
)
from shared.settings import Settings
from webcare.cli import DEMO_FILE
from webcare.publishing import publish_comments

#: Actions that get a draft reply; the others end with the decision.
DRAFTED = frozenset({"respond_offline", "answer", "thank", "human_review", "escalate_crisis"})


def demo_comments(run: str, now: datetime) -> list[dict[str, Any]]:
    """The bundled comments with ids unique to this run, so every run is processed afresh."""
    comments = []
    for line in DEMO_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            comment = json.loads(line)
            comment["external_id"] = f"{comment['external_id']}-{run}"
            comment["created_at"] = now.isoformat()
            comments.append(comment)
    return comments


async def _outcomes(settings: Settings, keys: list[str]) -> dict[str, dict[str, Any]]:
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (
                await session.execute(
                    select(Comment, ClassificationRecord, DecisionRecord)
                    .outerjoin(ClassificationRecord, ClassificationRecord.comment_id == Comment.id)
                    .outerjoin(DecisionRecord, DecisionRecord.comment_id == Comment.id)
                    .where(Comment.external_id.in_(keys))
                )
            ).all()
            case_ids = [d.case_id for _, _, d in rows if d is not None and d.case_id is not None]
            replies = {
                r.case_id: r
                for r in await session.scalars(
                    select(Reply).where(Reply.case_id.in_(case_ids), Reply.kind == "public_reply")
                )
            }
    finally:
        await engine.dispose()
    out: dict[str, dict[str, Any]] = {}
    for comment, cls, decision in rows:
        event = decision.event if decision else {}
        reply = replies.get(decision.case_id) if decision and decision.case_id else None
        out[comment.external_id] = {
            "platform": comment.platform,
            "external_id": comment.external_id,
            "language": cls.language if cls else None,
            "intent": cls.intent if cls else None,
            "confidence": round(cls.confidence, 2) if cls else None,
            "action": decision.action if decision else None,
            "priority": decision.priority if decision else None,
            "rule": decision.rule if decision else None,
            "first_response_due": event.get("first_response_due"),
            "assignee": (event.get("assignee") or {}).get("name"),
            "draft": reply.draft_text if reply else None,
            "reply_status": reply.status if reply else None,
        }
    return out


def _done(row: dict[str, Any] | None) -> bool:
    if row is None or row["action"] is None:
        return False
    return row["action"] not in DRAFTED or row["draft"] is not None


def _due(value: str | None) -> str:
    if not value:
        return "-"
    return datetime.fromisoformat(value).astimezone().strftime("%a %H:%M")


async def run_demo(settings: Settings, *, timeout: float = 60.0, as_json: bool = False) -> bool:
    # A pipe or a log file gets a wide table rather than rich's 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 160)
    run = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    comments = demo_comments(run, datetime.now(UTC))
    keys = [c["external_id"] for c in comments]
    started = time.monotonic()
    await publish_comments(settings, comments, progress=False)
    if not as_json:
        console.print(
            f"published {len(comments)} example comments in nl, sv, en, de and fr; waiting for the pipeline…"
        )
    rows: dict[str, dict[str, Any]] = {}
    while time.monotonic() - started < timeout:
        rows = await _outcomes(settings, keys)
        if all(_done(rows.get(k)) for k in keys):
            break
        await asyncio.sleep(0.5)
    elapsed = time.monotonic() - started
    finished = sum(_done(rows.get(k)) for k in keys)
    if as_json:
        print(
            json.dumps(
                {
                    "elapsed_s": round(elapsed, 2),
                    "processed": finished,
                    "total": len(keys),
                    "comments": [rows.get(k, {"external_id": k}) for k in keys],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return finished == len(keys)
    table = Table(
        title=f"{finished} of {len(keys)} comments processed in {elapsed:.1f}s", show_lines=True
    )
    for column, kwargs in (
        ("platform", {}),
        ("lang", {}),
        ("intent", {}),
        ("action", {}),
        ("SLA due", {}),
        ("draft reply", {"ratio": 1, "overflow": "fold"}),
    ):
        table.add_column(column, **kwargs)
    for k in keys:
        r = rows.get(k)
        if r is None:
            table.add_row("?", "-", "-", "[red]not processed[/red]", "-", "-")
            continue
        draft = r["draft"] or {
            "ignore": "(no public reply: recorded)",
            "hide": "(hide request on moderation.outbound)",
            "hold_legal": "(held for legal: a person decides, no reply)",
        }.get(r["action"] or "", "-")
        if r["draft"] and r["reply_status"] == "awaiting_approval":
            draft += f"\n[dim]awaiting approval by {r['assignee']}[/dim]"
        table.add_row(
            r["platform"],
            r["language"] or "-",
            f"{r['intent']} ({r['confidence']})",
            f"{r['action']}\n[dim]{r['priority']}[/dim]",
            _due(r["first_response_due"]),
            draft,
        )
    console.print(table)
    return finished == len(keys)
