"""``webcare up``: the five services as local processes, logs prefixed, Ctrl-C stops all."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.settings import SERVICE_PORTS

SERVICES = tuple(SERVICE_PORTS)
_COLOURS = {"ingest": 36, "classify": 35, "route": 33, "respond": 32, "followup": 34}
_READY_TIMEOUT_S = 60.0
_STOP_TIMEOUT_S = 25.0
#: Replica k of a service listens on its port plus k * this offset.
REPLICA_PORT_STEP = 100


@dataclass
class Process:
    name: str
    port: int
    proc: asyncio.subprocess.Process
    pump: asyncio.Task[None] | None = field(default=None)


def plan(
    replicas: Mapping[str, int],
    only: tuple[str, ...] = (),
    ports: Mapping[str, int] | None = None,
) -> list[tuple[str, str, int]]:
    """(label, service, port) for every process to start."""
    out = []
    for service in SERVICES:
        if only and service not in only:
            continue
        base = (ports or SERVICE_PORTS)[service]
        for k in range(replicas.get(service, 1)):
            label = service if k == 0 else f"{service}.{k + 1}"
            out.append((label, service, base + k * REPLICA_PORT_STEP))
    return out


async def _pump(label: str, stream: asyncio.StreamReader, colour: bool) -> None:
    prefix = (
        f"\x1b[{_COLOURS.get(label.split('.')[0], 37)}m{label:<10}\x1b[0m| "
        if colour
        else f"{label:<10}| "
    )
    while line := await stream.readline():
        sys.stdout.write(prefix + line.decode("utf-8", "replace"))
        sys.stdout.flush()


def _log_file(log_dir: Path, label: str) -> Any:
    log_dir.mkdir(parents=True, exist_ok=True)
    return open(log_dir / f"{label}.log", "ab")  # noqa: SIM115 - handed to the child


async def start(
    replicas: Mapping[str, int] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    only: tuple[str, ...] = (),
    ports: Mapping[str, int] | None = None,
    quiet: bool = False,
    log_dir: Path | None = None,
    labels: Mapping[str, str] | None = None,
    python_args: Mapping[str, list[str]] | None = None,
) -> list[Process]:
    """Start the planned processes. With ``log_dir``, each one appends its output to
    ``<log_dir>/<label>.log`` instead of the prefixed console (tests, benchmarks);
    ``labels`` renames a process (e.g. a replica started later); ``python_args`` puts
    interpreter arguments before ``-m`` for a label (e.g. ``-m cProfile -o FILE``)."""
    procs = []
    colour = sys.stdout.isatty()
    for label, service, port in plan(replicas or {}, only, ports):
        label = (labels or {}).get(label, label)
        child_env = {**os.environ, **(env or {}), "WEBCARE_PORT": str(port)}
        stdout: Any = asyncio.subprocess.DEVNULL if quiet else asyncio.subprocess.PIPE
        if log_dir is not None:
            stdout = _log_file(log_dir, label)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *(python_args or {}).get(label, []),
            "-m",
            f"services.{service}",
            stdout=stdout,
            stderr=asyncio.subprocess.STDOUT,
            env=child_env,
        )
        if log_dir is not None:
            stdout.close()  # the child has its own descriptor now
        p = Process(label, port, proc)
        if not quiet and log_dir is None and proc.stdout is not None:
            p.pump = asyncio.create_task(_pump(label, proc.stdout, colour))
        procs.append(p)
    return procs


def healthy(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


async def wait_ready(procs: list[Process], timeout: float = _READY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    pending = {p.name: p for p in procs}
    while pending:
        for name, p in list(pending.items()):
            if p.proc.returncode is not None:
                raise RuntimeError(
                    f"{name} exited with code {p.proc.returncode} before it was ready"
                )
            if await asyncio.to_thread(healthy, p.port):
                del pending[name]
        if time.monotonic() > deadline:
            raise TimeoutError(f"not healthy after {timeout:.0f}s: {', '.join(sorted(pending))}")
        await asyncio.sleep(0.3)


async def stop(procs: list[Process]) -> None:
    """SIGTERM every process (they finish their batch and ack), SIGKILL what hangs."""
    for p in procs:
        if p.proc.returncode is None:
            p.proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(asyncio.gather(*(p.proc.wait() for p in procs)), _STOP_TIMEOUT_S)
    except TimeoutError:
        for p in procs:
            if p.proc.returncode is None:
                p.proc.kill()
        await asyncio.gather(*(p.proc.wait() for p in procs))
    for p in procs:
        if p.pump is not None:
            await asyncio.gather(p.pump, return_exceptions=True)


async def run_until_stopped(procs: list[Process]) -> int:
    """Wait for Ctrl-C / SIGTERM, or for a service to die; then stop them all."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    waiters = [asyncio.create_task(p.proc.wait()) for p in procs]
    stop_task = asyncio.create_task(stopping.wait())
    done, _ = await asyncio.wait([stop_task, *waiters], return_when=asyncio.FIRST_COMPLETED)
    code = 0
    if stop_task not in done:
        dead = [p for p in procs if p.proc.returncode is not None]
        for p in dead:
            print(
                f"webcare: {p.name} exited with code {p.proc.returncode}; stopping the others",
                file=sys.stderr,
            )
        code = 1
    print("webcare: stopping (each service finishes its batch first)…", file=sys.stderr)
    await stop(procs)
    for t in waiters:
        t.cancel()
    stop_task.cancel()
    return code
