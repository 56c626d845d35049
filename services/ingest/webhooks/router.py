"""``/webhooks/*`` and ``/v1/import/youtube``: platform events in, comments on the stream.

Order of every POST: secret configured (else 503 naming the variable), signature or token
checked on the raw bytes in constant time (else 401, counted, nothing parsed), then JSON,
then the platform's normaliser (an unknown shape is 400 with the body kept in the DLQ),
then one pipelined write to ``comments.inbound``. Classification and everything after it
happen behind the stream, so the platform gets its answer at once.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from services.ingest.webhooks import google_business, meta, trustpilot, x, youtube
from services.ingest.webhooks.clients import FetchError, fetch_mention, fetch_review
from services.ingest.webhooks.common import (
    Dead,
    Normalised,
    ShapeError,
    same,
    signature_b64,
    signature_hex,
)
from services.ingest.webhooks.edge import BodyTooLarge, Edge, text_response
from shared.service import Runtime

#: Fetches made while the platform waits for our answer must stay short.
_WEBHOOK_FETCH_TIMEOUT_S = 5.0


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ShapeError("body is not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise ShapeError(f"malformed JSON: {exc.msg} at position {exc.pos}") from exc


def build_webhook_router(rt: Runtime) -> APIRouter:
    router = APIRouter(tags=["webhooks"])
    edge = Edge(rt)
    settings = rt.settings

    async def read(platform: str, request: Request) -> bytes | JSONResponse:
        try:
            return await edge.body(request)
        except BodyTooLarge:
            return edge.too_large(platform)

    # -- Meta -------------------------------------------------------------------------------

    @router.get("/webhooks/meta", response_class=Response)
    async def meta_handshake(
        mode: Annotated[str | None, Query(alias="hub.mode")] = None,
        challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
        verify_token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    ) -> Response:
        """Subscription check: echo ``hub.challenge`` when the verify token matches."""
        if settings.meta_verify_token is None:
            return edge.disabled("meta", "WEBCARE_META_VERIFY_TOKEN")
        if mode != "subscribe" or challenge is None:
            return JSONResponse({"detail": "expected hub.mode=subscribe and hub.challenge"}, 403)
        if not edge.token_matches(settings.meta_verify_token, verify_token):
            return edge.unauthorized("meta", "bad_verify_token", status=403)
        return text_response(challenge)

    @router.post("/webhooks/meta")
    async def meta_events(request: Request) -> Any:
        """Facebook Page ``feed`` comments and Instagram ``comments`` / ``mentions``."""
        if settings.meta_app_secret is None:
            return edge.disabled("meta", "WEBCARE_META_APP_SECRET")
        body = await read("meta", request)
        if isinstance(body, JSONResponse):
            return body
        given = request.headers.get("x-hub-signature-256")
        if not given:
            return edge.unauthorized("meta", "missing_signature")
        expected = signature_hex(settings.meta_app_secret.get_secret_value(), body)
        if not same(expected, given.lower()):
            return edge.unauthorized("meta", "bad_signature")
        try:
            result, mentions = meta.normalise(_parse(body), brand_ids=settings.brand_ids())
        except ShapeError as exc:
            return await edge.bad_shape("meta", "/webhooks/meta", str(exc), body, request)
        dead = await _mentions(mentions, result) if mentions else []
        return await edge.accept("meta", "/webhooks/meta", result, extra_dead=dead)

    async def _mentions(mentions: list[meta.Mention], result: Normalised) -> list[Dead]:
        if settings.meta_page_token is None:
            return [
                Dead(
                    "instagram mention: set WEBCARE_META_PAGE_TOKEN to fetch its text", m.describe()
                )
                for m in mentions
            ]
        token = settings.meta_page_token.get_secret_value()
        async with httpx.AsyncClient(
            timeout=min(settings.platform_timeout_s, _WEBHOOK_FETCH_TIMEOUT_S)
        ) as http:
            answers = await asyncio.gather(
                *(
                    fetch_mention(
                        http, base_url=settings.graph_api_base_url, token=token, mention=m
                    )
                    for m in mentions
                ),
                return_exceptions=True,
            )
        dead: list[Dead] = []
        for mention, answer in zip(mentions, answers, strict=True):
            if isinstance(answer, FetchError):
                dead.append(Dead(f"instagram mention: {answer.reason}", mention.describe()))
            elif isinstance(answer, BaseException):
                raise answer
            else:
                comment = meta.mention_comment(mention, answer)
                if isinstance(comment, Dead):
                    dead.append(comment)
                else:
                    result.comments.append(comment)
        return dead

    # -- X ----------------------------------------------------------------------------------

    @router.get("/webhooks/x")
    async def x_crc(crc_token: str | None = None) -> Any:
        """The CRC check X makes at registration and then regularly."""
        if settings.x_consumer_secret is None:
            return edge.disabled("x", "WEBCARE_X_CONSUMER_SECRET")
        if not crc_token:
            return JSONResponse({"detail": "crc_token is required"}, status_code=400)
        return x.crc_response(crc_token, settings.x_consumer_secret.get_secret_value())

    @router.post("/webhooks/x")
    async def x_events(request: Request) -> Any:
        """Account Activity: ``tweet_create_events`` (and deletes) become comments."""
        if settings.x_consumer_secret is None:
            return edge.disabled("x", "WEBCARE_X_CONSUMER_SECRET")
        body = await read("x", request)
        if isinstance(body, JSONResponse):
            return body
        given = request.headers.get("x-twitter-webhooks-signature")
        if not given:
            return edge.unauthorized("x", "missing_signature")
        expected = signature_b64(settings.x_consumer_secret.get_secret_value(), body)
        if not same(expected, given):
            return edge.unauthorized("x", "bad_signature")
        try:
            result = x.normalise(_parse(body), brand_ids=settings.brand_ids())
        except ShapeError as exc:
            return await edge.bad_shape("x", "/webhooks/x", str(exc), body, request)
        return await edge.accept("x", "/webhooks/x", result)

    # -- Trustpilot -------------------------------------------------------------------------

    @router.post("/webhooks/trustpilot")
    async def trustpilot_events(
        request: Request, token: str | None = None, business_unit: str | None = None
    ) -> Any:
        """Service-review events; Trustpilot signs nothing, so the URL carries a secret."""
        if settings.trustpilot_token is None:
            return edge.disabled("trustpilot", "WEBCARE_TRUSTPILOT_TOKEN")
        if not token:
            return edge.unauthorized("trustpilot", "missing_token")
        if not edge.token_matches(settings.trustpilot_token, token):
            return edge.unauthorized("trustpilot", "bad_token")
        body = await read("trustpilot", request)
        if isinstance(body, JSONResponse):
            return body
        try:
            result = trustpilot.normalise(_parse(body), business_unit=business_unit)
        except ShapeError as exc:
            return await edge.bad_shape(
                "trustpilot", "/webhooks/trustpilot", str(exc), body, request
            )
        return await edge.accept("trustpilot", "/webhooks/trustpilot", result)

    # -- Google Business Profile ------------------------------------------------------------

    @router.post("/webhooks/google-business")
    async def google_business_events(request: Request, token: str | None = None) -> Any:
        """Pub/Sub push of review notifications; a 2xx acknowledges, anything else redelivers."""
        path = "/webhooks/google-business"
        if settings.google_push_token is None:
            return edge.disabled("google_business", "WEBCARE_GOOGLE_PUSH_TOKEN")
        scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
        given = bearer if scheme.lower() == "bearer" else token
        if not given:
            return edge.unauthorized("google_business", "missing_token")
        if not edge.token_matches(settings.google_push_token, given):
            return edge.unauthorized("google_business", "bad_token")
        body = await read("google_business", request)
        if isinstance(body, JSONResponse):
            return body
        try:
            note = google_business.parse_push(_parse(body))
            if note.type is not None and note.type not in google_business.REVIEW_TYPES:
                return await edge.accept(
                    "google_business", path, Normalised(ignored=[f"notification {note.type}"])
                )
            if note.review is None and note.review_name is None:
                raise ShapeError("review notification without a review name")
        except ShapeError as exc:
            return await edge.bad_shape("google_business", path, str(exc), body, request)
        review = note.review
        if review is None:
            if settings.google_business_access_token is None:
                # Not acknowledged: Pub/Sub keeps it and redelivers once the token is set.
                return JSONResponse(
                    {"detail": "cannot fetch the review: set WEBCARE_GOOGLE_BUSINESS_ACCESS_TOKEN"},
                    status_code=503,
                )
            try:
                async with httpx.AsyncClient(
                    timeout=min(settings.platform_timeout_s, _WEBHOOK_FETCH_TIMEOUT_S)
                ) as http:
                    review = await fetch_review(
                        http,
                        base_url=settings.google_business_api_base_url,
                        token=settings.google_business_access_token.get_secret_value(),
                        review_name=str(note.review_name),
                    )
            except FetchError as exc:
                if exc.retryable:
                    return JSONResponse({"detail": exc.reason}, status_code=503)
                result = Normalised(
                    dead=[
                        Dead(
                            f"review fetch: {exc.reason}",
                            {"review_name": note.review_name, "message_id": note.message_id},
                        )
                    ]
                )
                return await edge.accept("google_business", path, result)
        comment = google_business.review_comment(review if isinstance(review, dict) else {}, note)
        if isinstance(comment, str):
            result = Normalised(dead=[Dead(comment, review)])
        else:
            result = Normalised(comments=[comment])
        return await edge.accept("google_business", path, result)

    # -- YouTube (an import: YouTube has no comment webhooks) -------------------------------

    @router.post("/v1/import/youtube", status_code=202)
    async def youtube_import(request: Request, owned_channel: bool = True) -> Any:
        """A ``commentThreads.list`` response, as polled by the integrator."""
        expected = settings.api_token
        if expected is None:
            return JSONResponse({"detail": "the API is disabled: set WEBCARE_API_TOKEN"}, 503)
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not edge.token_matches(expected, given):
            return JSONResponse(
                {"detail": "missing or wrong bearer token"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        body = await read("youtube", request)
        if isinstance(body, JSONResponse):
            return body
        try:
            result = youtube.normalise(
                _parse(body), brand_ids=settings.brand_ids(), owned_channel=owned_channel
            )
        except ShapeError as exc:
            return await edge.bad_shape("youtube", "/v1/import/youtube", str(exc), body, request)
        return JSONResponse(await edge.accept("youtube", "/v1/import/youtube", result), 202)

    return router
