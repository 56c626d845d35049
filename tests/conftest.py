"""Fixtures for tests against real Redis and Postgres.

Each test gets its own database (copied from a migrated template, so it is fast) and its
own stream prefix, so tests can run in any order. The servers come from
``WEBCARE_TEST_REDIS_URL`` / ``WEBCARE_TEST_DATABASE_URL`` (or the ``WEBCARE_*`` URLs), or
the local defaults; with a Docker engine and no local server, testcontainers starts them.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
import redis
import redis.asyncio as aioredis
from sqlalchemy.engine import make_url

from shared.migrate import alembic_config
from shared.settings import DEFAULT_POLICY_FILE, Settings

ROOT = Path(__file__).resolve().parent.parent
_LOCAL_REDIS = "redis://127.0.0.1:6379/15"
_LOCAL_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


async def _pg_answers(url: str) -> bool:
    try:
        conn = await asyncpg.connect(
            make_url(url).set(drivername="postgresql").render_as_string(False), timeout=2
        )
    except (OSError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    url = (
        os.environ.get("WEBCARE_TEST_REDIS_URL")
        or os.environ.get("WEBCARE_REDIS_URL")
        or _LOCAL_REDIS
    )
    if _redis_answers(url):
        yield url
        return
    try:
        from testcontainers.redis import RedisContainer  # type: ignore[import-not-found]
    except ImportError:
        pytest.fail(f"no Redis at {url}: start one or set WEBCARE_TEST_REDIS_URL")
    with RedisContainer("redis:7-alpine") as container:  # pragma: no cover - needs Docker
        yield f"redis://{container.get_container_host_ip()}:{container.get_exposed_port(6379)}/0"


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    url = os.environ.get("WEBCARE_TEST_DATABASE_URL") or _LOCAL_PG
    if asyncio.run(_pg_answers(url)):
        yield url
        return
    try:
        from testcontainers.postgres import PostgresContainer  # type: ignore[import-not-found]
    except ImportError:
        pytest.fail(f"no Postgres at {url}: start one or set WEBCARE_TEST_DATABASE_URL")
    with PostgresContainer("postgres:16-alpine", driver="asyncpg") as container:  # pragma: no cover
        yield container.get_connection_url()


def _plain(url: str, database: str) -> str:
    return make_url(url).set(drivername="postgresql", database=database).render_as_string(False)


@pytest.fixture(scope="session")
def template_database(postgres_admin_url: str) -> Iterator[str]:
    """A database migrated once per test session; each test copies it."""
    from alembic import command

    name = f"webcare_tpl_{os.getpid()}"

    async def create() -> None:
        conn = await asyncpg.connect(_plain(postgres_admin_url, "postgres"))
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(create())
    command.upgrade(
        alembic_config(make_url(postgres_admin_url).set(database=name).render_as_string(False)),
        "heads",
    )
    yield name

    async def drop() -> None:
        conn = await asyncpg.connect(_plain(postgres_admin_url, "postgres"))
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    asyncio.run(drop())


@pytest.fixture
async def database_url(postgres_admin_url: str, template_database: str) -> AsyncIterator[str]:
    name = f"webcare_t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(_plain(postgres_admin_url, "postgres"))
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"')
    finally:
        await conn.close()
    yield make_url(postgres_admin_url).set(database=name).render_as_string(False)
    conn = await asyncpg.connect(_plain(postgres_admin_url, "postgres"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
async def stream_prefix(redis_client: aioredis.Redis) -> AsyncIterator[str]:
    prefix = f"t{uuid.uuid4().hex[:10]}"
    yield prefix
    keys = [k async for k in redis_client.scan_iter(match=f"{prefix}.*", count=1000)]
    if keys:
        await redis_client.delete(*keys)


@pytest.fixture
def settings(redis_url: str, database_url: str, stream_prefix: str) -> Settings:
    return Settings(
        redis_url=redis_url,
        database_url=database_url,
        stream_prefix=stream_prefix,
        policy_file=DEFAULT_POLICY_FILE,
        api_token="test-token",  # type: ignore[arg-type]
        poll_interval_ms=20,
        claim_idle_ms=1_000,
        max_deliveries=3,
        sla_check_interval_s=0.2,
    )
