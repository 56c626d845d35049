"""The five services as processes on the private servers, with the faults to inject."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.streams import SUBSCRIPTIONS, Stream
from tests.reliability.servers import PrivatePostgres, PrivateRedis, free_port
from webcare import runner

TOKEN = "reliability-token"
PREFIX = "rel"
#: Short enough that a claim happens within a scenario, long enough that a healthy batch
#: (even one waiting out a Postgres restart in place) is not stolen from its reader.
CLAIM_IDLE_MS = 1500


@dataclass
class Pipeline:
    redis_server: PrivateRedis
    postgres: PrivatePostgres
    env: dict[str, str]
    ports: dict[str, int]
    log_dir: Path
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: aioredis.Redis
    procs: list[runner.Process] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['ingest']}"

    def key(self, stream: Stream) -> str:
        return stream.key(PREFIX)

    def process(self, label: str) -> runner.Process:
        return next(p for p in self.procs if p.name == label and p.proc.returncode is None)

    def alive(self) -> list[str]:
        return [p.name for p in self.procs if p.proc.returncode is None]

    async def kill(self, label: str) -> None:
        victim = self.process(label)
        os.kill(victim.proc.pid, signal.SIGKILL)
        await victim.proc.wait()

    async def start_service(
        self, service: str, *, label: str | None = None, port: int | None = None
    ) -> runner.Process:
        fresh = await runner.start(
            env=self.env,
            only=(service,),
            ports={**self.ports, service: port or self.ports[service]},
            log_dir=self.log_dir,
            labels={service: label or service},
        )
        await runner.wait_ready(fresh)
        self.procs += fresh
        return fresh[0]

    async def add_replica(self, service: str) -> runner.Process:
        n = sum(1 for p in self.procs if p.name.split(".")[0] == service)
        return await self.start_service(service, label=f"{service}.{n + 1}", port=free_port())

    async def stop(self, label: str) -> None:
        await runner.stop([self.process(label)])

    async def restart_redis(self, down_s: float) -> None:
        self.redis_server.kill()
        await asyncio.sleep(down_s)
        await asyncio.to_thread(self.redis_server.start)

    async def restart_postgres(self, down_s: float) -> None:
        # Immediate: the server dies like a crash, open transactions are cut mid-way.
        await asyncio.to_thread(self.postgres.stop, "immediate")
        await asyncio.sleep(down_s)
        await asyncio.to_thread(self.postgres.start)

    async def pending(self) -> dict[str, int]:
        """Per ``stream/group`` of every stream a stage reads: entries pending, plus one when
        the group has not yet read up to the end of the stream (zero everywhere = settled)."""
        out: dict[str, int] = {}
        for group, streams in SUBSCRIPTIONS.items():
            for stream in streams:
                key = self.key(stream)
                if not await self.redis.exists(key):
                    continue
                last = (await self.redis.xinfo_stream(key))["last-generated-id"]
                for info in await self.redis.xinfo_groups(key):
                    name = (
                        info["name"].decode() if isinstance(info["name"], bytes) else info["name"]
                    )
                    if name == group.value:
                        unread = int(info["last-delivered-id"] != last)
                        out[f"{stream.value}/{name}"] = int(info["pending"]) + unread
        return out


async def wait_until(check, *, timeout: float, what: str, every: float = 0.1):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(every)
