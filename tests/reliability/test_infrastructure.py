"""Redis and Postgres restarted mid-run; a consumer that hangs with entries in hand."""

from __future__ import annotations

import asyncio
import os
import signal
import socket

import pytest

from shared.streams import SUBSCRIPTIONS, Group
from tests.reliability.driver import Run, with_fault
from tests.reliability.pipeline import Pipeline
from tests.reliability.report import record
from webcare.runner import SERVICES

pytestmark = [pytest.mark.reliability, pytest.mark.asyncio(loop_scope="session")]


async def test_redis_restarted_mid_run_services_reconnect_and_nothing_is_lost(
    live: Pipeline,
) -> None:
    async def restart(_: Run) -> None:
        await live.restart_redis(down_s=2.0)

    result = record(await with_fault(live, "redis-restart", restart))
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert sorted(live.alive()) == sorted(SERVICES), "no service died while Redis was away"


async def test_postgres_restarted_mid_run_transactions_are_retried_and_nothing_half_written(
    live: Pipeline,
) -> None:
    async def restart(_: Run) -> None:
        await live.restart_postgres(down_s=2.0)

    result = record(await with_fault(live, "postgres-restart", restart))
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert sorted(live.alive()) == sorted(SERVICES), "no service died while Postgres was away"


@pytest.mark.parametrize("service", ["classify", "route"])
async def test_a_hung_consumer_has_its_pending_entries_claimed_by_another_replica(
    live: Pipeline, service: str
) -> None:
    replica = await live.add_replica(service)
    hung = live.process(service)
    held: list[str] = []

    async def hang(_: Run) -> None:
        held.extend(await _stop_while_holding_entries(live, hung.proc.pid, service))

    try:
        result = await with_fault(live, f"sigstop-{service}", hang, at=0.3)
        # Still stopped: whatever it held can only have been finished by the other replica.
        still_held = await _held(live, hung.proc.pid, service)
    finally:
        os.kill(hung.proc.pid, signal.SIGCONT)
    record({**result, "held_by_hung": len(held)})
    assert held, "the consumer was stopped with entries in hand"
    assert still_held == [], "its pending entries were claimed and acknowledged by the replica"
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert replica.name in live.alive()


async def _held(p: Pipeline, pid: int, service: str) -> list[str]:
    """Entry ids pending for the reader and claimer of the process ``pid``."""
    names = {
        f"{service}-{socket.gethostname()}-{pid}",
        f"{service}-{socket.gethostname()}-{pid}-claimer",
    }
    held: list[str] = []
    for stream in SUBSCRIPTIONS[Group(service)]:
        for name in names:
            rows = await p.redis.xpending_range(
                p.key(stream), service, min="-", max="+", count=10_000, consumername=name
            )
            held += [r["message_id"].decode() for r in rows]
    return held


async def _stop_while_holding_entries(p: Pipeline, pid: int, service: str) -> list[str]:
    """SIGSTOP the process at a moment it has read entries and not yet acknowledged them."""
    for _ in range(500):
        os.kill(pid, signal.SIGSTOP)
        held = await _held(p, pid, service)
        if held:
            return held
        os.kill(pid, signal.SIGCONT)
        await asyncio.sleep(0.005)
    return []
