"""The reference Meta connector (``webcare connect meta``).

Reads ``replies.outbound`` and ``moderation.outbound`` in its own consumer group, makes the
Graph API call for Facebook and Instagram, and reports each reply on ``cases.updates``:
``published`` with the platform's id and the real publication time (that stops the SLA
clock), or ``failed`` with Meta's reason (an agent can approve it again to retry).

Effectively once: the platform id of every posted reply is recorded in Redis the moment
the call returns, so a redelivered entry reports again instead of posting twice; a reply
that was cancelled (its comment was removed by its author) or already published is never
posted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import uvicorn
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics, wire
from shared.db import Case, Reply
from shared.events import CaseUpdate, DlqEntry, ModerationRequested, ReplyOutbound
from shared.runtime import Item, Outbox
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream
from webcare.connectors.graph import GraphClient, GraphFailure
from webcare.connectors.meta_calls import moderation_call, platform_id, reply_call

SERVICE = "connector-meta"
DEFAULT_PORT = 8010
ACTOR = "connector:meta"
#: Reply states in which nothing may be posted any more.
_NEVER_POST = frozenset({"cancelled", "rejected"})
_POSTED_TTL_S = 30 * 24 * 3600

log = logging.getLogger("webcare.connectors.meta")


def decode_reply(fields: dict[bytes, bytes]) -> ReplyOutbound:
    return wire.parse(ReplyOutbound, fields)


def decode_moderation(fields: dict[bytes, bytes]) -> ModerationRequested:
    return wire.parse(ModerationRequested, fields)


class MetaConnector:
    def __init__(self, rt: Runtime, graph: GraphClient) -> None:
        self.rt = rt
        self.graph = graph
        self.posted_key = f"{rt.settings.stream_prefix}.{SERVICE}.posted"

    async def replies(
        self, items: Sequence[Item[ReplyOutbound]], session: AsyncSession, out: Outbox
    ) -> None:
        for item in items:
            await self._reply(item, session, out)

    async def _reply(self, item: Item[ReplyOutbound], session: AsyncSession, out: Outbox) -> None:
        reply = item.value
        call = reply_call(reply)
        if call is None:
            return  # another platform: another connector's work
        stored = (
            await session.execute(
                select(Reply.status, Reply.platform_reply_id).where(Reply.id == reply.reply_id)
            )
        ).first()
        case_status = await session.scalar(select(Case.status).where(Case.id == reply.case_id))
        if (
            stored is not None and stored.status in _NEVER_POST
        ) or case_status == "removed_by_author":
            # Nothing is ever posted under a deleted comment, nor a reply taken back.
            metrics.connector_calls.labels("meta", call.operation, "skipped").inc()
            log.info("reply.skipped", extra={"reply_id": str(reply.reply_id)})
            return
        known = await self.rt.redis.hget(self.posted_key, str(reply.reply_id))
        if known is None and stored is not None and stored.status == "published":
            known = (stored.platform_reply_id or "").encode()
        if known is not None:
            self._published(reply, known.decode() or None, out)
            return
        try:
            answer = await self.graph.call(call)
        except GraphFailure as exc:
            out.publish(
                Stream.CASES_UPDATES,
                CaseUpdate(
                    type="failed",
                    case_id=reply.case_id,
                    reply_id=reply.reply_id,
                    # One failure per outbound entry: a re-approved reply can fail again.
                    update_id=f"meta:failed:{item.entry_id}",
                    actor=ACTOR,
                    reason=f"{call.operation}: {exc.reason}",
                    at=self.rt.clock.now(),
                ),
            )
            log.warning("reply.failed", extra={"reply_id": str(reply.reply_id)})
            return
        posted = platform_id(answer)
        # Recorded before anything else can fail: a redelivery must not post again.
        await self.rt.redis.hset(self.posted_key, str(reply.reply_id), posted or "")
        await self.rt.redis.expire(self.posted_key, _POSTED_TTL_S)
        self._published(reply, posted, out)

    def _published(self, reply: ReplyOutbound, posted: str | None, out: Outbox) -> None:
        out.publish(
            Stream.CASES_UPDATES,
            CaseUpdate(
                type="published",
                case_id=reply.case_id,
                reply_id=reply.reply_id,
                update_id=f"meta:published:{reply.reply_id}",
                actor=ACTOR,
                platform_reply_id=posted,
                at=self.rt.clock.now(),
            ),
        )

    async def moderation(
        self, items: Sequence[Item[ModerationRequested]], session: AsyncSession, out: Outbox
    ) -> None:
        for item in items:
            call = moderation_call(item.value)
            if call is None:
                continue
            try:
                await self.graph.call(call)
            except GraphFailure as exc:
                # No case to report to: the DLQ keeps it, and ``webcare dlq replay`` retries it.
                out.publish(
                    Stream.DLQ,
                    DlqEntry(
                        source_stream=Stream.MODERATION_OUTBOUND.key(
                            self.rt.settings.stream_prefix
                        ),
                        entry_id=item.entry_id,
                        service=SERVICE,
                        reason=f"graph {call.operation}: {exc.reason}",
                        attempts=1,
                        payload={"data": item.value.model_dump_json()},
                        at=self.rt.clock.now(),
                    ),
                )
                out.on_commit(lambda: metrics.dlq_entries.labels(SERVICE, "graph").inc())


def create_app(rt: Runtime | None = None) -> tuple[FastAPI, Runtime]:
    rt = rt or bootstrap(SERVICE)
    settings = rt.settings
    if settings.meta_page_token is None:
        raise SystemExit(
            "the Meta connector needs a page access token: set WEBCARE_META_PAGE_TOKEN"
        )
    graph = GraphClient(
        base_url=settings.graph_api_base_url,
        token=settings.meta_page_token.get_secret_value(),
        timeout_s=settings.platform_timeout_s,
        attempts=settings.platform_retry_attempts,
        backoff_s=settings.platform_retry_base_s,
    )
    connector = MetaConnector(rt, graph)
    rt.consume(Stream.REPLIES_OUTBOUND, Group.CONNECTOR_META, decode_reply, connector.replies)
    rt.consume(
        Stream.MODERATION_OUTBOUND, Group.CONNECTOR_META, decode_moderation, connector.moderation
    )

    async def close_graph(_: Runtime) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await graph.aclose()

    app = FastAPI(title="webcare connector: meta", version="1")
    return build_app(rt, tasks=[close_graph], app=app), rt


def run(port: int | None = None) -> None:
    """Serve the connector (``/healthz``, ``/metrics``) until SIGTERM or Ctrl-C."""
    app, rt = create_app()
    uvicorn.run(
        app,
        host=rt.settings.host,
        port=port or rt.settings.port or DEFAULT_PORT,
        log_config=None,
        timeout_graceful_shutdown=20,
    )


if __name__ == "__main__":
    run()
