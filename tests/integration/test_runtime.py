"""The delivery rules on real Redis and Postgres, with a stage whose processing can fail."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import pytest
import redis.asyncio as aioredis
from faststream.redis import RedisBroker
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared import wire
from shared.clock import SystemClock
from shared.db import make_engine, make_sessionmaker
from shared.events import DlqEntry
from shared.runtime import Item, Outbox, Publisher, StageConsumer, ensure_groups, is_transient
from shared.settings import Settings
from shared.streams import Group, Stream
from tests.helpers import events, wait_for

pytestmark = pytest.mark.integration


class Flaky:
    """Stores each item's value; a value of "poison" always fails, "once" fails the first time."""

    def __init__(self) -> None:
        self.failed_once: set[str] = set()

    async def __call__(
        self, items: Sequence[Item[dict]], session: AsyncSession, out: Outbox
    ) -> None:
        for item in items:
            value = item.value["value"]
            if value == "poison":
                raise ValueError("cannot digest poison")
            if value == "once" and item.entry_id not in self.failed_once:
                self.failed_once.add(item.entry_id)
                raise RuntimeError("a passing bug")
            await session.execute(text("INSERT INTO seen (value) VALUES (:v)"), {"v": value})
            out.publish(Stream.NOTIFICATIONS_OUTBOUND, DlqEntryLike(value))


def DlqEntryLike(value: str) -> DlqEntry:  # noqa: N802 - any event model will do as output
    from datetime import UTC, datetime

    return DlqEntry(
        source_stream="x",
        entry_id=value,
        service="test",
        reason="output",
        attempts=0,
        payload={},
        at=datetime.now(UTC),
    )


async def _run(
    settings: Settings, redis_client: aioredis.Redis, process: Flaky, consumer_name: str
):
    engine = make_engine(settings.database_url)
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE IF NOT EXISTS seen (value text)"))
    s = settings.model_copy(update={"consumer_name": consumer_name})
    broker = RedisBroker(s.redis_url)
    consumer = StageConsumer(
        service="test",
        stream=Stream.COMMENTS_INBOUND,
        group=Group.INGEST,
        decode=lambda fields: wire.decode_fields(fields),
        process=process,
        settings=s,
        publisher=Publisher(redis_client, s),
        sessions=make_sessionmaker(engine),
        clock=SystemClock(),
    )
    consumer.register(broker)
    await ensure_groups(redis_client, s.stream_prefix, [(Stream.COMMENTS_INBOUND, Group.INGEST)])
    return broker, engine


async def _seen(engine) -> list[str]:
    async with engine.connect() as conn:
        return sorted(r[0] for r in await conn.execute(text("SELECT value FROM seen")))


async def test_a_poison_item_reaches_the_dlq_after_max_deliveries_and_the_rest_flows(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    broker, engine = await _run(settings, redis_client, Flaky(), "p1")
    key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    try:
        async with broker:
            await broker.start()
            for value in ("a", "poison", "b", "once", "c"):
                await redis_client.xadd(key, {"data": json.dumps({"value": value})})
            dlq = await wait_for(
                lambda: events(redis_client, settings, Stream.DLQ),
                timeout=30,
                what="the poison in the DLQ",
            )
            seen = await wait_for(
                lambda: _all(engine, 4), timeout=30, what="four good items stored"
            )
    finally:
        await engine.dispose()
    assert seen == ["a", "b", "c", "once"]
    assert len(dlq) == 1
    assert dlq[0]["payload"] == {"data": json.dumps({"value": "poison"})}
    assert "cannot digest poison" in dlq[0]["reason"]
    assert dlq[0]["attempts"] == settings.max_deliveries
    group = (await redis_client.xinfo_groups(key))[0]
    assert group["pending"] == 0


async def _all(engine, n: int):
    found = await _seen(engine)
    return found if len(found) >= n else None


async def test_entries_left_by_a_dead_consumer_are_claimed_and_processed_once(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    await ensure_groups(
        redis_client, settings.stream_prefix, [(Stream.COMMENTS_INBOUND, Group.INGEST)]
    )
    for value in ("x1", "x2", "x3"):
        await redis_client.xadd(key, {"data": json.dumps({"value": value})})
    # A consumer reads them and dies before acknowledging: they stay pending under its name.
    taken = await redis_client.xreadgroup(Group.INGEST.value, "dead-consumer", {key: ">"}, count=10)
    assert len(taken[0][1]) == 3
    broker, engine = await _run(settings, redis_client, Flaky(), "survivor")
    try:
        async with broker:
            await broker.start()
            seen = await wait_for(
                lambda: _all(engine, 3), timeout=30, what="the claimer to take them over"
            )
            await asyncio.sleep(0.3)
    finally:
        await engine.dispose()
    assert seen == ["x1", "x2", "x3"]
    assert (await redis_client.xinfo_groups(key))[0]["pending"] == 0
    assert await events(redis_client, settings, Stream.DLQ) == []


def test_connection_trouble_is_transient_and_a_bug_is_not() -> None:
    import asyncpg
    import redis.exceptions
    from sqlalchemy.exc import OperationalError

    assert is_transient(redis.exceptions.ConnectionError("reset"))
    assert is_transient(OperationalError("SELECT 1", {}, ConnectionRefusedError()))
    assert is_transient(asyncpg.CannotConnectNowError("starting up"))
    assert not is_transient(ValueError("bad value"))
    assert not is_transient(KeyError("missing"))


class Batches(Flaky):
    """Flaky, and remembers the size of every batch it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    async def __call__(
        self, items: Sequence[Item[dict]], session: AsyncSession, out: Outbox
    ) -> None:
        self.sizes.append(len(items))
        await super().__call__(items, session, out)


async def test_a_dead_consumers_entries_are_claimed_as_a_batch_not_one_at_a_time(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    key = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    await ensure_groups(
        redis_client, settings.stream_prefix, [(Stream.COMMENTS_INBOUND, Group.INGEST)]
    )
    values = [f"b{n}" for n in range(12)]
    for value in values:
        await redis_client.xadd(key, {"data": json.dumps({"value": value})})
    taken = await redis_client.xreadgroup(Group.INGEST.value, "dead-consumer", {key: ">"}, count=50)
    assert len(taken[0][1]) == len(values)
    process = Batches()
    broker, engine = await _run(settings, redis_client, process, "survivor")
    try:
        async with broker:
            await broker.start()
            seen = await wait_for(
                lambda: _all(engine, len(values)), timeout=30, what="the claimer to take them"
            )
            await asyncio.sleep(0.3)
    finally:
        await engine.dispose()
    assert seen == sorted(values)
    # FastStream's claimer hands over one entry; the rest of the batch is claimed with it.
    assert max(process.sizes) == len(values), process.sizes
    assert (await redis_client.xinfo_groups(key))[0]["pending"] == 0
    assert await events(redis_client, settings, Stream.DLQ) == []


@pytest.mark.parametrize("max_acks", [7000, 0], ids=["script", "multi"])
async def test_a_send_writes_every_entry_and_acknowledges_its_batch(
    settings: Settings, redis_client: aioredis.Redis, monkeypatch: pytest.MonkeyPatch, max_acks: int
) -> None:
    """Events, DLQ entries and the XACK in one step, by the script or (a very large
    acknowledgement) by MULTI: every field arrives, the trimmed stream is capped."""
    from datetime import UTC, datetime
    from uuid import uuid4

    from shared import runtime
    from shared.events import Notification

    monkeypatch.setattr(runtime, "_SCRIPT_MAX_ACKS", max_acks)
    s = settings.model_copy(update={"stream_maxlen": 5})
    inbound = Stream.COMMENTS_INBOUND.key(s.stream_prefix)
    await ensure_groups(redis_client, s.stream_prefix, [(Stream.COMMENTS_INBOUND, Group.INGEST)])
    ids = [(await redis_client.xadd(inbound, {"n": str(i)})).decode() for i in range(3)]
    await redis_client.xreadgroup(Group.INGEST.value, "c", {inbound: ">"})
    now = datetime.now(UTC)
    notes = [
        Notification(
            correlation_id=f"n{i}",
            kind="new_case",
            case_id=uuid4(),
            priority="normal",
            assignee=None,
            summary="s",
            at=now,
        )
        for i in range(300)
    ]
    dead = DlqEntry(
        source_stream=inbound,
        entry_id=ids[0],
        service="test",
        reason="invalid input: x",
        attempts=1,
        payload={"n": "0"},
        at=now,
    )
    publisher = Publisher(redis_client, s)
    await publisher.send(
        [(Stream.NOTIFICATIONS_OUTBOUND, n) for n in notes],
        dead=[dead],
        ack=(Stream.COMMENTS_INBOUND, Group.INGEST, ids),
        encoded={id(notes[0]): notes[0].model_dump_json()},
    )
    stream = Stream.NOTIFICATIONS_OUTBOUND.key(s.stream_prefix)
    written = await redis_client.xrange(stream)
    last = written[-1][1]
    assert 5 <= len(written) < 300, "the notifications stream is trimmed (approximately)"
    assert last[b"type"] == b"notification" and last[b"correlation_id"] == b"n299"
    assert Notification.model_validate_json(last[b"data"]) == notes[-1]
    dlq = await events(redis_client, s, Stream.DLQ)
    assert len(dlq) == 1 and dlq[0]["entry_id"] == ids[0]
    assert (await redis_client.xpending(inbound, Group.INGEST.value))["pending"] == 0


async def test_a_send_without_an_acknowledgement_names_only_keys_of_its_prefix(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    """A Redis cluster refuses a script whose keys lie in other slots: with a hash-tag
    prefix every key must carry the prefix, also the acknowledgement's when there is none."""
    from datetime import UTC, datetime
    from uuid import uuid4

    from shared.events import Notification

    publisher = Publisher(redis_client, settings)
    script = publisher._script
    seen: list[list[str]] = []

    async def recording(*, keys: list[str], args: list[str | int]) -> object:
        seen.append(list(keys))
        return await script(keys=keys, args=args)

    publisher._script = recording  # type: ignore[assignment]
    note = Notification(
        correlation_id="n",
        kind="new_case",
        case_id=uuid4(),
        priority="normal",
        assignee=None,
        summary="s",
        at=datetime.now(UTC),
    )
    await publisher.send([(Stream.NOTIFICATIONS_OUTBOUND, note)])
    assert seen and all(key.startswith(settings.stream_prefix + ".") for key in seen[0])
    assert len(await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)) == 1


@pytest.mark.parametrize("max_acks", [7000, 0], ids=["script", "multi"])
async def test_an_event_sent_once_goes_out_once_however_often_its_batch_is_sent(
    settings: Settings, redis_client: aioredis.Redis, monkeypatch: pytest.MonkeyPatch, max_acks: int
) -> None:
    """A batch handled twice at once (claimed while its first consumer was slow) sends its
    events twice: those with a ``once`` key go out the first time only, the rest each time."""
    from datetime import UTC, datetime
    from uuid import uuid4

    from shared import runtime
    from shared.events import Notification

    monkeypatch.setattr(runtime, "_SCRIPT_MAX_ACKS", max_acks)
    inbound = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
    await ensure_groups(
        redis_client, settings.stream_prefix, [(Stream.COMMENTS_INBOUND, Group.INGEST)]
    )
    entry = (await redis_client.xadd(inbound, {"n": "1"})).decode()
    await redis_client.xreadgroup(Group.INGEST.value, "c", {inbound: ">"})
    case = uuid4()

    def note(kind: str) -> Notification:
        return Notification(
            correlation_id="c1",
            kind=kind,  # type: ignore[arg-type]
            case_id=case,
            priority="normal",
            assignee=None,
            summary="s",
            at=datetime.now(UTC),
        )

    publisher = Publisher(redis_client, settings)
    for _ in range(2):
        out = Outbox()
        out.publish(Stream.NOTIFICATIONS_OUTBOUND, note("new_case"), once=f"new_case:{case}")
        out.publish(Stream.NOTIFICATIONS_OUTBOUND, note("legal_hold"), once=f"legal_hold:{case}")
        out.publish(Stream.NOTIFICATIONS_OUTBOUND, note("spike"))
        await publisher.send(
            out.events, ack=(Stream.COMMENTS_INBOUND, Group.INGEST, [entry]), once=out.once
        )
    sent = await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)
    assert [n["kind"] for n in sent] == ["new_case", "legal_hold", "spike", "spike"]
    key = publisher._once_key(Stream.NOTIFICATIONS_OUTBOUND, f"new_case:{case}")
    assert 0 < await redis_client.ttl(key) <= runtime.ONCE_TTL_S, "the key is forgotten later"
    assert (await redis_client.xpending(inbound, Group.INGEST.value))["pending"] == 0
