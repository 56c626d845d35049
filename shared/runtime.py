"""The delivery rules, implemented once for every stage.

A stage is a plain ``process(items, session, out)`` function; this module does the rest:

- a reader takes batches from its group (``XREADGROUP``), decodes each entry, and sends
  invalid input to the DLQ at once with the reason;
- the valid items are processed in one database transaction; the events they produce, the
  DLQ entries and the ``XACK`` go out in one ``MULTI`` pipeline after the commit, so an
  entry is acknowledged only once its effects are committed and its events published;
- a connection problem (Postgres or Redis restarting) is retried in place with backoff and
  never counts against the entry; any other error falls back to one item at a time, and an
  item that still fails stays pending;
- a claimer beside the reader takes over entries that stayed pending longer than the idle
  timeout (a crashed or hung consumer, a failing item) and, after ``max_deliveries``,
  sends them to the DLQ with the last error, acknowledged, never dropped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Generic, TypeVar

import asyncpg
import redis.asyncio as aioredis
import redis.exceptions as redis_errors
from faststream import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisBatchStreamMessage
from pydantic import BaseModel
from sqlalchemy import exc as sa_errors
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared import metrics, wire
from shared.clock import Clock
from shared.events import DlqEntry
from shared.logs import correlation_ids
from shared.settings import Settings
from shared.streams import UNCONSUMED, Group, Stream

T = TypeVar("T")
log = logging.getLogger("webcare.runtime")

_BACKOFF_START_S = 0.2
_BACKOFF_MAX_S = 5.0
_ERROR_TTL_S = 7 * 24 * 3600


#: Other consumers' pending entries a claimed batch's ``XPENDING`` range may read past.
_PENDING_SLACK = 1000


def _id_key(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def _after(entry_id: bytes | str) -> str:
    """The smallest stream id after ``entry_id``."""
    ms, seq = _id_key(entry_id.decode() if isinstance(entry_id, bytes) else entry_id)
    return f"{ms}-{seq + 1}"


def is_transient(exc: BaseException) -> bool:
    """Connection trouble that will pass: retry in place, never blame the message."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(
            current,
            ConnectionError
            | OSError
            | TimeoutError
            | redis_errors.ConnectionError
            | redis_errors.TimeoutError
            | redis_errors.BusyLoadingError
            | asyncpg.PostgresConnectionError
            | asyncpg.CannotConnectNowError
            | asyncpg.TooManyConnectionsError
            | asyncpg.SerializationError
            | asyncpg.DeadlockDetectedError
            | asyncpg.InterfaceError
            | sa_errors.OperationalError
            | sa_errors.InterfaceError,
        ):
            return True
        if isinstance(current, sa_errors.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, asyncpg.PostgresError) and getattr(current, "sqlstate", "") in (
            "57P01",  # admin_shutdown
            "57P02",  # crash_shutdown
            "57P03",  # cannot_connect_now
        ):
            return True
        current = current.__cause__ or current.__context__ or getattr(current, "orig", None)
    return False


@dataclass
class Outbox:
    """What processing produced: events to publish once the transaction has committed."""

    events: list[tuple[Stream, BaseModel]] = field(default_factory=list)
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    #: The JSON of events whose producer already encoded them (to store them), by ``id``.
    encoded: dict[int, str] = field(default_factory=dict)
    #: The key of events that go out at most once (``Publisher.send``), by ``id``.
    once: dict[int, str] = field(default_factory=dict)

    def publish(
        self, stream: Stream, event: BaseModel, *, data: str | None = None, once: str | None = None
    ) -> None:
        """``data`` is ``event`` as JSON when the caller has it already: encoded once.

        ``once`` names what the event announces (``"new_case:<case id>"``): an event with
        the key of one published in the last ``ONCE_TTL_S`` on the same stream is left out.
        For the outbound streams, whose readers (people, connectors) can't tell a second
        copy from a second message: a batch handled twice at the same time (its claimer
        took it over while the first consumer was slow) announces once."""
        self.events.append((stream, event))
        if data is not None:
            self.encoded[id(event)] = data
        if once is not None:
            self.once[id(event)] = once

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` (e.g. a metric) only if the batch's effects are committed."""
        self.after_commit.append(callback)

    def extend(self, other: Outbox) -> None:
        self.events.extend(other.events)
        self.after_commit.extend(other.after_commit)
        self.encoded.update(other.encoded)
        self.once.update(other.once)


@dataclass
class Item(Generic[T]):
    entry_id: str
    value: T


Process = Callable[[Sequence[Item[T]], AsyncSession, Outbox], Awaitable[None]]
Decode = Callable[[dict[bytes, bytes]], T]


#: How long an event's ``once`` key is remembered: far longer than a batch can be handled
#: twice (the claim timeout times the deliveries before the DLQ), short enough that the keys
#: of a busy day don't pile up in Redis.
ONCE_TTL_S: Final = 3600

#: Every ``XADD`` of a batch and its ``XACK`` in one script: atomic like ``MULTI``/``EXEC``,
#: with one reply to read instead of one per command. ``ARGV``: the number of entries and
#: the seconds a ``once`` key lives; per entry its ``MAXLEN`` ("" for a stream that is never
#: trimmed), its ``once`` key ("" for none: an entry with a key is left out when the key is
#: there already), its field count and the fields; then the number of ids to acknowledge,
#: the group and the ids. ``KEYS``: the stream of each entry, then the stream acknowledged.
_SEND_SCRIPT = """
local n, ttl = tonumber(ARGV[1]), ARGV[2]
local i = 3
for k = 1, n do
  local maxlen, once, count = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local fields = {}
  for j = 1, count * 2 do
    fields[j] = ARGV[i + 2 + j]
  end
  i = i + 3 + count * 2
  if once == '' or redis.call('SET', once, '1', 'NX', 'EX', ttl) then
    if maxlen == '' then
      redis.call('XADD', KEYS[k], '*', unpack(fields))
    else
      redis.call('XADD', KEYS[k], 'MAXLEN', '~', maxlen, '*', unpack(fields))
    end
  end
end
local acks = tonumber(ARGV[i])
if acks > 0 then
  redis.call('XACK', KEYS[n + 1], ARGV[i + 1], unpack(ARGV, i + 2, i + 1 + acks))
end
return n
"""

#: ``unpack`` in Redis's Lua takes at most about 8,000 values: a larger acknowledgement goes
#: out as one MULTI instead (as atomic, the same commands).
_SCRIPT_MAX_ACKS = 7000


class _WholeCommandPacking:
    """redis-py's ``pack_command``, for a command of many arguments: each argument is
    encoded and framed once and the command joined once, where redis-py copies its growing
    buffer at every argument (a batch's script call has a few thousand). Same bytes out."""

    def pack_command(self, *args: Any) -> list[bytes]:
        # As redis-py: a command name given with spaces ("CONFIG GET") is several arguments.
        first = args[0]
        if isinstance(first, str):
            args = (*first.encode().split(), *args[1:])
        elif b" " in first:
            args = (*first.split(), *args[1:])
        encode = self.encoder.encode  # type: ignore[attr-defined]
        pieces = [b"*%d\r\n" % len(args)]
        append = pieces.append
        for arg in args:
            kind = type(arg)
            if kind is str:
                arg = arg.encode()
            elif kind is not bytes:
                arg = encode(arg)  # ints, floats, str subclasses, buffers; errors as redis-py
            append(b"$%d\r\n" % len(arg))
            append(arg)
            append(b"\r\n")
        return [b"".join(pieces)]


def whole_command_packing(client: aioredis.Redis) -> aioredis.Redis:
    """``client`` with connections that pack each command in one pass (``_WholeCommandPacking``);
    the connection class keeps its kind (TCP, TLS, Unix socket). Returns ``client``."""
    pool = client.connection_pool
    base = pool.connection_class
    if not issubclass(base, _WholeCommandPacking):
        encoder = client.get_encoder()
        if (encoder.encoding.lower().replace("-", ""), encoder.encoding_errors) != (
            "utf8",
            "strict",
        ):
            return client  # the fast path encodes text as strict UTF-8 only
        pool.connection_class = type(
            f"WholeCommand{base.__name__}", (_WholeCommandPacking, base), {}
        )
    return client


class Publisher:
    """Writes events and DLQ entries; everything in one call goes out atomically, in one
    script (or, for a very large call, one MULTI)."""

    def __init__(self, redis: aioredis.Redis, settings: Settings) -> None:
        self.redis = redis
        self.settings = settings
        self.prefix = settings.stream_prefix
        self._script = redis.register_script(_SEND_SCRIPT)

    def key(self, stream: Stream) -> str:
        return stream.key(self.prefix)

    def _maxlen(self, stream: Stream) -> int | None:
        # Never trimmed: a stream a group reads must keep its unconsumed entries.
        return self.settings.stream_maxlen if stream in UNCONSUMED else None

    async def send(
        self,
        events: Sequence[tuple[Stream, BaseModel]] = (),
        *,
        dead: Sequence[DlqEntry] = (),
        ack: tuple[Stream, Group, Sequence[str]] | None = None,
        encoded: Mapping[int, str] | None = None,
        once: Mapping[int, str] | None = None,
    ) -> None:
        """``once``: by ``id`` of an event, the key that lets it out at most once
        (``Outbox.publish``)."""
        if not events and not dead and not (ack and ack[2]):
            return
        known = encoded or {}
        keyed = once or {}
        entries = [
            (
                stream,
                wire.encode(event, data=known.get(id(event))),
                self._once_key(stream, keyed[id(event)]) if id(event) in keyed else "",
            )
            for stream, event in events
        ]
        entries += [(Stream.DLQ, wire.encode(entry), "") for entry in dead]
        acked = list(ack[2]) if ack else []
        if len(acked) <= _SCRIPT_MAX_ACKS:
            await self._send_script(entries, ack)
        else:
            # The entries that go out at most once need the script; then the rest and the
            # acknowledgement as one MULTI. A crash in between leaves the batch pending: its
            # redelivery sends the rest again and finds the keyed ones sent.
            await self._send_script([e for e in entries if e[2]], None)
            await self._send_multi(
                [(stream, fields) for stream, fields, key in entries if not key], ack
            )
        published: dict[str, int] = {}
        for stream, _ in events:
            published[stream.value] = published.get(stream.value, 0) + 1
        for name, count in published.items():
            metrics.events_published.labels(name).inc(count)

    def _once_key(self, stream: Stream, once: str) -> str:
        return f"{self.key(stream)}.once.{once}"

    async def _send_script(
        self,
        entries: Sequence[tuple[Stream, dict[str, str], str]],
        ack: tuple[Stream, Group, Sequence[str]] | None,
    ) -> None:
        if not entries and not (ack and ack[2]):
            return
        keys: list[str] = []
        args: list[str | int] = [len(entries), ONCE_TTL_S]
        for stream, fields, once in entries:
            keys.append(self.key(stream))
            maxlen = self._maxlen(stream)
            args.append("" if maxlen is None else maxlen)
            args.append(once)
            args.append(len(fields))
            for name, value in fields.items():
                args.append(name)
                args.append(value)
        acked = list(ack[2]) if ack else []
        # Without an acknowledgement the script never reads this key, but a cluster checks
        # that every key is in one slot: name a stream of the same prefix, not "".
        keys.append(self.key(ack[0] if ack else Stream.DLQ))
        args.append(len(acked))
        args.append(ack[1].value if ack else "")
        args.extend(acked)
        await self._script(keys=keys, args=args)

    async def _send_multi(
        self,
        entries: Sequence[tuple[Stream, dict[str, str]]],
        ack: tuple[Stream, Group, Sequence[str]] | None,
    ) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            for stream, fields in entries:
                maxlen = self._maxlen(stream)
                if maxlen is None:
                    pipe.xadd(self.key(stream), fields)
                else:
                    pipe.xadd(self.key(stream), fields, maxlen=maxlen, approximate=True)
            if ack and ack[2]:
                pipe.xack(self.key(ack[0]), ack[1].value, *ack[2])
            await pipe.execute()


async def ensure_groups(
    redis: aioredis.Redis, prefix: str, pairs: Sequence[tuple[Stream, Group]]
) -> None:
    """Create each group at the start of its stream, so entries written before the first
    start of a service are consumed too (FastStream would create it at ``$``)."""
    for stream, group in pairs:
        try:
            await redis.xgroup_create(stream.key(prefix), group.value, id="0", mkstream=True)
        except redis_errors.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise


class StageConsumer(Generic[T]):
    """One stream read by one service: the reader, the claimer and the DLQ rules."""

    def __init__(
        self,
        *,
        service: str,
        stream: Stream,
        group: Group,
        decode: Decode[T],
        process: Process[T],
        settings: Settings,
        publisher: Publisher,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
    ) -> None:
        self.service = service
        self.stream = stream
        self.group = group
        self.decode = decode
        self.process = process
        self.settings = settings
        self.publisher = publisher
        self.sessions = sessions
        self.clock = clock
        self.key = stream.key(settings.stream_prefix)
        self.stopping = False
        self._errors_key = f"{settings.stream_prefix}.errors.{group.value}"

    # -- wiring ---------------------------------------------------------------------------

    def register(self, broker: RedisBroker) -> None:
        consumer = self.settings.consumer(self.service)

        async def keep_raw(msg: Any, original: Any) -> Any:
            # The stock parser fails on entries it cannot decode and would leave them
            # pending forever; hand it harmless placeholders and keep the real entries.
            safe = {**msg, "data": [{b"__data__": b"0"} for _ in msg["data"]]}
            parsed = await original(safe)
            parsed.raw_message = msg
            return parsed

        async def read(message: RedisBatchStreamMessage) -> None:
            raw = message.raw_message
            await self.handle(raw["message_ids"], raw["data"], claimed=False)

        async def claim(message: RedisBatchStreamMessage) -> None:
            raw = message.raw_message
            ids, entries = await self._claim_more(
                list(raw["message_ids"]), list(raw["data"]), f"{consumer}-claimer"
            )
            await self.handle(ids, entries, claimed=True)

        broker.subscriber(
            stream=StreamSub(
                self.key,
                group=self.group.value,
                consumer=consumer,
                batch=True,
                max_records=self.settings.batch_size,
                polling_interval=self.settings.poll_interval_ms,
            ),
            parser=keep_raw,
            ack_policy=AckPolicy.MANUAL,
            title=f"{self.service}:{self.stream.value}",
        )(read)
        broker.subscriber(
            stream=StreamSub(
                self.key,
                group=self.group.value,
                consumer=f"{consumer}-claimer",
                batch=True,
                min_idle_time=self.settings.claim_idle_ms,
                polling_interval=max(self.settings.claim_idle_ms // 4, 250),
            ),
            parser=keep_raw,
            ack_policy=AckPolicy.MANUAL,
            title=f"{self.service}:{self.stream.value}:claimer",
        )(claim)

    async def _claim_more(
        self, ids: list[bytes], entries: list[dict[bytes, bytes]], claimer: str
    ) -> tuple[list[bytes], list[dict[bytes, bytes]]]:
        """FastStream's claimer takes one entry per call; take the rest of a batch with it,
        so a crashed consumer's entries are redone in a few transactions, not one each."""
        if not ids or self.settings.batch_size <= 1:
            return ids, entries
        try:
            _, more, *_ = await self.publisher.redis.xautoclaim(
                self.key,
                self.group.value,
                claimer,
                min_idle_time=self.settings.claim_idle_ms,
                start_id=_after(ids[-1]),
                count=self.settings.batch_size - len(ids),
            )
        except redis_errors.RedisError as err:
            # The claimer's next round finds them; this batch goes on with what it has.
            log.warning(
                "claim.more_failed",
                extra={"stream": self.stream.value, "error": type(err).__name__},
            )
            return ids, entries
        for entry_id, fields in more:
            ids.append(entry_id)
            entries.append(fields)
        return ids, entries

    # -- one batch ------------------------------------------------------------------------

    async def handle(
        self, message_ids: Sequence[bytes], entries: Sequence[dict[bytes, bytes]], *, claimed: bool
    ) -> None:
        ids = [m.decode() for m in message_ids]
        started = time.perf_counter()
        now = self.clock.now()
        deliveries = await self._deliveries(ids) if claimed else {}
        dead: list[DlqEntry] = []
        valid: list[Item[T]] = []
        for entry_id, fields in zip(ids, entries, strict=True):
            if fields is None:  # deleted from the stream while pending: nothing to do
                dead.append(self._dead(entry_id, {}, "entry was deleted from the stream", 1, now))
                continue
            attempts = deliveries.get(entry_id, 1)
            if claimed and attempts > self.settings.max_deliveries:
                last = await self.publisher.redis.hget(self._errors_key, entry_id)
                reason = f"failed {attempts - 1} deliveries; last error: "
                reason += last.decode() if last else "unknown (consumer died or hung)"
                dead.append(self._dead(entry_id, fields, reason, attempts - 1, now))
                continue
            try:
                valid.append(Item(entry_id, self.decode(fields)))
            except wire.InvalidInput as exc:
                dead.append(self._dead(entry_id, fields, f"invalid input: {exc}", attempts, now))

        out = Outbox()
        done: list[str] = [d.entry_id for d in dead]
        if valid:
            done += await self._process_all(valid, out)
        await self._with_retry(
            lambda: self.publisher.send(
                out.events,
                dead=dead,
                ack=(self.stream, self.group, done),
                encoded=out.encoded,
                once=out.once,
            )
        )
        for callback in out.after_commit:
            callback()
        self._log_batch(ids, entries, valid, out, done, claimed=claimed, started=started)
        for entry in dead:
            metrics.dlq_entries.labels(self.service, entry.reason.split(":", 1)[0]).inc()
            log.warning(
                "dlq.entry",
                extra={
                    "stream": self.stream.value,
                    "entry_id": entry.entry_id,
                    "correlation_id": entry.payload.get("correlation_id"),
                    "reason": entry.reason[:300],
                },
            )
        if dead:
            await self.publisher.redis.hdel(self._errors_key, *[d.entry_id for d in dead])

    def _log_batch(
        self,
        ids: Sequence[str],
        entries: Sequence[dict[bytes, bytes] | None],
        valid: Sequence[Item[T]],
        out: Outbox,
        done: Sequence[str],
        *,
        claimed: bool,
        started: float,
    ) -> None:
        """One line per batch with the correlation ids it carried in and out (never texts or
        names), and at DEBUG one line per item, so a comment can be followed by its id."""
        if not log.isEnabledFor(logging.INFO):
            return  # the line below costs a pass over every item: only when it is kept
        incoming = [(e or {}).get(b"correlation_id") for e in entries]
        decoded = {i.entry_id: getattr(i.value, "correlation_id", None) for i in valid}
        if log.isEnabledFor(logging.DEBUG):
            finished = set(done)
            for entry_id, cid in zip(ids, incoming, strict=True):
                log.debug(
                    "item.processed" if entry_id in finished else "item.pending",
                    extra={
                        "stream": self.stream.value,
                        "entry_id": entry_id,
                        "correlation_id": (cid.decode() if cid else None) or decoded.get(entry_id),
                    },
                )
        log.info(
            "batch.processed",
            extra={
                "stream": self.stream.value,
                "group": self.group.value,
                "claimed": claimed,
                "size": len(ids),
                "acked": len(done),
                "published": len(out.events),
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "correlation_ids": correlation_ids(
                    [
                        *incoming,
                        *decoded.values(),
                        *(getattr(event, "correlation_id", None) for _, event in out.events),
                    ]
                ),
            },
        )

    async def _process_all(self, items: list[Item[T]], out: Outbox) -> list[str]:
        try:
            await self._with_retry(lambda: self._transaction(items, out))
            return [i.entry_id for i in items]
        except Exception as exc:
            if len(items) == 1:
                await self._remember_error(items[0].entry_id, exc)
                return []
            log.warning(
                "batch.failed_one_by_one", extra={"stream": self.stream.value, "size": len(items)}
            )
        done: list[str] = []
        for item in items:
            single = Outbox()
            try:
                await self._with_retry(
                    lambda item=item, single=single: self._transaction([item], single)
                )
            except Exception as exc:
                await self._remember_error(item.entry_id, exc)
                continue
            out.extend(single)
            done.append(item.entry_id)
        return done

    async def _transaction(self, items: Sequence[Item[T]], out: Outbox) -> None:
        attempt = Outbox()
        async with self.sessions() as session, session.begin():
            await self.process(items, session, attempt)
        out.extend(attempt)

    async def _with_retry(self, work: Callable[[], Awaitable[None]]) -> None:
        delay = _BACKOFF_START_S
        while True:
            try:
                await work()
                return
            except Exception as exc:
                if not is_transient(exc) or self.stopping:
                    raise
                log.warning(
                    "transient.retry",
                    extra={
                        "stream": self.stream.value,
                        "error": type(exc).__name__,
                        "delay_s": delay,
                    },
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, _BACKOFF_MAX_S)

    async def _remember_error(self, entry_id: str, exc: Exception) -> None:
        reason = f"{type(exc).__name__}: {exc}"[:500]
        # The exception's type only: its message may quote the input (a text, a name).
        log.error(
            "item.failed",
            extra={"stream": self.stream.value, "entry_id": entry_id, "error": type(exc).__name__},
        )
        try:
            await self.publisher.redis.hset(self._errors_key, entry_id, reason)
            await self.publisher.redis.expire(self._errors_key, _ERROR_TTL_S)
        except redis_errors.RedisError as err:
            # The entry itself stays pending; only its DLQ reason will say "unknown".
            log.warning(
                "item.error_not_recorded",
                extra={"stream": self.stream.value, "error": type(err).__name__},
            )

    async def _deliveries(self, ids: Sequence[str]) -> dict[str, int]:
        """How often each entry was delivered, with one ``XPENDING`` per claimed batch (the
        range may hold other consumers' entries too; an id it missed is asked alone)."""
        counts: dict[str, int] = {}
        wanted = set(ids)
        if not wanted:
            return counts
        ordered = sorted(wanted, key=_id_key)
        rows = await self.publisher.redis.xpending_range(
            self.key,
            self.group.value,
            min=ordered[0],
            max=ordered[-1],
            count=len(ordered) + _PENDING_SLACK,
        )
        for row in rows:
            entry_id = row["message_id"]
            entry_id = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
            if entry_id in wanted:
                counts[entry_id] = int(row["times_delivered"])
        for entry_id in ordered:
            if entry_id not in counts:
                rows = await self.publisher.redis.xpending_range(
                    self.key, self.group.value, min=entry_id, max=entry_id, count=1
                )
                counts[entry_id] = int(rows[0]["times_delivered"]) if rows else 1
        return counts

    def _dead(
        self, entry_id: str, fields: dict[bytes, bytes], reason: str, attempts: int, now: datetime
    ) -> DlqEntry:
        return DlqEntry(
            source_stream=self.key,
            entry_id=entry_id,
            service=self.service,
            reason=reason,
            attempts=attempts,
            payload=wire.printable(fields),
            at=now,
        )


async def report_lag(
    redis: aioredis.Redis,
    prefix: str,
    pairs: Sequence[tuple[Stream, Group]],
    interval_s: float = 5.0,
) -> None:
    """Export lag and pending per stream and group, for dashboards and autoscaling."""
    while True:
        for stream, group in pairs:
            try:
                for info in await redis.xinfo_groups(stream.key(prefix)):
                    name = (
                        info["name"].decode() if isinstance(info["name"], bytes) else info["name"]
                    )
                    if name != group.value:
                        continue
                    lag = info.get("lag")
                    metrics.consumer_lag.labels(stream.value, group.value).set(
                        lag if lag is not None else 0
                    )
                    metrics.consumer_pending.labels(stream.value, group.value).set(info["pending"])
            except redis_errors.RedisError as err:
                # Redis restarting: the gauges keep their last value until the next round.
                log.debug(
                    "lag.not_reported", extra={"stream": stream.value, "error": type(err).__name__}
                )
        await asyncio.sleep(interval_s)
