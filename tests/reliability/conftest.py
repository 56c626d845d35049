"""Fixtures of the reliability suite: private servers and the five services as processes.

Fault injection kills and restarts Redis and Postgres, so this suite never uses the shared
servers other suites run against: it starts its own ``redis-server`` and PostgreSQL cluster
on free ports (see ``servers.py``). One pipeline serves every scenario of the session (the
services take seconds to start); each scenario uses its own comment ids and accounts only for
them, and leaves the five services running for the next one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
import redis.asyncio as aioredis

from shared.db import make_engine, make_sessionmaker
from shared.migrate import migrate
from tests.reliability import report
from tests.reliability.pipeline import CLAIM_IDLE_MS, PREFIX, TOKEN, Pipeline
from tests.reliability.servers import PrivatePostgres, PrivateRedis, free_ports
from webcare import runner

_DATABASE = "webcare_reliability"


@pytest.fixture(scope="session")
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def pipeline(
    private_redis: PrivateRedis, private_postgres: PrivatePostgres
) -> AsyncIterator[Pipeline]:
    database_url = private_postgres.url(_DATABASE)
    await migrate(database_url)
    env = {
        "WEBCARE_REDIS_URL": private_redis.url,
        "WEBCARE_DATABASE_URL": database_url,
        "WEBCARE_STREAM_PREFIX": PREFIX,
        "WEBCARE_API_TOKEN": TOKEN,
        "WEBCARE_CLAIM_IDLE_MS": str(CLAIM_IDLE_MS),
        "WEBCARE_POLL_INTERVAL_MS": "20",
        "WEBCARE_MAX_DELIVERIES": "5",
        "WEBCARE_LOG_LEVEL": "WARNING",
        # Webhooks are enabled (with secrets the fuzzer does not know) so they get fuzzed
        # past the "disabled" answer, into signature checking.
        "WEBCARE_META_APP_SECRET": "rel-meta-secret",
        "WEBCARE_META_VERIFY_TOKEN": "rel-meta-verify",
        "WEBCARE_X_CONSUMER_SECRET": "rel-x-secret",
        "WEBCARE_TRUSTPILOT_TOKEN": "rel-trustpilot",
        "WEBCARE_GOOGLE_PUSH_TOKEN": "rel-google",
    }
    ports = dict(zip(runner.SERVICES, free_ports(len(runner.SERVICES)), strict=True))
    log_dir = Path(tempfile.mkdtemp(prefix="webcare-rel-logs-"))
    engine = make_engine(database_url)
    client = aioredis.Redis.from_url(private_redis.url, socket_timeout=5)
    p = Pipeline(
        redis_server=private_redis,
        postgres=private_postgres,
        env=env,
        ports=ports,
        log_dir=log_dir,
        engine=engine,
        sessions=make_sessionmaker(engine),
        redis=client,
    )
    try:
        p.procs = await runner.start(env=env, ports=ports, log_dir=log_dir)
        await runner.wait_ready(p.procs)
        yield p
    finally:
        await runner.stop(p.procs)
        await client.aclose()
        await engine.dispose()
        if os.environ.get("WEBCARE_RELIABILITY_KEEP_LOGS"):
            print(f"\nreliability: service logs in {log_dir}")
        else:
            shutil.rmtree(log_dir, ignore_errors=True)


@pytest_asyncio.fixture(loop_scope="session")
async def live(pipeline: Pipeline) -> AsyncIterator[Pipeline]:
    """The pipeline with each of the five services running once, as a scenario expects it."""
    for service in runner.SERVICES:
        if service not in pipeline.alive():
            await pipeline.start_service(service)
    yield pipeline
    for label in pipeline.alive():
        if "." in label:  # a replica a scenario added
            await pipeline.stop(label)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not report.RESULTS:
        return
    terminalreporter.section("reliability scenarios")
    for line in report.table():
        terminalreporter.write_line(line)
    path = report.write_json()
    if path is not None:
        terminalreporter.write_line(f"written to {path}")
