"""Ingest wiring: the HTTP edge and the ``comments.inbound`` consumer."""

from __future__ import annotations

from fastapi import FastAPI

from services.ingest.api import build_router
from services.ingest.handlers import make_decoder, store_comments
from services.ingest.insights_api import build_insights_router
from services.ingest.limits import install_rate_limit
from services.ingest.privacy import build_privacy_router
from services.ingest.webhooks.router import build_webhook_router
from shared import metrics
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream


def create_app(rt: Runtime | None = None) -> tuple[FastAPI, Runtime]:
    rt = rt or bootstrap("ingest")
    rt.consume(Stream.COMMENTS_INBOUND, Group.INGEST, make_decoder(rt.settings), store_comments)
    app = FastAPI(
        title="webcare ingest",
        description="The HTTP edge of webcare: comments in, the whole story out.",
        version="1",
    )
    app.include_router(build_router(rt))
    app.include_router(build_privacy_router(rt))
    app.include_router(build_insights_router(rt))
    install_rate_limit(app, rt.settings)
    metrics.initialise("ingest")
    app.include_router(build_webhook_router(rt))
    return build_app(rt, app=app), rt
