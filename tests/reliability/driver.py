"""Send a known set of comments at a steady rate, then account for every one of them.

The sender behaves like an integrator: a comment counts as accepted once ``XADD`` returned
its id or ``POST /v1/comments`` answered 202; on a connection error or a 5xx it retries.
The accounting reads Postgres and the DLQ: every accepted comment must have exactly one
classification and decision, at most one case, at most one reply of each kind, each side
effect recorded once in the history, and the DLQ must hold exactly the poison inputs.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import redis.exceptions as redis_errors
from sqlalchemy import text

from shared.streams import Stream
from tests.reliability.pipeline import TOKEN, Pipeline, wait_until
from webcare.benchdata import make_comments

#: Decisions that get a public draft (see webcare.demo.DRAFTED).
DRAFTED = ("respond_offline", "answer", "thank", "human_review", "escalate_crisis")
_SEND_GIVE_UP_S = 60.0


@dataclass
class Run:
    name: str
    comments: list[dict[str, Any]]
    accepted: dict[str, float] = field(default_factory=dict)
    #: (source stream key, entry id, service) of every entry that must end in the DLQ.
    expected_dlq: set[tuple[str, str, str]] = field(default_factory=set)
    sent_poison: int = 0
    rejected_http: int = 0
    dlq_mark: str = "0-0"
    fault_at: float | None = None
    back_at: float | None = None
    recovered_at: float | None = None

    @property
    def prefix(self) -> str:
        return self.comments[0]["external_id"].rsplit("-", 1)[0] if self.comments else self.name


async def new_run(p: Pipeline, name: str, n: int) -> Run:
    run = Run(name, make_comments(f"{name}-{int(time.time() * 1000)}", n, datetime.now(UTC)))
    last = await p.redis.xrevrange(p.key(Stream.DLQ), count=1)
    run.dlq_mark = last[0][0].decode() if last else "0-0"
    return run


async def send_one(
    p: Pipeline, http: httpx.AsyncClient, comment: dict[str, Any], via_http: bool
) -> None:
    """Deliver one comment, retrying connection trouble and 5xx like an integrator would."""
    deadline = time.monotonic() + _SEND_GIVE_UP_S
    while True:
        try:
            if via_http:
                response = await http.post(
                    "/v1/comments", json=comment, headers={"Authorization": f"Bearer {TOKEN}"}
                )
                if response.status_code == 202:
                    return
                if response.status_code < 500:
                    raise AssertionError(
                        f"valid comment refused: {response.status_code} {response.text}"
                    )
            else:
                payload = json.dumps(comment, ensure_ascii=False)
                await p.redis.xadd(p.key(Stream.COMMENTS_INBOUND), {"data": payload})
                return
        except (
            httpx.TransportError,
            redis_errors.ConnectionError,
            redis_errors.TimeoutError,
            OSError,
        ):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(
                f"could not deliver {comment['external_id']} for {_SEND_GIVE_UP_S}s"
            )
        await asyncio.sleep(0.1)


async def send_steady(p: Pipeline, run: Run, *, rate: float, http_every: int = 4) -> None:
    """Every comment at ``rate`` per second; one in ``http_every`` over HTTP, the rest XADD."""
    start = time.monotonic()
    async with httpx.AsyncClient(base_url=p.base_url, timeout=10) as http:
        for i, comment in enumerate(run.comments):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            await send_one(p, http, comment, via_http=i % http_every == 0)
            run.accepted[comment["external_id"]] = time.monotonic()


async def sent_at_least(run: Run, n: int) -> None:
    await wait_until(
        lambda: _true(len(run.accepted) >= n), timeout=60, what=f"{n} comments sent", every=0.02
    )


async def _true(value: bool) -> bool:
    return value


_OUTCOMES = text(
    """
    SELECT c.external_id,
           count(*) OVER (PARTITION BY c.external_id) AS versions,
           (SELECT count(*) FROM classifications k WHERE k.comment_id = c.id) AS classifications,
           d.action, d.case_id,
           (SELECT count(*) FROM cases s WHERE s.comment_id = c.id) AS cases,
           (SELECT count(*) FROM case_events e
             WHERE e.comment_id = c.id AND e.event = 'decision') AS decision_events,
           (SELECT count(*) FROM replies r
             WHERE r.case_id = d.case_id AND r.kind = 'public_reply') AS public_replies,
           (SELECT max(r.created_at) FROM replies r WHERE r.case_id = d.case_id) AS drafted_at,
           (SELECT count(*) FROM case_events e
             WHERE e.case_id = d.case_id AND e.event = 'reply.drafted') AS drafted_events,
           (SELECT count(*) FROM case_events e
             WHERE e.case_id = d.case_id AND e.event = 'sla.started') AS sla_started
      FROM comments c LEFT JOIN decisions d ON d.comment_id = c.id
     WHERE c.external_id LIKE :prefix
    """
)


async def outcomes(p: Pipeline, run: Run) -> dict[str, dict[str, Any]]:
    async with p.sessions() as session:
        rows = (await session.execute(_OUTCOMES, {"prefix": f"{run.prefix}-%"})).mappings().all()
    return {r["external_id"]: dict(r) for r in rows}


def is_done(row: dict[str, Any] | None) -> bool:
    """Every stage has done its part for this comment."""
    if row is None or row["classifications"] < 1 or row["action"] is None:
        return False
    if row["case_id"] is None:
        return True
    drafted = row["action"] not in DRAFTED or row["public_replies"] >= 1
    return drafted and row["sla_started"] >= 1


async def all_done(p: Pipeline, run: Run, ids: list[str] | None = None) -> bool:
    rows = await outcomes(p, run)
    return all(is_done(rows.get(i)) for i in (ids if ids is not None else list(run.accepted)))


async def watch_recovery(p: Pipeline, run: Run) -> None:
    """Stamp ``recovered_at``: when every comment accepted before the fault ended is done."""
    assert run.back_at is not None
    before = [i for i, t in run.accepted.items() if t <= run.back_at]
    await wait_until(lambda: all_done(p, run, before), timeout=90, what="recovery", every=0.1)
    run.recovered_at = time.monotonic()


async def dlq_since(p: Pipeline, run: Run) -> list[dict[str, Any]]:
    rows = await p.redis.xrange(p.key(Stream.DLQ), min=f"({run.dlq_mark}")
    return [json.loads(fields[b"data"]) for _, fields in rows]


async def finish(p: Pipeline, run: Run, *, timeout: float = 90) -> dict[str, Any]:
    """Wait for the pipeline to settle, check the invariants and return the scenario's numbers."""
    await wait_until(
        lambda: all_done(p, run), timeout=timeout, what=f"{run.name}: every comment done"
    )

    async def settled() -> bool:
        dead = {(d["source_stream"], d["entry_id"], d["service"]) for d in await dlq_since(p, run)}
        return dead >= run.expected_dlq and not any((await p.pending()).values())

    await wait_until(settled, timeout=30, what=f"{run.name}: DLQ entries and no pending entries")
    rows = await outcomes(p, run)
    dlq = await dlq_since(p, run)

    lost = [i for i in run.accepted if not is_done(rows.get(i))]
    extra = {
        "comment versions": sum(r["versions"] - 1 for r in rows.values()),
        "classifications": sum(max(r["classifications"] - 1, 0) for r in rows.values()),
        "cases": sum(max(r["cases"] - 1, 0) for r in rows.values()),
        "decision history": sum(max(r["decision_events"] - 1, 0) for r in rows.values()),
        "public replies": sum(max(r["public_replies"] - 1, 0) for r in rows.values()),
        "reply.drafted history": sum(
            max(r["drafted_events"] - r["public_replies"], 0) for r in rows.values()
        ),
        "sla.started history": sum(max(r["sla_started"] - 1, 0) for r in rows.values()),
    }
    unknown = set(rows) - set(run.accepted)
    assert not unknown, (
        f"{run.name}: comments stored that were never accepted: {sorted(unknown)[:5]}"
    )
    assert not lost, f"{run.name}: {len(lost)} accepted comments not fully processed: {lost[:5]}"
    assert not any(extra.values()), f"{run.name}: duplicated effects {extra}"
    for r in rows.values():
        # A decision names its case exactly when the case exists: nothing half-written.
        assert (r["case_id"] is not None) == (r["cases"] == 1), f"{run.name}: {r}"
    dead = [(d["source_stream"], d["entry_id"], d["service"]) for d in dlq]
    assert len(dead) == len(set(dead)), f"{run.name}: an input is in the DLQ twice: {dead}"
    assert set(dead) == run.expected_dlq, (
        f"{run.name}: DLQ differs from the poison sent; unexpected "
        f"{[d['reason'][:120] for d in dlq if (d['source_stream'], d['entry_id'], d['service']) not in run.expected_dlq]}, "
        f"missing {run.expected_dlq - set(dead)}"
    )
    started = min(run.accepted.values(), default=time.monotonic())
    return {
        "scenario": run.name,
        "sent": len(run.comments) + run.sent_poison,
        "accepted": len(run.accepted),
        "processed": sum(1 for i in run.accepted if is_done(rows.get(i))),
        "duplicated": sum(extra.values()),
        "lost": len(lost),
        "dlq": len(dlq),
        "rejected_http": run.rejected_http,
        "fault_s": round(run.back_at - run.fault_at, 2) if run.fault_at and run.back_at else None,
        "recovery_s": round(run.recovered_at - run.back_at, 2)
        if run.recovered_at and run.back_at
        else None,
        "wall_s": round(time.monotonic() - started, 1),
    }


async def with_fault(
    p: Pipeline, name: str, fault: Any, *, n: int = 240, rate: float = 80, at: float = 0.35
) -> dict[str, Any]:
    """Send ``n`` comments at ``rate``; once ``at`` of them are in, run ``fault(run)`` (which
    returns when the faulty part is back), then account for every comment."""
    run = await new_run(p, name, n)
    sender = asyncio.create_task(send_steady(p, run, rate=rate))
    try:
        await sent_at_least(run, int(n * at))
        run.fault_at = time.monotonic()
        await fault(run)
        run.back_at = time.monotonic()
        await asyncio.gather(sender, watch_recovery(p, run))
    finally:
        sender.cancel()
    return await finish(p, run)
