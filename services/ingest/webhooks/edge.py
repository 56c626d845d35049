"""The webhook edge's I/O: read the raw body, refuse, keep what failed, publish comments.

Every platform endpoint goes through here, so refusals are counted the same way and nothing
a platform sent is dropped: comments go to ``comments.inbound`` (the same entries as
``POST /v1/comments``), anything unusable goes to the DLQ with the raw body.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import SecretStr

from services.ingest.handlers import validate_comment
from services.ingest.webhooks.common import Dead, Normalised, same
from shared import metrics, wire
from shared.events import DlqEntry
from shared.service import Runtime
from shared.streams import Stream

log = logging.getLogger("webcare.webhooks")


class BodyTooLarge(Exception):
    pass


class Edge:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def body(self, request: Request) -> bytes:
        """The raw bytes, exactly as signed: never re-serialised before the HMAC."""
        limit = self.rt.settings.max_body_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise BodyTooLarge
        return body

    def too_large(self, platform: str) -> JSONResponse:
        metrics.webhook_rejected.labels(platform, "too_large").inc()
        limit = self.rt.settings.max_body_bytes
        return JSONResponse({"detail": f"body larger than {limit} bytes"}, status_code=413)

    @staticmethod
    def disabled(platform: str, variable: str) -> JSONResponse:
        """An unset secret switches the webhook off: never verify with an empty key."""
        metrics.webhook_rejected.labels(platform, "disabled").inc()
        return JSONResponse(
            {"detail": f"the {platform} webhook is disabled: set {variable}"}, status_code=503
        )

    @staticmethod
    def unauthorized(platform: str, reason: str, *, status: int = 401) -> JSONResponse:
        """Counted, logged without the body, and nothing of the request is processed."""
        metrics.webhook_rejected.labels(platform, reason).inc()
        log.warning("webhook.rejected", extra={"platform": platform, "reason": reason})
        return JSONResponse({"detail": reason.replace("_", " ")}, status_code=status)

    @staticmethod
    def token_matches(secret: SecretStr, given: str | None) -> bool:
        return same(secret.get_secret_value(), given)

    def _dead(self, path: str, reason: str, payload: dict[str, str]) -> DlqEntry:
        return DlqEntry(
            source_stream=f"webhook:{path}",
            entry_id=f"webhook-{uuid.uuid4().hex}",
            service="ingest",
            reason=reason,
            attempts=1,
            payload=payload,
            at=self.rt.clock.now(),
        )

    async def bad_shape(
        self, platform: str, path: str, reason: str, body: bytes, request: Request
    ) -> JSONResponse:
        """400 with the reason; the raw body (and its signature) are kept in the DLQ."""
        payload = {"body": body.decode("utf-8", "replace"), "path": path, "platform": platform}
        for header in ("x-hub-signature-256", "x-twitter-webhooks-signature", "content-type"):
            if header in request.headers:
                payload[header] = request.headers[header]
        entry = self._dead(path, f"unknown shape: {reason}", payload)
        await self.rt.redis.xadd(
            Stream.DLQ.key(self.rt.settings.stream_prefix),
            wire.encode(entry),  # type: ignore[arg-type]
            maxlen=self.rt.settings.stream_maxlen,
            approximate=True,
        )
        metrics.webhook_rejected.labels(platform, "bad_shape").inc()
        metrics.dlq_entries.labels("ingest", "unknown shape").inc()
        log.warning("webhook.bad_shape", extra={"platform": platform, "reason": reason[:200]})
        return JSONResponse({"detail": reason, "dlq_entry": entry.entry_id}, status_code=400)

    async def accept(
        self, platform: str, path: str, result: Normalised, *, extra_dead: Sequence[Dead] = ()
    ) -> dict[str, Any]:
        """Validate each comment, then publish comments and DLQ entries in one MULTI."""
        settings = self.rt.settings
        dead = list(result.dead) + list(extra_dead)
        rows: list[tuple[dict[str, Any], Any]] = []
        for data in result.comments:
            try:
                rows.append((data, validate_comment(data, settings)))
            except wire.InvalidInput as exc:
                dead.append(Dead(f"invalid comment: {exc}", data))
        inbound = Stream.COMMENTS_INBOUND.key(settings.stream_prefix)
        entries = [
            self._dead(
                path,
                d.reason,
                {
                    "fragment": json.dumps(d.fragment, ensure_ascii=False, default=str),
                    "platform": platform,
                },
            )
            for d in dead
        ]
        accepted: list[dict[str, str]] = []
        async with self.rt.redis.pipeline(transaction=True) as pipe:
            for _, comment in rows:
                cid = uuid.uuid4().hex
                payload = comment.model_dump(mode="json", exclude_none=True)
                payload["correlation_id"] = cid
                pipe.xadd(
                    inbound,
                    {"data": json.dumps(payload, ensure_ascii=False), "correlation_id": cid},
                )
                accepted.append(
                    {
                        "platform": comment.platform,
                        "external_id": comment.external_id,
                        "kind": comment.kind,
                        "version": comment.content_version(),
                        "correlation_id": cid,
                    }
                )
            for entry in entries:
                pipe.xadd(
                    Stream.DLQ.key(settings.stream_prefix),
                    wire.encode(entry),  # type: ignore[arg-type]
                    maxlen=settings.stream_maxlen,
                    approximate=True,
                )
            ids = await pipe.execute() if rows or entries else []
        for item, entry_id in zip(accepted, ids, strict=False):
            item["entry_id"] = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
        counts = {
            "accepted": len(accepted),
            "own": result.own,
            "ignored": len(result.ignored),
            "dead": len(entries),
        }
        for outcome, n in counts.items():
            if n:
                metrics.webhook_events.labels(platform, outcome).inc(n)
        if entries:
            metrics.dlq_entries.labels("ingest", "webhook event").inc(len(entries))
        log.info("webhook.accepted", extra={"platform": platform, **counts})
        return {**counts, "comments": accepted, "dlq_entries": [e.entry_id for e in entries]}


def text_response(body: str) -> Response:
    return Response(body, media_type="text/plain")
