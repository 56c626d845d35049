"""The HTTP edge: ``/v1/*`` for integrators and agents (bearer token)."""

from __future__ import annotations

import hmac
import json
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from services.ingest.handlers import validate_comment
from shared import metrics, wire
from shared.events import PLATFORMS, CaseUpdate
from shared.moderation import unhide
from shared.queries import comment_story, list_cases
from shared.runtime import Outbox
from shared.service import Runtime
from shared.streams import Stream


class Accepted(BaseModel):
    platform: str
    external_id: str
    version: str
    entry_id: str
    correlation_id: str


class AcceptedComments(BaseModel):
    accepted: list[Accepted]


class AcceptedUpdate(BaseModel):
    case_id: str
    entry_id: str


def _field_errors(exc: ValidationError, index: int | None = None) -> list[dict[str, Any]]:
    errors = []
    for err in exc.errors():
        entry: dict[str, Any] = {
            "field": ".".join(str(p) for p in err["loc"]) or "(body)",
            "message": err["msg"],
        }
        if index is not None:
            entry["index"] = index
        errors.append(entry)
    return errors


def _reject(status: int, errors: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": errors})


async def _body(request: Request, limit: int) -> bytes | JSONResponse:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return _reject(413, [{"field": "(body)", "message": f"body larger than {limit} bytes"}])
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return _reject(413, [{"field": "(body)", "message": f"body larger than {limit} bytes"}])
    return body


def _json(body: bytes) -> Any | JSONResponse:
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return _reject(400, [{"field": "(body)", "message": "body is not valid UTF-8"}])
    except json.JSONDecodeError as exc:
        return _reject(
            400,
            [{"field": "(body)", "message": f"malformed JSON: {exc.msg} at position {exc.pos}"}],
        )


def token_check(rt: Runtime) -> Callable[[Request], None]:
    """The ``/v1/*`` bearer-token dependency (shared with the privacy routes)."""

    def require_token(request: Request) -> None:
        expected = rt.settings.api_token
        if expected is None:
            raise HTTPException(503, "the API is disabled: set WEBCARE_API_TOKEN")
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.encode(), expected.get_secret_value().encode()
        ):
            raise HTTPException(
                401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
            )

    return require_token


def no_nul(request: Request) -> None:
    """Postgres text cannot hold NUL: refuse it at the edge instead of failing deep inside."""
    for name, value in [*request.query_params.multi_items(), *request.path_params.items()]:
        if "\x00" in str(value) or "\x00" in name:
            raise HTTPException(
                422, [{"field": name, "message": "must not contain NUL characters"}]
            )


def build_router(rt: Runtime) -> APIRouter:
    router = APIRouter(prefix="/v1", dependencies=[Depends(token_check(rt)), Depends(no_nul)])

    @router.post(
        "/comments",
        status_code=202,
        response_model=AcceptedComments,
        responses={400: {}, 413: {}, 422: {}},
    )
    async def post_comments(request: Request) -> Any:
        """One comment or a list in the public input schema; all are accepted or none."""
        body = await _body(request, rt.settings.max_body_bytes)
        if isinstance(body, JSONResponse):
            return body
        data = _json(body)
        if isinstance(data, JSONResponse):
            return data
        items = data if isinstance(data, list) else [data]
        if not items:
            return _reject(422, [{"field": "(body)", "message": "empty list"}])
        comments = []
        errors: list[dict[str, Any]] = []
        for index, item in enumerate(items):
            where = index if isinstance(data, list) else None
            if not isinstance(item, dict):
                errors.append(
                    {"field": "(body)", "message": "expected a JSON object", "index": where}
                )
                continue
            try:
                comments.append(validate_comment(item, rt.settings))
            except wire.InvalidInput as exc:
                cause = exc.__cause__
                if isinstance(cause, ValidationError):
                    errors += _field_errors(cause, where)
                else:
                    errors.append(
                        {"field": "text", "message": str(exc).split(": ", 1)[-1], "index": where}
                    )
                platform = item.get("platform")
                label = (
                    platform if isinstance(platform, str) and platform in PLATFORMS else "unknown"
                )
                metrics.comments_ingested.labels(label, "invalid").inc()
        if errors:
            return _reject(422, [{k: v for k, v in e.items() if v is not None} for e in errors])
        key = Stream.COMMENTS_INBOUND.key(rt.settings.stream_prefix)
        correlation_ids = [uuid.uuid4().hex for _ in comments]
        async with rt.redis.pipeline(transaction=False) as pipe:
            for comment, cid in zip(comments, correlation_ids, strict=True):
                payload = comment.model_dump(mode="json", exclude_none=True)
                payload["correlation_id"] = cid
                pipe.xadd(key, {"data": json.dumps(payload), "correlation_id": cid})
            entry_ids = await pipe.execute()
        return AcceptedComments(
            accepted=[
                Accepted(
                    platform=c.platform,
                    external_id=c.external_id,
                    version=c.content_version(),
                    entry_id=e.decode() if isinstance(e, bytes) else str(e),
                    correlation_id=cid,
                )
                for c, e, cid in zip(comments, entry_ids, correlation_ids, strict=True)
            ]
        )

    @router.post("/cases/{case_id}/updates", status_code=202, response_model=AcceptedUpdate)
    async def post_case_update(case_id: uuid.UUID, request: Request) -> Any:
        """The same events as the ``cases.updates`` stream; ``case_id`` comes from the path."""
        body = await _body(request, rt.settings.max_body_bytes)
        if isinstance(body, JSONResponse):
            return body
        data = _json(body)
        if isinstance(data, JSONResponse):
            return data
        if not isinstance(data, dict):
            return _reject(422, [{"field": "(body)", "message": "expected a JSON object"}])
        if "case_id" in data and str(data["case_id"]) != str(case_id):
            return _reject(
                422, [{"field": "case_id", "message": "differs from the case id in the path"}]
            )
        try:
            update = CaseUpdate.model_validate({**data, "case_id": str(case_id)})
        except ValidationError as exc:
            return _reject(422, _field_errors(exc))
        key = Stream.CASES_UPDATES.key(rt.settings.stream_prefix)
        entry_id = await rt.redis.xadd(key, {"data": update.model_dump_json(exclude_none=True)})
        return AcceptedUpdate(case_id=str(case_id), entry_id=entry_id.decode())

    @router.get("/comments/{platform}/{external_id}")
    async def get_comment(platform: str, external_id: str) -> Any:
        """Everything known: comment versions, classification, decision, case, SLA, replies, history."""
        async with rt.sessions() as session:
            story = await comment_story(session, platform, external_id)
        if story is None:
            raise HTTPException(404, f"no comment {platform}/{external_id}")
        return story

    @router.post("/comments/{platform}/{external_id}/unhide", status_code=202)
    async def post_unhide(platform: str, external_id: str, request: Request) -> Any:
        """Undo a hide: an unhide request on ``moderation.outbound``, recorded in the history."""
        body = await _body(request, rt.settings.max_body_bytes)
        if isinstance(body, JSONResponse):
            return body
        data = _json(body) if body.strip() else {}
        if isinstance(data, JSONResponse):
            return data
        if not isinstance(data, dict):
            return _reject(422, [{"field": "(body)", "message": "expected a JSON object"}])
        reason, actor = data.get("reason", "undone by a person"), data.get("actor", "api")
        if not isinstance(reason, str) or not isinstance(actor, str):
            return _reject(
                422, [{"field": "reason", "message": "reason and actor must be strings"}]
            )
        out = Outbox()
        try:
            async with rt.sessions() as session, session.begin():
                sent = await unhide(
                    session,
                    out,
                    platform=platform,
                    external_id=external_id,
                    reason=reason[:500],
                    actor=actor[:128],
                    now=rt.clock.now(),
                )
                await rt.publisher.send(out.events)
        except LookupError as exc:
            raise HTTPException(404, str(exc)) from exc
        return {
            "request": sent.request,
            "platform": platform,
            "external_id": external_id,
            "rule": sent.rule,
        }

    @router.get("/cases")
    async def get_cases(
        status: Annotated[str, Query(description="open (default), all, or one status")] = "open",
        priority: Literal["critical", "high", "normal", "low"] | None = None,
        assignee: str | None = None,
        overdue: bool | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Any:
        """Cases ordered by deadline, filterable by status, priority, assignee and overdue."""
        async with rt.sessions() as session:
            cases = await list_cases(
                session,
                now=rt.clock.now(),
                status=status,
                priority=priority,
                assignee=assignee,
                overdue=overdue,
                limit=limit,
                offset=offset,
            )
        return {"cases": cases, "count": len(cases)}

    return router
