"""The ceiling for ``webcare bench``: a bare chain of Redis stream hops in Python, no work.

Each hop is its own process, like a service: it reads a batch from its group
(``XREADGROUP``), writes every entry to the next stream and acknowledges the batch in one
``MULTI`` pipeline, and does nothing else. What this chain moves end to end on the same
Redis is what a pipeline of the same shape could move if its stages cost nothing.

Run one hop: ``python -m webcare.benchchain REDIS_URL SOURCE DEST GROUP BATCH``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Sequence

import redis.asyncio as aioredis
import redis.exceptions as redis_errors

_BLOCK_MS = 100
_PUBLISH_CHUNK = 500


async def hop(redis_url: str, source: str, dest: str, group: str, batch: int) -> None:
    client = aioredis.Redis.from_url(redis_url)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    consumer = f"{group}-{os.getpid()}"
    while not stopping.is_set():
        read = await client.xreadgroup(group, consumer, {source: ">"}, count=batch, block=_BLOCK_MS)
        if not read:
            continue
        entries = read[0][1]
        async with client.pipeline(transaction=True) as pipe:
            for _, fields in entries:
                pipe.xadd(dest, fields)
            pipe.xack(source, group, *[entry_id for entry_id, _ in entries])
            await pipe.execute()
    await client.aclose()


async def _create_groups(client: aioredis.Redis, keys: Sequence[str]) -> None:
    for i, key in enumerate(keys[:-1]):
        try:
            await client.xgroup_create(key, f"hop{i + 1}", id="0", mkstream=True)
        except redis_errors.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise


async def run_chain(
    redis_url: str,
    prefix: str,
    payloads: Sequence[dict[str, str]],
    *,
    hops: int = 5,
    batch: int = 200,
    timeout_s: float = 600.0,
) -> dict[str, float]:
    """Push ``payloads`` through ``hops`` bare hops; return throughput and wall time."""
    client = aioredis.Redis.from_url(redis_url)
    keys = [f"{prefix}.chain.{i}" for i in range(hops + 1)]
    await client.delete(*keys)
    await _create_groups(client, keys)
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "webcare.benchchain",
            redis_url,
            keys[i],
            keys[i + 1],
            f"hop{i + 1}",
            str(batch),
        )  # fmt: skip
        for i in range(hops)
    ]
    try:
        await asyncio.sleep(1.0)  # let every hop start before the clock does
        start = time.monotonic()
        for offset in range(0, len(payloads), _PUBLISH_CHUNK):
            async with client.pipeline(transaction=False) as pipe:
                for fields in payloads[offset : offset + _PUBLISH_CHUNK]:
                    pipe.xadd(keys[0], fields)
                await pipe.execute()
        published = time.monotonic()
        while await client.xlen(keys[-1]) < len(payloads):
            if time.monotonic() - start > timeout_s:
                raise TimeoutError(f"bare chain did not finish in {timeout_s:.0f}s")
            await asyncio.sleep(0.02)
        done = time.monotonic()
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        await asyncio.gather(*(proc.wait() for proc in procs))
        await client.delete(*keys)
        await client.aclose()
    wall = done - start
    return {
        "hops": hops,
        "events": len(payloads),
        "wall_s": round(wall, 3),
        "publish_s": round(published - start, 3),
        "throughput_per_s": round(len(payloads) / wall, 1),
    }


def main() -> None:
    redis_url, source, dest, group, batch = sys.argv[1:6]
    asyncio.run(hop(redis_url, source, dest, group, int(batch)))


if __name__ == "__main__":
    main()
