"""``webcare bench``: throughput and latency of the five services against the hardware's ceiling.

It publishes N comments on ``comments.inbound`` (at a rate, or as fast as possible) to the
five services running as processes, waits until every comment has its decision and, where
one is due, its draft, and reads the timings back from Postgres: each comment's inbound
entry id carries the time Redis accepted it; each stage stamps what it wrote. Then it runs
the bare chain (``benchchain``) with the same payloads on the same Redis, for the ratio.

It uses its own database (``webcare_bench``, dropped and recreated) and its own stream
prefix, so a bench never touches the data of a running ``webcare``.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import numpy as np
import psutil
import redis.asyncio as aioredis
from sqlalchemy.engine import make_url

from shared.migrate import migrate
from shared.runtime import ensure_groups
from shared.settings import Settings
from shared.streams import SUBSCRIPTIONS, Stream
from webcare import runner
from webcare.benchchain import run_chain
from webcare.benchdata import make_comments
from webcare.benchreport import STAGE_TIMES, batch_summary, profile_summary, rss_summary, table

#: Decisions that get a public draft (the same set as ``webcare demo``).
DRAFTED = ("respond_offline", "answer", "thank", "human_review", "escalate_crisis")
_SAMPLE_S = 0.5
_PUBLISH_CHUNK = 500
_TICK_S = 0.02


#: Runs a service under cProfile (``-c`` code; the ``-m services.X`` after it is ignored).
#: uvicorn re-raises SIGTERM after its graceful stop, which would kill the process before
#: the profile is written; a handler installed first turns it into a normal exit. The timer
#: is the process's CPU time: on a shared machine wall time mostly measures the others'
#: load, and time spent waiting for Postgres or Redis shows in their own CPU.
_PROFILED = (
    "import cProfile, runpy, signal, sys, time\n"
    "signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n"
    "profile = cProfile.Profile(time.process_time)\n"
    "profile.enable()\n"
    "try:\n"
    "    runpy.run_module('services.{0}', run_name='__main__')\n"
    "finally:\n"
    "    profile.disable()\n"
    "    profile.dump_stats({1!r})\n"
)


@dataclass
class BenchOptions:
    n: int = 20_000
    rate: float | None = None
    replicas: dict[str, int] = field(default_factory=dict)
    out_dir: Path = Path("bench-results")
    database: str = "webcare_bench"
    chain: bool = True
    profile: str | None = None
    batch_size: int | None = None


def _plain(url: str, database: str) -> str:
    return make_url(url).set(drivername="postgresql", database=database).render_as_string(False)


async def _fresh_database(settings: Settings, name: str) -> str:
    if name == make_url(settings.database_url).database:
        raise ValueError(f"the bench database must not be the pipeline's own ({name})")
    conn = await asyncpg.connect(_plain(settings.database_url, "postgres"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
    url = make_url(settings.database_url).set(database=name).render_as_string(False)
    await migrate(url)
    return url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _publish(
    client: aioredis.Redis, key: str, payloads: list[dict[str, str]], rate: float | None
) -> float:
    """Publish everything; return the wall-clock time of the first XADD."""
    started = time.time()
    if rate is None:
        for offset in range(0, len(payloads), _PUBLISH_CHUNK):
            async with client.pipeline(transaction=False) as pipe:
                for fields in payloads[offset : offset + _PUBLISH_CHUNK]:
                    pipe.xadd(key, fields)
                await pipe.execute()
        return started
    begin, sent = time.monotonic(), 0
    while sent < len(payloads):
        due = min(len(payloads), int((time.monotonic() - begin) * rate) + 1)
        if due > sent:
            async with client.pipeline(transaction=False) as pipe:
                for fields in payloads[sent:due]:
                    pipe.xadd(key, fields)
                await pipe.execute()
            sent = due
        await asyncio.sleep(_TICK_S)
    return started


_COUNTS = """
SELECT (SELECT count(*) FROM comments) AS ingest,
       (SELECT count(*) FROM classifications) AS classify,
       (SELECT count(*) FROM decisions) AS route,
       (SELECT count(*) FROM replies WHERE kind = 'public_reply') AS respond,
       (SELECT count(*) FROM decisions WHERE case_id IS NOT NULL AND action = ANY($1::text[]))
         AS drafts_due
"""
_LATENCIES = """
SELECT (extract(epoch FROM coalesce(r.created_at, d.decided_at)) * 1000
         - split_part(c.source_entry, '-', 1)::bigint)::float8 AS ms,
       r.created_at IS NOT NULL AS drafted
  FROM comments c JOIN decisions d ON d.comment_id = c.id
  LEFT JOIN replies r ON r.case_id = d.case_id AND r.kind = 'public_reply'
"""


@dataclass
class Monitor:
    """Samples counts, consumer-group lag and each process's CPU and memory."""

    procs: dict[str, psutil.Process]
    database: str = ""
    samples: list[dict[str, Any]] = field(default_factory=list)
    cpu_start: dict[str, float] = field(default_factory=dict)
    rss_mb: dict[str, list[float]] = field(default_factory=dict)
    lag_max: dict[str, int] = field(default_factory=dict)
    pending_max: dict[str, int] = field(default_factory=dict)

    server_start: dict[str, float] = field(default_factory=dict)
    #: The Postgres backend of the monitor's own connection: its counting is the bench's
    #: work, not the pipeline's, so it is reported apart (``bench_monitor``).
    monitor_backend: int | None = None
    #: Postgres backend pid -> the service whose connection it serves.
    owners: dict[int, str] = field(default_factory=dict)

    def start(self) -> None:
        for label, proc in self.procs.items():
            times = proc.cpu_times()
            self.cpu_start[label] = times.user + times.system
        self.owners = _backend_owners(self.procs)
        self.server_start = _server_cpu(self.database)

    def server_cpu_seconds(self) -> dict[str, float]:
        """Redis and Postgres CPU since ``start`` (a backend that ended meanwhile is missed)."""
        totals = {"redis": 0.0, "postgres": 0.0}
        for key, seconds in self._server_deltas().items():
            kind, pid = key.split(":", 1)
            if kind == "postgres" and int(pid) == self.monitor_backend:
                continue
            totals["postgres" if kind == _BACKGROUND else kind] += seconds
        return totals

    def postgres_by_service(self) -> dict[str, float]:
        """Postgres CPU since ``start`` per service whose connections the backends serve;
        ``background``: the server's own processes; ``bench_monitor``: the bench's counting."""
        self.owners |= _backend_owners(self.procs)
        out: dict[str, float] = {}
        for key, seconds in self._server_deltas().items():
            kind, pid = key.split(":", 1)
            if kind == _BACKGROUND:
                label = _BACKGROUND
            elif kind != "postgres":
                continue
            elif int(pid) == self.monitor_backend:
                label = "bench_monitor"
            else:
                label = self.owners.get(int(pid), "unattributed")
            out[label] = out.get(label, 0.0) + seconds
        return out

    def _server_deltas(self) -> dict[str, float]:
        return {
            key: seconds - self.server_start.get(key, 0.0)
            for key, seconds in _server_cpu(self.database).items()
        }

    def cpu_seconds(self) -> dict[str, float]:
        out = {}
        for label, proc in self.procs.items():
            times = proc.cpu_times()
            out[label] = times.user + times.system - self.cpu_start[label]
        return out

    async def sample(
        self, conn: asyncpg.Connection, client: aioredis.Redis, prefix: str
    ) -> dict[str, Any]:
        row = dict(await conn.fetchrow(_COUNTS, list(DRAFTED)))
        backlog = 0
        for group, streams in SUBSCRIPTIONS.items():
            if group.value not in runner.SERVICES:
                continue
            for stream in streams:
                for info in await client.xinfo_groups(stream.key(prefix)):
                    name = (
                        info["name"].decode() if isinstance(info["name"], bytes) else info["name"]
                    )
                    if name != group.value:
                        continue
                    where = f"{stream.value}/{name}"
                    lag, pending = int(info.get("lag") or 0), int(info["pending"])
                    self.lag_max[where] = max(self.lag_max.get(where, 0), lag)
                    self.pending_max[where] = max(self.pending_max.get(where, 0), pending)
                    backlog += lag + pending
        for label, proc in self.procs.items():
            self.rss_mb.setdefault(label, []).append(proc.memory_info().rss / 2**20)
        row["backlog"] = backlog
        self.samples.append({"t": time.time(), **row})
        return row


#: The key prefix of a Postgres server's own processes (checkpointer, WAL writer, ...).
_BACKGROUND = "background"


def _server_cpu(database: str) -> dict[str, float]:
    """CPU seconds so far of Redis and of the Postgres processes that serve this bench (its
    database's backends and the background processes of the server they belong to), per
    process id: a round trip a stage saves is work saved there too, and on one machine they
    share the cores. Another server on the machine (another port) is not counted."""
    out: dict[str, float] = {}
    postgres: list[tuple[int, int, bool, str, float]] = []
    for proc in psutil.process_iter(["name", "cmdline", "cpu_times", "ppid"]):
        name, cmdline, times = (
            proc.info["name"] or "",
            proc.info["cmdline"] or [],
            proc.info["cpu_times"],
        )
        if times is None:
            continue
        line = " ".join(cmdline)
        seconds = times.user + times.system
        if name.startswith("redis-server"):
            out[f"redis:{proc.pid}"] = seconds
        elif name in ("postgres", "postmaster") or line.startswith("postgres"):
            client = "(" in line and ")" in line  # "postgres: 15/main: user db 127.0.0.1(1234) ..."
            postgres.append((proc.pid, proc.info["ppid"] or 0, client, line, seconds))
    ours = {
        pid: ppid for pid, ppid, client, line, _ in postgres if client and _serves(line, database)
    }
    servers = set(ours.values())
    for pid, ppid, client, _, seconds in postgres:
        if pid in ours:
            out[f"postgres:{pid}"] = seconds
        elif not client and (pid in servers or ppid in servers):
            out[f"{_BACKGROUND}:{pid}"] = seconds
    return out


def _serves(line: str, database: str) -> bool:
    return f" {database} " in f" {line} "


def _backend_owners(procs: dict[str, psutil.Process]) -> dict[int, str]:
    """Postgres backend pid -> service, matched by the client port in the backend's title."""
    by_port: dict[int, str] = {}
    for label, proc in procs.items():
        try:
            for conn in proc.net_connections(kind="tcp"):
                if conn.laddr:
                    by_port[conn.laddr.port] = label.split(".", 1)[0]
        except psutil.Error:
            continue
    owners: dict[int, str] = {}
    for proc in psutil.process_iter(["name", "cmdline"]):
        line = " ".join(proc.info["cmdline"] or [])
        if not line.startswith("postgres") or ")" not in line:
            continue
        port = line.rsplit("(", 1)[-1].split(")", 1)[0]
        if port.isdigit() and int(port) in by_port:
            owners[proc.pid] = by_port[int(port)]
    return owners


def _percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None}
    arr = np.asarray(values)
    return {
        "p50": round(float(np.percentile(arr, 50)), 1),
        "p95": round(float(np.percentile(arr, 95)), 1),
        "p99": round(float(np.percentile(arr, 99)), 1),
        "max": round(float(arr.max()), 1),
    }


async def _stage_rates(conn: asyncpg.Connection, started: float) -> dict[str, dict[str, Any]]:
    out = {}
    for stage, query in STAGE_TIMES.items():
        row = await conn.fetchrow(query)
        count, first, last = row["n"], row["first"], row["last"]
        if not count:
            out[stage] = {"items": 0}
            continue
        span = max(last.timestamp() - first.timestamp(), 1e-3)
        out[stage] = {
            "items": count,
            "per_s": round(count / span, 1),
            "first_s": round(first.timestamp() - started, 2),
            "last_s": round(last.timestamp() - started, 2),
        }
    return out


async def run_bench(
    settings: Settings, opts: BenchOptions, progress: Callable[[dict[str, Any]], None] | None = None
) -> dict[str, Any]:
    database_url = await _fresh_database(settings, opts.database)
    prefix = f"bench{int(time.time())}"
    client = aioredis.Redis.from_url(settings.redis_url)
    pairs = [
        (s, g)
        for g, streams in SUBSCRIPTIONS.items()
        if g.value in runner.SERVICES
        for s in streams
    ]
    await ensure_groups(client, prefix, pairs)
    env = {
        "WEBCARE_REDIS_URL": settings.redis_url,
        "WEBCARE_DATABASE_URL": database_url,
        "WEBCARE_STREAM_PREFIX": prefix,
        "WEBCARE_API_TOKEN": secrets.token_urlsafe(16),
        # INFO adds one ``batch.processed`` line per batch to the logs (sizes, durations).
        "WEBCARE_LOG_LEVEL": os.environ.get("WEBCARE_BENCH_LOG_LEVEL", "WARNING"),
    }
    if opts.batch_size:
        env["WEBCARE_BATCH_SIZE"] = str(opts.batch_size)
    log_dir = Path(tempfile.mkdtemp(prefix="webcare-bench-"))
    profile_file = log_dir / f"{opts.profile}.prof"
    python_args = (
        {opts.profile: ["-c", _PROFILED.format(opts.profile, str(profile_file))]}
        if opts.profile
        else {}
    )
    ports = {s: _free_port() for s in runner.SERVICES}
    procs = await runner.start(
        opts.replicas, env=env, ports=ports, log_dir=log_dir, python_args=python_args
    )
    payloads = [
        {"data": json.dumps(c, ensure_ascii=False)}
        for c in make_comments(prefix, opts.n, datetime.now(UTC))
    ]
    conn = await asyncpg.connect(_plain(database_url, opts.database))
    result: dict[str, Any] = {}
    try:
        await runner.wait_ready(procs, timeout=120)
        monitor = Monitor({p.name: psutil.Process(p.proc.pid) for p in procs}, opts.database)
        monitor.monitor_backend = conn.get_server_pid()
        monitor.start()
        publisher = asyncio.create_task(
            _publish(client, Stream.COMMENTS_INBOUND.key(prefix), payloads, opts.rate)
        )
        # At an offered rate the publishing alone takes n / rate seconds; then the drain.
        allowed = max(180.0, opts.n / 50) + (opts.n / opts.rate if opts.rate else 0.0)
        deadline = time.monotonic() + allowed
        while True:
            await asyncio.sleep(_SAMPLE_S)
            row = await monitor.sample(conn, client, prefix)
            if progress:
                progress(row)
            done = row["route"] >= opts.n and row["respond"] >= row["drafts_due"]
            if publisher.done() and done and row["backlog"] == 0:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"not done after {allowed:.0f}s: {row}")
        started = await publisher
        cpu = monitor.cpu_seconds()
        server_cpu = monitor.server_cpu_seconds()
        postgres_by_service = monitor.postgres_by_service()
        stages = await _stage_rates(conn, started)
        rows = await conn.fetch(_LATENCIES)
        last_effect = max(s["last_s"] for s in stages.values() if s.get("items"))
        e2e = opts.n / last_effect
        span = max(last_effect, 1e-3)
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {"cpus": psutil.cpu_count(), "host": socket.gethostname()},
            "comments": opts.n,
            "offered_rate": opts.rate,
            "replicas": {s: opts.replicas.get(s, 1) for s in runner.SERVICES},
            "profiled": opts.profile,
            "end_to_end": {"seconds": round(last_effect, 2), "comments_per_s": round(e2e, 1)},
            "latency_ms": {
                "ingest_to_draft": _percentiles([r["ms"] for r in rows if r["drafted"]]),
                "ingest_to_outcome": _percentiles([r["ms"] for r in rows]),
            },
            "stages": stages,
            "lag_max": monitor.lag_max,
            "pending_max": monitor.pending_max,
            "processes": {
                label: {
                    "cpu_s": round(cpu[label], 1),
                    "cpu_pct_of_core": round(100 * cpu[label] / span, 1),
                    **rss_summary([s["t"] for s in monitor.samples], monitor.rss_mb[label]),
                }
                for label in monitor.procs
            },
            "servers": {
                label: {
                    "cpu_s": round(seconds, 1),
                    "cpu_pct_of_core": round(100 * seconds / span, 1),
                }
                for label, seconds in server_cpu.items()
            },
            "postgres_by_service": {
                label: round(seconds, 2) for label, seconds in sorted(postgres_by_service.items())
            },
            "cpu_ms_per_comment": round(
                1000 * (sum(cpu.values()) + sum(server_cpu.values())) / opts.n, 2
            ),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "log_dir": str(log_dir),
        }
    finally:
        await conn.close()
        await runner.stop(procs)
    result["batches"] = batch_summary(log_dir)
    if opts.profile and profile_file.exists():
        result["profile"] = profile_summary(profile_file)
    if opts.chain:
        chain = await run_chain(settings.redis_url, prefix, payloads, hops=len(runner.SERVICES))
        result["bare_chain"] = chain
        result["ratio_to_bare_chain"] = round(
            result["end_to_end"]["comments_per_s"] / chain["throughput_per_s"], 3
        )
    keys = [k async for k in client.scan_iter(match=f"{prefix}.*", count=1000)]
    if keys:
        await client.delete(*keys)
    await client.aclose()
    return result


def write_results(result: dict[str, Any], out_dir: Path) -> tuple[Path, Path, str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    json_path = out_dir / f"bench-{stamp}.json"
    text_path = out_dir / f"bench-{stamp}.txt"
    text = table(result)
    json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    text_path.write_text(text + "\n", encoding="utf-8")
    return json_path, text_path, text
