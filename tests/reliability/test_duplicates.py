"""Duplicate delivery: every stage gets the same stream entries a second time.

After a run has been processed, each stage's entries are put back in the state a crash
between commit and ack leaves them in: effects committed, entry pending for a consumer that
is gone. The stage's claimer takes them over after the idle timeout and processes them
again; the second delivery must republish, never decide twice.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from shared.streams import SUBSCRIPTIONS, Stream
from tests.reliability.driver import finish, new_run, send_steady
from tests.reliability.pipeline import Pipeline, wait_until
from tests.reliability.report import record
from webcare.runner import SERVICES

pytestmark = [pytest.mark.reliability, pytest.mark.asyncio(loop_scope="session")]


async def _last_id(p: Pipeline, stream: Stream) -> str:
    last = await p.redis.xrevrange(p.key(stream), count=1)
    return last[0][0].decode() if last else "0-0"


async def _crash_after_commit(p: Pipeline, stream: Stream, group: str, since: str) -> int:
    """Deliver every entry after ``since`` again, to a consumer that then 'dies' unacked."""
    service = p.process(group)
    os.kill(service.proc.pid, signal.SIGSTOP)  # its reader must not take them first
    try:
        await p.redis.xgroup_setid(p.key(stream), group, since)
        read = await p.redis.xreadgroup(
            group, f"{group}-crashed", {p.key(stream): ">"}, count=100_000
        )
    finally:
        os.kill(service.proc.pid, signal.SIGCONT)
    return sum(len(entries) for _, entries in read)


async def test_entries_processed_twice_after_a_crash_between_commit_and_ack_change_nothing(
    live: Pipeline,
) -> None:
    pairs = [
        (stream, group.value)
        for group, streams in SUBSCRIPTIONS.items()
        if group.value in SERVICES
        for stream in streams
        if stream is not Stream.CASES_UPDATES
    ]
    run = await new_run(live, "duplicate-delivery", 200)
    marks = {stream: await _last_id(live, stream) for stream, _ in pairs}
    await send_steady(live, run, rate=150)
    first = await finish(live, run)
    assert first["lost"] == 0

    run.fault_at = time.monotonic()
    redelivered = {
        f"{stream.value}/{group}": await _crash_after_commit(live, stream, group, marks[stream])
        for stream, group in pairs
    }
    run.back_at = time.monotonic()
    assert all(redelivered.values()), redelivered

    async def crashed_consumers_drained() -> bool:
        for stream, group in pairs:
            for consumer in await live.redis.xinfo_consumers(live.key(stream), group):
                name = consumer["name"]
                name = name.decode() if isinstance(name, bytes) else name
                if name.endswith("-crashed") and consumer["pending"]:
                    return False
        return True

    await wait_until(crashed_consumers_drained, timeout=60, what="the claimers to take over")
    run.recovered_at = time.monotonic()
    result = record({**await finish(live, run), "redelivered": sum(redelivered.values())})
    assert result["lost"] == 0 and result["duplicated"] == 0
