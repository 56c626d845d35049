"""Bootstrap: build the real adapters once and wire a service's ASGI app.

Every service is a FastAPI app with ``/healthz`` and ``/metrics``; its stream consumers run
on a FastStream ``RedisBroker`` started in the app's lifespan, so uvicorn's SIGTERM handling
gives a graceful stop: reading stops, the batch in hand finishes and is acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis
import uvicorn
from fastapi import FastAPI, Response
from faststream.redis import RedisBroker
from faststream.redis.prometheus import RedisPrometheusMiddleware
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared import metrics
from shared.clock import Clock, SystemClock
from shared.db import make_engine, make_sessionmaker
from shared.logs import setup_logging
from shared.policy import PolicyHolder
from shared.runtime import (
    Publisher,
    StageConsumer,
    ensure_groups,
    report_lag,
    whole_command_packing,
)
from shared.settings import Settings, get_settings
from shared.streams import Group, Stream

_GRACEFUL_TIMEOUT_S = 20.0
#: Allocations between two young collections (CPython's default is 700).
_GC_YOUNG_THRESHOLD = 20_000


@dataclass
class Runtime:
    """The real adapters of one service process."""

    service: str
    settings: Settings
    redis: aioredis.Redis
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    publisher: Publisher
    clock: Clock
    policy: PolicyHolder
    log: logging.Logger
    broker: RedisBroker
    consumers: list[StageConsumer[Any]] = field(default_factory=list)

    def consume(self, stream: Stream, group: Group, decode: Any, process: Any) -> None:
        consumer: StageConsumer[Any] = StageConsumer(
            service=self.service,
            stream=stream,
            group=group,
            decode=decode,
            process=process,
            settings=self.settings,
            publisher=self.publisher,
            sessions=self.sessions,
            clock=self.clock,
        )
        consumer.register(self.broker)
        self.consumers.append(consumer)


def bootstrap(
    service: str, settings: Settings | None = None, clock: Clock | None = None
) -> Runtime:
    settings = settings or get_settings()
    log = setup_logging(service, settings.log_level)
    # A batch's events go out as one script call of a few thousand arguments.
    redis = whole_command_packing(
        aioredis.Redis.from_url(settings.redis_url, health_check_interval=10)
    )
    engine = make_engine(settings.database_url)
    broker = RedisBroker(
        settings.redis_url,
        middlewares=[RedisPrometheusMiddleware(registry=metrics.registry, app_name=service)],
        graceful_timeout=_GRACEFUL_TIMEOUT_S,
        logger=logging.getLogger("faststream"),
    )
    return Runtime(
        service=service,
        settings=settings,
        redis=redis,
        engine=engine,
        sessions=make_sessionmaker(engine),
        publisher=Publisher(redis, settings),
        clock=clock or SystemClock(),
        policy=PolicyHolder(settings.policy_file),
        log=log,
        broker=broker,
    )


Task = Callable[[Runtime], Awaitable[None]]

_POLICY_WATCH_S = 2.0
_TASK_STOP_TIMEOUT_S = 3.0


async def watch_policy(rt: Runtime) -> None:
    """Pick up a changed policy file without a restart, and say what happened."""
    seen, refused = rt.policy.current().fingerprint, None
    while True:
        await asyncio.sleep(_POLICY_WATCH_S)
        policy = rt.policy.current()
        if policy.fingerprint != seen:
            seen = policy.fingerprint
            rt.log.info("policy.reloaded", extra={"policy": seen, "file": str(rt.policy.path)})
        error = rt.policy.last_error
        if error is not None and str(error) != refused:
            refused = str(error)
            # The file, line and field of each problem; the policy in force stays.
            rt.log.error("policy.refused", extra={"policy": seen, "problems": error.problems[:20]})
        elif error is None:
            refused = None


def build_app(rt: Runtime, *, tasks: Sequence[Task] = (), app: FastAPI | None = None) -> FastAPI:
    """The service's ASGI app: consumers, background tasks, health and metrics."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pairs = [(c.stream, c.group) for c in rt.consumers]
        metrics.initialise(rt.service)
        await ensure_groups(rt.redis, rt.settings.stream_prefix, pairs)
        await rt.broker.start()
        running = [asyncio.create_task(report_lag(rt.redis, rt.settings.stream_prefix, pairs))]
        running.append(asyncio.create_task(watch_policy(rt)))
        running += [asyncio.create_task(task(rt)) for task in tasks]
        # What start-up built (modules, models, mappers, the policy: about 130,000 objects)
        # lives as long as the process: kept out of the collector's full passes, which would
        # otherwise walk all of it every few batches.
        gc.collect()
        gc.freeze()
        # A batch allocates a few hundred thousand short-lived objects (events, rows, query
        # results) that reference counting frees; a young collection every 700 allocations
        # walked them again and again while they were still in use.
        gc.set_threshold(_GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        rt.log.info("service.started", extra={"policy": rt.policy.current().fingerprint})
        try:
            yield
        finally:
            for consumer in rt.consumers:
                consumer.stopping = True
            await rt.broker.stop()
            for task in running:
                task.cancel()
            # A cancellation can be swallowed by a Redis call in flight; never wait forever.
            _, stuck = await asyncio.wait(running, timeout=_TASK_STOP_TIMEOUT_S)
            if stuck:
                rt.log.warning("service.tasks_not_stopped", extra={"count": len(stuck)})
            await rt.engine.dispose()
            await rt.redis.aclose()
            rt.log.info("service.stopped")

    app = app or FastAPI(title=f"webcare {rt.service}")
    app.router.lifespan_context = lifespan

    @app.get("/healthz", tags=["operations"])
    async def healthz(response: Response) -> dict[str, Any]:
        checks: dict[str, str] = {}
        try:
            await asyncio.wait_for(rt.redis.ping(), 2)
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = type(exc).__name__
        try:
            async with rt.engine.connect() as conn:
                await asyncio.wait_for(conn.execute(text("SELECT 1")), 2)
            checks["postgres"] = "ok"
        except Exception as exc:
            checks["postgres"] = type(exc).__name__
        policy = rt.policy.current()
        healthy = all(v == "ok" for v in checks.values())
        response.status_code = 200 if healthy else 503
        return {
            "service": rt.service,
            "status": "ok" if healthy else "degraded",
            "checks": checks,
            "policy": policy.fingerprint,
            "policy_error": str(rt.policy.last_error) if rt.policy.last_error else None,
        }

    @app.get("/metrics", tags=["operations"])
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app


def serve(app: FastAPI, rt: Runtime) -> None:
    """Run under uvicorn; SIGTERM and Ctrl-C stop it gracefully."""
    uvicorn.run(
        app,
        host=rt.settings.host,
        port=rt.settings.port_for(rt.service),
        log_config=None,
        timeout_graceful_shutdown=int(_GRACEFUL_TIMEOUT_S),
    )
