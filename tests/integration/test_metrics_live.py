"""The operators' view against the running services: every metric the dashboard and the alert
rules query is really exported, and a comment's correlation id runs through all five logs.

The five services run as processes on real Redis and Postgres; traffic goes through the whole
path first (comments, an invalid entry, an approval, a publication, a resolution, an erasure)
so the metrics that only appear after their first event are there.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from shared.db import DecisionRecord, Reply, make_engine, make_sessionmaker
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import wait_for
from tests.unit.test_deploy_files import alert_rules, dashboard_queries, promql_parts
from webcare import runner
from webcare.demo import DEMO_FILE

pytestmark = pytest.mark.integration
TOKEN = "live-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: Labels Prometheus adds to every target (compose relabelling, the scrape itself).
TARGET_LABELS = {"job", "instance", "service"}
#: Series Prometheus makes itself rather than scraping them.
SYNTHETIC = {"up", "ALERTS", "ALERTS_FOR_STATE"}


@dataclass
class Live:
    settings: Settings
    ports: dict[str, int]
    logs: Path
    http: httpx.AsyncClient


def _free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@pytest.fixture
async def live(settings: Settings, tmp_path: Path) -> AsyncIterator[Live]:
    env = {
        **os.environ,
        "WEBCARE_REDIS_URL": settings.redis_url,
        "WEBCARE_DATABASE_URL": settings.database_url,
        "WEBCARE_STREAM_PREFIX": settings.stream_prefix,
        "WEBCARE_API_TOKEN": TOKEN,
        "WEBCARE_POLL_INTERVAL_MS": "20",
        "WEBCARE_SLA_CHECK_INTERVAL_S": "0.5",
        "WEBCARE_RETENTION_DAYS": "3650",
        "WEBCARE_LOG_LEVEL": "INFO",
    }
    ports = dict(zip(runner.SERVICES, _free_ports(len(runner.SERVICES)), strict=True))
    procs = []
    for service, port in ports.items():
        with (tmp_path / f"{service}.log").open("wb") as out:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                f"services.{service}",
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
                env={**env, "WEBCARE_PORT": str(port)},
            )
        procs.append(runner.Process(service, port, proc))
    try:
        await runner.wait_ready(procs)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{ports['ingest']}", headers=AUTH, timeout=10
        ) as http:
            yield Live(settings, ports, tmp_path, http)
    finally:
        await runner.stop(procs)


def _demo_comments() -> list[dict[str, Any]]:
    lines = DEMO_FILE.read_text(encoding="utf-8").splitlines()
    now = datetime.now(UTC).isoformat()
    return [{**json.loads(line), "created_at": now} for line in lines if line.strip()]


async def _traffic(live: Live, redis_client: aioredis.Redis) -> list[dict[str, Any]]:
    """The whole path once: comments in five languages, an invalid entry, an approval, a
    publication, a resolution, and an erasure."""
    comments = _demo_comments()
    posted = await live.http.post("/v1/comments", json=comments)
    assert posted.status_code == 202, posted.text
    await redis_client.xadd(
        Stream.COMMENTS_INBOUND.key(live.settings.stream_prefix), {"data": b"{not json"}
    )
    engine = make_engine(live.settings.database_url)
    sessions = make_sessionmaker(engine)
    try:

        async def decided() -> bool:
            async with sessions() as session:
                count = await session.scalar(select(func.count()).select_from(DecisionRecord))
            return count == len(comments)

        await wait_for(decided, timeout=60, what="a decision for every comment")

        async def waiting_reply() -> Reply | None:
            async with sessions() as session:
                return await session.scalar(
                    select(Reply).where(Reply.status == "awaiting_approval").limit(1)
                )

        reply = await wait_for(waiting_reply, timeout=30, what="a draft awaiting approval")
    finally:
        await engine.dispose()
    case = f"/v1/cases/{reply.case_id}/updates"
    for update in (
        {"type": "approved", "reply_id": str(reply.id), "actor": "agent"},
        {"type": "published", "reply_id": str(reply.id), "platform_reply_id": "p-1"},
        {"type": "resolved", "actor": "agent"},
    ):
        answer = await live.http.post(case, json=update)
        assert answer.status_code == 202, answer.text
    erased = await live.http.delete(f"/v1/authors/{comments[-1]['platform']}/nobody-at-all")
    assert erased.status_code == 200, erased.text
    return [
        {**c, "correlation_id": a["correlation_id"]}
        for c, a in zip(comments, posted.json()["accepted"], strict=True)
    ]


async def _exported(live: Live) -> dict[str, set[str]]:
    """Sample name -> label names, over the five services' /metrics."""
    samples: dict[str, set[str]] = {}
    async with httpx.AsyncClient(timeout=10) as client:
        for port in live.ports.values():
            text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
            for family in text_string_to_metric_families(text):
                for sample in family.samples:
                    samples.setdefault(sample.name, set()).update(sample.labels)
    return samples


def _queries() -> list[tuple[str, str]]:
    """(where, PromQL) for every dashboard panel target and every alert rule."""
    out = [(f"dashboard panel {title!r}", expr) for title, expr in dashboard_queries()]
    out += [(f"alert {rule['alert']}", rule["expr"]) for rule in alert_rules()]
    return out


def _missing(samples: dict[str, set[str]]) -> list[str]:
    problems = []
    for where, expr in _queries():
        selectors, grouping = promql_parts(expr)
        used: set[str] = set()
        for metric, labels in selectors:
            if metric in SYNTHETIC:
                continue
            if metric not in samples:
                problems.append(f"{where}: no service exports {metric}")
                continue
            used |= samples[metric]
            unknown = labels - samples[metric] - TARGET_LABELS
            if unknown:
                problems.append(f"{where}: {metric} has no label {sorted(unknown)}")
        if used and grouping - used - TARGET_LABELS - {"le"}:
            problems.append(f"{where}: groups by {sorted(grouping - used)}, which no metric has")
    return problems


async def test_every_metric_of_the_dashboard_and_the_alerts_is_exported_by_the_running_services(
    live: Live, redis_client: aioredis.Redis
) -> None:
    sent = await _traffic(live, redis_client)

    async def complete() -> bool:
        return not _missing(await _exported(live))

    try:
        await wait_for(complete, timeout=30, what="every queried metric on /metrics")
    except AssertionError:
        problems = _missing(await _exported(live))
        raise AssertionError("\n".join(problems)) from None
    assert len(_queries()) > 40, "the dashboard and the alerts query plenty of metrics"

    # The logs: the correlation id of a complaint appears in all five services' logs, and no
    # comment text or author name appears in any of them.
    complaint = next(c for c in sent if c["external_id"] == "demo-nl-1")
    cid = complaint["correlation_id"]
    found: dict[str, int] = {}
    for service in runner.SERVICES:
        text = (live.logs / f"{service}.log").read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            ids = record.get("correlation_ids") or [record.get("correlation_id")]
            if cid in ids:
                assert record["service"] == service
                found[service] = found.get(service, 0) + 1
        for comment in sent:
            assert comment["text"][:40] not in text, f"{service} logged a comment text"
            name = comment["author"].get("display_name")
            assert not name or json.dumps(name)[1:-1] not in text, f"{service} logged a name"
    assert set(found) == set(runner.SERVICES), f"{cid} seen only in {sorted(found)}"
